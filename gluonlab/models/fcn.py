"""The fully convolutional network: ResNet-18 v2's features without their pooling, a 1x1 conv to the classes and
a transposed conv that upsamples 32x, initialized as bilinear interpolation. Book: d2l-zh v1 §9.10
(bilinear_kernel, net)."""
import numpy as np
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


def bilinear_kernel(in_channels, out_channels, kernel_size):
    """Weights (in, out, k, k) under which a transposed conv upsamples each channel by bilinear interpolation."""
    factor = (kernel_size + 1) // 2
    center = factor - 1 if kernel_size % 2 == 1 else factor - 0.5
    og = np.ogrid[:kernel_size, :kernel_size]
    filt = (1 - abs(og[0] - center) / factor) * (1 - abs(og[1] - center) / factor)
    weight = np.zeros((in_channels, out_channels, kernel_size, kernel_size), dtype='float32')
    weight[range(in_channels), range(out_channels), :, :] = filt
    return nd.array(weight)


def fcn_net(pretrained_net, num_classes=21):
    """The book's net: pretrained_net.features[:-2] (up to the last ReLU), then the FCN head; the head's
    transposed conv starts as bilinear upsampling, its 1x1 conv from Xavier; the features keep their weights."""
    net = _fcn(pretrained_net, num_classes)
    net[-1].initialize(init.Constant(bilinear_kernel(num_classes, num_classes, 64)))
    net[-2].initialize(init=init.Xavier())
    return net


def fcn_head(num_classes=21):
    """The head FCN puts on the features: a 1x1 conv to num_classes channels, a 32x transposed conv."""
    head = nn.HybridSequential()
    head.add(nn.Conv2D(num_classes, kernel_size=1),
             nn.Conv2DTranspose(num_classes, kernel_size=64, padding=16, strides=32))
    return head


def _fcn(base, num_classes):
    """base.features[:-2] (up to the last ReLU), then the head's two layers (not initialized)."""
    net = nn.HybridSequential()
    for layer in list(base.features[:-2]) + list(fcn_head(num_classes)):
        net.add(layer)
    return net


def _features(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 512, 2, 3)),)


# Registered for the parity suite: the head, the block this section adds (the features are the model zoo's).
model("fcn_head", example_input=_features, init=init.Xavier())(fcn_head)
