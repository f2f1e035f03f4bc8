"""5.1-5.4 Cross-correlation, padding, channels and pooling from scratch. Book: d2l-zh v1 §5.1-5.4 (d2lzh.corr2d).

5.1: corr2d and the custom Conv2D layer; 5.2: comp_conv2d; 5.3: corr2d_multi_in, corr2d_multi_in_out,
corr2d_multi_in_out_1x1; 5.4: pool2d. The book's names and loops, kept as printed (tests check them against
nd.Convolution and nd.Pooling).
"""
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


def comp_conv2d(conv2d, X):
    """Initialize conv2d and apply it to the 2D X, as one example of one channel; the output's 2D part. Book: 5.2."""
    conv2d.initialize()
    X = X.reshape((1, 1) + X.shape)          # (batch, channels) = (1, 1)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])


def corr2d_multi_in(X, K):
    """Cross-correlate each input channel of X (c_i, h, w) with its kernel K (c_i, k_h, k_w) and add. Book: 5.3."""
    return nd.add_n(*[corr2d(x, k) for x, k in zip(X, K)])


def corr2d_multi_in_out(X, K):
    """One corr2d_multi_in per output channel of K (c_o, c_i, k_h, k_w), stacked: (c_o, h', w'). Book: 5.3."""
    return nd.stack(*[corr2d_multi_in(X, k) for k in K])


def corr2d_multi_in_out_1x1(X, K):
    """A 1x1 convolution as the matrix product K (c_o, c_i) X (c_i, h*w), as a Dense layer does. Book: 5.3."""
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    Y = nd.dot(K, X)
    return Y.reshape((c_o, h, w))


def pool2d(X, pool_size, mode='max'):
    """Max or average pooling of the 2D X over pool_size windows, stride 1, no padding. Book: 5.4."""
    p_h, p_w = pool_size
    Y = nd.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y
