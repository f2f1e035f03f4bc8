"""Single-layer models: linear regression (3.3) and softmax regression (3.7)."""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


def _features(num_inputs):
    return lambda batch_size=2: (nd.random.normal(shape=(batch_size, num_inputs)),)


@model("linreg", example_input=_features(2), init=init.Normal(sigma=0.01))
def linreg(num_outputs=1):
    """Linear regression: HybridSequential(Dense(1)). Book: 3.3."""
    net = nn.HybridSequential()
    net.add(nn.Dense(num_outputs))
    return net


@model("softmax", example_input=_images, init=init.Normal(sigma=0.01))
def softmax(num_outputs=10):
    """Softmax regression: Dense(10) on flattened images (the loss applies the softmax). Book: 3.7."""
    net = nn.HybridSequential()
    net.add(nn.Dense(num_outputs))
    return net
