"""5.1 Two-dimensional cross-correlation and a custom Conv2D layer. Book: d2l-zh v1 §5.1 (d2lzh.corr2d)."""
from mxnet import nd
from mxnet.gluon import nn


def corr2d(X, K):
    """2D cross-correlation of X (h_x, w_x) with kernel K (h, w) by explicit loops. Book: d2lzh.corr2d."""
    h, w = K.shape
    Y = nd.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i: i + h, j: j + w] * K).sum()
    return Y


class Conv2D(nn.Block):
    """The book's custom layer: corr2d(x, weight) + bias.

    Not trainable: corr2d writes elements in place, which autograd cannot record.
    """

    def __init__(self, kernel_size, **kwargs):
        super(Conv2D, self).__init__(**kwargs)
        self.weight = self.params.get('weight', shape=kernel_size)
        self.bias = self.params.get('bias', shape=(1,))

    def forward(self, x):
        return corr2d(x, self.weight.data()) + self.bias.data()


class Conv2DDifferentiable(nn.HybridBlock):
    """Conv2D on a 2D input through F.Convolution: differentiable and hybrid-safe (the book's exercise).

    Same parameters and result as `Conv2D`: weight of shape kernel_size, bias of shape (1,).
    """

    def __init__(self, kernel_size, **kwargs):
        super(Conv2DDifferentiable, self).__init__(**kwargs)
        self.kernel_size = tuple(kernel_size)
        self.weight = self.params.get('weight', shape=self.kernel_size)
        self.bias = self.params.get('bias', shape=(1,))

    def hybrid_forward(self, F, x, weight, bias):
        x4 = F.expand_dims(F.expand_dims(x, axis=0), axis=0)               # (1, 1, h_x, w_x)
        k4 = F.reshape(weight, shape=(1, 1) + self.kernel_size)
        y = F.Convolution(x4, k4, bias, kernel=self.kernel_size, num_filter=1)
        return F.squeeze(y, axis=(0, 1))                                   # (oh, ow)
