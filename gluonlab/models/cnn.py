"""5.10 LeNet with batch normalization. Book: d2l-zh v1 §5.10 (scratch BatchNorm and nn.BatchNorm).

`lenet_bn` (registered) uses Gluon's nn.BatchNorm and is hybrid-safe. `lenet_bn_scratch` uses the scratch
BatchNorm, a plain Block that branches on autograd.is_training(), so it is a Sequential and never registered.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from ..scratch.batch_norm import BatchNorm
from .registry import model


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


def _lenet(net, bn):
    """Add LeNet's layers to `net` with bn(num_features, num_dims) after each conv/dense but the last."""
    net.add(nn.Conv2D(6, kernel_size=5), bn(6, 4), nn.Activation('sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(16, kernel_size=5), bn(16, 4), nn.Activation('sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(120), bn(120, 2), nn.Activation('sigmoid'),
            nn.Dense(84), bn(84, 2), nn.Activation('sigmoid'),
            nn.Dense(10))
    return net


@model("lenet_bn", example_input=_images, init=init.Xavier())
def lenet_bn():
    """LeNet with nn.BatchNorm() (channels inferred by deferred init). Book: 5.10, concise."""
    return _lenet(nn.HybridSequential(), lambda num_features, num_dims: nn.BatchNorm())


def lenet_bn_scratch():
    """LeNet with the scratch BatchNorm(num_features, num_dims). Book: 5.10, from scratch."""
    return _lenet(nn.Sequential(), lambda num_features, num_dims: BatchNorm(num_features, num_dims=num_dims))
