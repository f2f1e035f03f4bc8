"""5.12 DenseNet. Book: d2l-zh v1 §5.12 (conv_block, DenseBlock, transition_block).

The book's DenseBlock is an nn.Block concatenating with nd.concat; here a HybridBlock with F.concat (same layers,
same order, same outputs).
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


def conv_block(num_channels):
    """BatchNorm, ReLU, 3x3 padded conv: DenseNet's pre-activation unit. Book: 5.12 conv_block."""
    blk = nn.HybridSequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'), nn.Conv2D(num_channels, kernel_size=3, padding=1))
    return blk


class DenseBlock(nn.HybridBlock):
    """num_convs conv_blocks, each one's output concatenated to its input on the channel axis. Book: DenseBlock."""

    def __init__(self, num_convs, num_channels, **kwargs):
        super().__init__(**kwargs)
        self.net = nn.HybridSequential()
        for _ in range(num_convs):
            self.net.add(conv_block(num_channels))

    def hybrid_forward(self, F, X):
        for blk in self.net:
            Y = blk(X)
            X = F.concat(X, Y, dim=1)
        return X


def transition_block(num_channels):
    """BatchNorm, ReLU, 1x1 conv to num_channels, 2x2 average pool of stride 2. Book: 5.12 transition_block."""
    blk = nn.HybridSequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'), nn.Conv2D(num_channels, kernel_size=1),
            nn.AvgPool2D(pool_size=2, strides=2))
    return blk


def _images96(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 96, 96)),)


@model("densenet", example_input=_images96, init=init.Xavier())
def densenet(num_channels=64, growth_rate=32, num_convs_in_dense_blocks=(4, 4, 4, 4)):
    """DenseNet: the ResNet stem, four DenseBlocks of 4 convs (growth 32) with halving transitions, BN, ReLU,
    global average pooling, Dense(10). Book: 5.12."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(num_channels, kernel_size=7, strides=2, padding=3), nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        net.add(DenseBlock(num_convs, growth_rate))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            net.add(transition_block(num_channels // 2))    # the book's count: it does not halve num_channels
    net.add(nn.BatchNorm(), nn.Activation('relu'), nn.GlobalAvgPool2D(), nn.Dense(10))
    return net
