"""5.10 Batch normalization from scratch. Book: d2l-zh v1 §5.10 (batch_norm, BatchNorm)."""
from mxnet import autograd, init, nd
from mxnet.gluon import nn


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Normalize X with batch statistics (training) or moving ones (prediction); return (Y, mean, var)."""
    if not autograd.is_training():
        X_hat = (X - moving_mean) / nd.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)
        else:
            # per channel over (batch, height, width); keepdims so it broadcasts over X
            mean = X.mean(axis=(0, 2, 3), keepdims=True)
            var = ((X - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
        X_hat = (X - mean) / nd.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean, moving_var


class BatchNorm(nn.Block):
    """Scratch BN layer; a plain Block because batch_norm branches on autograd.is_training() (not hybrid-safe).

    STATE names the plain-NDArray attributes a checkpoint must hold besides the parameters
    (models.checkpoint.block_state).
    """

    STATE = ("moving_mean", "moving_var")

    def __init__(self, num_features, num_dims, **kwargs):
        super(BatchNorm, self).__init__(**kwargs)
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = self.params.get('gamma', shape=shape, init=init.One())
        self.beta = self.params.get('beta', shape=shape, init=init.Zero())
        # Plain NDArrays, not Parameters; zeros for both, unlike nn.BatchNorm's running_var of ones.
        self.moving_mean = nd.zeros(shape)
        self.moving_var = nd.zeros(shape)

    def forward(self, X):
        if self.moving_mean.context != X.context:
            self.moving_mean = self.moving_mean.copyto(X.context)
            self.moving_var = self.moving_var.copyto(X.context)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma.data(), self.beta.data(), self.moving_mean, self.moving_var, eps=1e-5, momentum=0.9)
        return Y
