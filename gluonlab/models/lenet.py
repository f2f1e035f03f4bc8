"""5.5 LeNet. Book: d2l-zh v1 §5.5 (the notebook's nn.Sequential, trained by d2lzh.train_ch5).

`lenet` holds the book's seven layers as its children, with the book's names and parameter shapes, so that
`for layer in net` prints the book's shapes and Xavier initializes the same fans. Under oneDNN its forward runs
its first convolution, pooling and second convolution with the 6 channels padded to 8 (channel_pad.run_chain):
the same function, up to float32 summation order, on oneDNN's blocked kernels instead of im2col GEMMs and
reference pooling.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .channel_pad import onednn, run_chain
from .registry import model


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


class LeNet(nn.HybridSequential):
    """The book's LeNet: Conv(6, 5) sigmoid, MaxPool(2, 2), Conv(16, 5) sigmoid, MaxPool(2, 2), Dense 120/84/10.

    Iterating it gives the book's layers; calling it runs them with 6 channels padded to 8 under oneDNN.
    """

    def __init__(self, pad_channels=None, **kwargs):
        super().__init__(**kwargs)
        self.pad_channels = onednn() if pad_channels is None else pad_channels
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
        x = run_chain(F, x, [conv1, pool1, conv2])
        for layer in rest:
            x = layer(x)
        return x


@model("lenet", example_input=_images, init=init.Xavier())
def lenet(pad_channels=None):
    """LeNet with sigmoid activations and max pooling, as the book's 5.5 (6 channels padded to 8 under oneDNN)."""
    return LeNet(pad_channels)
