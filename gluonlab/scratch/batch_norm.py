"""5.10 Batch normalization from scratch. Book: d2l-zh v1 §5.10 (batch_norm, BatchNorm).

The book's equations, in the book's order: in training, the batch mean and biased variance of each feature
(dense input, (N, C)) or of each channel over batch, height and width (convolutional input, (N, C, H, W)),
X_hat = (X - mean) / sqrt(var + eps), Y = gamma * X_hat + beta, and the moving averages
moving = momentum * moving + (1 - momentum) * batch statistic (from the book's zeros, momentum 0.9 in the
block); in prediction, the moving statistics. The gradients are autograd's chain rule through that same graph.

Only the operators differ. Written as in the book (gluonlab/reference/book_batch_norm.py, kept as the oracle),
a training call on LeNet-BN's first BN layer, (256, 6, 24, 24), takes 120-220 ms forward and backward on one
core of the 2-core VM, nn.BatchNorm 3-5 ms, this one about 5 ms: MXNet reduces over axes (0, 2, 3) slowly, and
the backward of every broadcast operation (X - mean, / sqrt(var + eps), gamma *, + beta) is such a reduction;
even a contiguous X.sum(axis=-1) is about 20 times slower than the same sums as a matrix-vector product. So here
- per-channel sums are matrix-vector products with ones (over W, H, then the batch), whose backward is an
  outer product;
- per-channel values are spread over their elements by outer products with ones, whose backward is a
  matrix-vector product, so the full-size operations are all elementwise on same-shape arrays;
- gamma * X_hat + beta is computed as (X - mean) * (gamma / sqrt(var + eps)) + beta: the same values up to
  float32 rounding, one full-size product and its backward fewer;
- the block runs that training computation as one cached graph (a hybridized child block, `normalize` with
  F=symbol); the function batch_norm runs the same code with F=nd.
tests/test_batch_norm.py checks outputs, gradients and moving statistics against the book's code within float32
rounding; `gluonlab bench --workload batch_norm` times the book's layer, this one and nn.BatchNorm.
"""
from mxnet import autograd, init, nd
from mxnet.gluon import nn

_CONSTANTS = {}


def constants(shape, ctx):
    """The constant inputs of `normalize` for an input of this shape: 1/m (m elements per channel), ones (N,),
    ones (N, 1), and for convolutional input ones (W,), ones (H,) and ones (1, H, W). Cached; never written to."""
    key = (tuple(shape), ctx)
    if key not in _CONSTANTS:
        N, C = shape[:2]
        m = N
        for d in shape[2:]:
            m *= d
        arrays = [nd.full((1,), 1.0 / m, ctx=ctx), nd.ones((N,), ctx=ctx), nd.ones((N, 1), ctx=ctx)]
        if len(shape) == 4:
            H, W = shape[2:]
            arrays += [nd.ones((W,), ctx=ctx), nd.ones((H,), ctx=ctx), nd.ones((1, H, W), ctx=ctx)]
        _CONSTANTS[key] = arrays
    return _CONSTANTS[key]


def normalize(F, X, gamma, beta, inv_m, ones_N, ones_N1, ones_W=None, ones_H=None, ones_1HW=None, eps=1e-5):
    """Training-mode batch normalization with operator module F (nd or symbol): (Y, mean, var), mean and var
    shaped (C,). Every full-size array keeps X's shape ((N, C) dense, (N, C, H, W) convolutional input): a
    matrix product contracts X's last axis, so no full-size reshape (a copy in a cached graph) is needed."""
    conv = ones_W is not None

    def channel_sums(Z):                       # Z shaped as X -> (C,)
        if conv:
            Z = F.dot(F.dot(Z, ones_W), ones_H)         # (N, C, H, W) -> (N, C, H) -> (N, C)
        return F.dot(ones_N, Z)

    def expand(v):                             # (C,) -> X's shape, v[c] at every element of channel c
        rows = F.dot(ones_N1, F.reshape(v, shape=(1, -1)))               # (N, C)
        return F.dot(F.expand_dims(rows, axis=2), ones_1HW) if conv else rows

    mean = F.broadcast_mul(channel_sums(X), inv_m)
    centered = F.elemwise_sub(X, expand(mean))
    var = F.broadcast_mul(channel_sums(F.square(centered)), inv_m)
    # gamma * X_hat + beta with X_hat = centered / sqrt(var + eps), as centered * (gamma / sqrt(var + eps)) + beta
    scale = F.reshape(gamma, shape=(-1,)) / F.sqrt(var + eps)
    Y = F.elemwise_add(F.elemwise_mul(centered, expand(scale)), expand(F.reshape(beta, shape=(-1,))))
    return Y, mean, var


class _Normalize(nn.HybridBlock):
    """`normalize` as a block, so it can run as one cached graph."""

    def __init__(self, eps, **kwargs):
        super().__init__(**kwargs)
        self._eps = eps

    def hybrid_forward(self, F, X, gamma, beta, *constants):
        return normalize(F, X, gamma, beta, *constants, eps=self._eps)


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum, graph=None):
    """Normalize X with batch statistics (training) or moving ones (prediction); return (Y, mean, var).

    The book's signature and return values: prediction returns the moving statistics it was given, training new
    ones shaped as the book's ((C,) batch statistics for dense input, (1, C, 1, 1) for convolutional input,
    broadcast with the moving statistics). The moving averages are computed outside autograd's graph (nothing
    differentiates them; the book's recorded copies only keep each minibatch's graph referenced).
    graph: a hybridized _Normalize with this eps, to run the training computation as one cached graph.
    """
    if not autograd.is_training():
        X_hat = (X - moving_mean) / nd.sqrt(moving_var + eps)
        return gamma * X_hat + beta, moving_mean, moving_var
    assert len(X.shape) in (2, 4)
    inputs = constants(X.shape, X.context)
    if graph is None:
        Y, mean, var = normalize(nd, X, gamma, beta, *inputs, eps=eps)
    else:
        Y, mean, var = graph(X, gamma, beta, *inputs)
    stat_shape = (X.shape[1],) if len(X.shape) == 2 else (1, X.shape[1], 1, 1)
    with autograd.pause():
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean.reshape(stat_shape)
        moving_var = momentum * moving_var + (1.0 - momentum) * var.reshape(stat_shape)
    return Y, moving_mean, moving_var


class BatchNorm(nn.Block):
    """Scratch BN layer; a plain Block because batch_norm branches on autograd.is_training() (not hybrid-safe).
    Its training computation runs as a hybridized child (`normalize`, no parameters of its own).

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
        with self.name_scope():
            self.normalize = _Normalize(eps=1e-5)
        self.normalize.hybridize(static_alloc=True, static_shape=True)

    def forward(self, X):
        if self.moving_mean.context != X.context:
            self.moving_mean = self.moving_mean.copyto(X.context)
            self.moving_var = self.moving_var.copyto(X.context)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma.data(), self.beta.data(), self.moving_mean, self.moving_var, eps=1e-5, momentum=0.9,
            graph=self.normalize)
        return Y
