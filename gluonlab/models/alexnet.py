"""5.6-5.8 AlexNet, VGG and NiN. Book: d2l-zh v1 §5.6 (AlexNet), §5.7 (vgg_block, vgg), §5.8 (nin_block).

The book's nets are nn.Sequential; here HybridSequential with the same layers in the same order (same names,
same outputs). The book trains each with init.Xavier() on 224 x 224 Fashion-MNIST.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model

CONV_ARCH = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))     # VGG-11: (number of convs, channels) per block


def _images224(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 224, 224)),)


@model("alexnet", example_input=_images224, init=init.Xavier(), train_mode_random=True)
def alexnet():
    """AlexNet for 1-channel 224 x 224 images, 10 classes (five convs, three pools, two dropout Dense). Book: 5.6."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(96, kernel_size=11, strides=4, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(256, kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(384, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(384, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(256, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dense(4096, activation="relu"), nn.Dropout(0.5),
            nn.Dense(4096, activation="relu"), nn.Dropout(0.5),
            nn.Dense(10))
    return net


def vgg_block(num_convs, num_channels):
    """num_convs 3x3 padded convs with ReLU, then a 2x2 max-pool of stride 2. Book: 5.7 vgg_block."""
    blk = nn.HybridSequential()
    for _ in range(num_convs):
        blk.add(nn.Conv2D(num_channels, kernel_size=3, padding=1, activation='relu'))
    blk.add(nn.MaxPool2D(pool_size=2, strides=2))
    return blk


def vgg(conv_arch):
    """VGG: one vgg_block per (num_convs, num_channels), then the dropout Dense head. Book: 5.7 vgg."""
    net = nn.HybridSequential()
    for (num_convs, num_channels) in conv_arch:
        net.add(vgg_block(num_convs, num_channels))
    net.add(nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


@model("vgg11", example_input=_images224, init=init.Xavier(), train_mode_random=True)
def vgg11(ratio=4):
    """VGG-11 with every block's channels divided by `ratio` (4: the net the book trains; 1: the full VGG-11 whose
    shapes it prints). Book: 5.7 vgg(small_conv_arch)."""
    return vgg([(pair[0], pair[1] // ratio) for pair in CONV_ARCH])


def nin_block(num_channels, kernel_size, strides, padding):
    """A conv followed by two 1x1 convs, each with ReLU. Book: 5.8 nin_block."""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2D(num_channels, kernel_size, strides, padding, activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'))
    return blk


@model("nin", example_input=_images224, init=init.Xavier(), train_mode_random=True)
def nin():
    """Network in network: four NiN blocks (the last with 10 channels), global average pooling. Book: 5.8."""
    net = nn.HybridSequential()
    net.add(nin_block(96, kernel_size=11, strides=4, padding=0),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(256, kernel_size=5, strides=1, padding=2),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(384, kernel_size=3, strides=1, padding=1),
            nn.MaxPool2D(pool_size=3, strides=2), nn.Dropout(0.5),
            nin_block(10, kernel_size=3, strides=1, padding=1),
            nn.GlobalAvgPool2D(),
            nn.Flatten())
    return net
