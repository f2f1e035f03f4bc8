"""5.5 LeNet. Book: d2l-zh v1 §5.5 (the notebook's nn.Sequential, trained by d2lzh.train_ch5).

`lenet` holds the book's seven layers as its children, with the book's names and parameter shapes, so that
`for layer in net` prints the book's shapes and Xavier initializes the same fans. Its forward computes the
same function with the two 6-channel tensors padded to 8 channels (CHANNEL_BLOCK) when MXNet runs on oneDNN:
conv1 gets two extra filters that are all zeros (bias 0), conv2 two extra input channels whose weights are all
zeros. The extra channels hold sigmoid(0) = 0.5 and meet only zero weights, so every output is the book's (up to
float32 summation order) and every gradient of the book's parameters too (the zero blocks are constants built in
the graph, not parameters). Why: oneDNN's fast kernels keep channels in blocks of 8 and MXNet refuses layouts
that need padding, so with 6 channels it falls back to im2col GEMM convolutions and its reference NCHW pooling
(`simple_nchw`), the largest costs of a LeNet step (DNNL_VERBOSE=1; docs/benchmarks.md).
"""
import mxnet as mx
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model

CHANNEL_BLOCK = 8


def _onednn():
    return mx.runtime.Features().is_enabled("MKLDNN")


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


def _value(F, param, like):
    """A child's parameter inside the parent's forward: its symbol, or its array on like's context."""
    return param.var() if F is mx.sym else param.data(like.context)


def _pad(F, x, axis):
    """x (6 entries along axis) with CHANNEL_BLOCK - 6 zeros appended there: a constant built in the graph."""
    zeros = F.zeros_like(F.slice_axis(x, axis=axis, begin=0, end=CHANNEL_BLOCK - 6))
    return F.concat(x, zeros, dim=axis)


class LeNet(nn.HybridSequential):
    """The book's LeNet: Conv(6, 5) sigmoid, MaxPool(2, 2), Conv(16, 5) sigmoid, MaxPool(2, 2), Dense 120/84/10.

    Iterating it gives the book's layers; calling it runs them with 6 channels padded to 8 under oneDNN.
    """

    def __init__(self, pad_channels=None, **kwargs):
        super().__init__(**kwargs)
        self.pad_channels = _onednn() if pad_channels is None else pad_channels
        # in_channels/in_units given: the padded forward needs the shapes before the first minibatch
        self.add(nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid', in_channels=1),
                 nn.MaxPool2D(pool_size=2, strides=2),
                 nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid', in_channels=6),
                 nn.MaxPool2D(pool_size=2, strides=2),
                 nn.Dense(120, activation='sigmoid', in_units=16 * 4 * 4),
                 nn.Dense(84, activation='sigmoid', in_units=120),
                 nn.Dense(10, in_units=84))

    def hybrid_forward(self, F, x):
        if not self.pad_channels:
            return super().hybrid_forward(F, x)
        conv1, pool1, conv2, *rest = self._children.values()
        w1 = _pad(F, _value(F, conv1.weight, x), 0)
        b1 = _pad(F, _value(F, conv1.bias, x), 0)
        x = F.Activation(F.Convolution(x, w1, b1, kernel=(5, 5), num_filter=CHANNEL_BLOCK), act_type='sigmoid')
        x = pool1(x)
        w2 = _pad(F, _value(F, conv2.weight, x), 1)
        x = F.Activation(F.Convolution(x, w2, _value(F, conv2.bias, x), kernel=(5, 5), num_filter=16),
                         act_type='sigmoid')
        for layer in rest:
            x = layer(x)
        return x


@model("lenet", example_input=_images, init=init.Xavier())
def lenet(pad_channels=None):
    """LeNet with sigmoid activations and max pooling, as the book's 5.5 (6 channels padded to 8 under oneDNN)."""
    return LeNet(pad_channels)
