"""ResNet-18 for 28x28 inputs. Book: d2lzh.Residual / d2lzh.resnet18 (§5.11, used by §8.5).

Hybrid: the book's Residual is an nn.Block and resnet18 an nn.Sequential; here both are hybridizable (same layers,
same order, same outputs). `width` scales every stage's channels (64 in the book) for quick CPU runs.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


class Residual(nn.HybridBlock):
    """3x3 conv, BN, ReLU, 3x3 conv, BN, plus the (optionally 1x1-conv) shortcut, then ReLU. Book: d2lzh.Residual."""

    def __init__(self, num_channels, use_1x1conv=False, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = nn.Conv2D(num_channels, kernel_size=3, padding=1, strides=strides)
        self.conv2 = nn.Conv2D(num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2D(num_channels, kernel_size=1, strides=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm()
        self.bn2 = nn.BatchNorm()

    def hybrid_forward(self, F, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3 is not None:      # fixed at construction, not a data-dependent branch
            X = self.conv3(X)
        return F.relu(Y + X)


def resnet_block(num_channels, num_residuals, first_block=False):
    """`num_residuals` Residual blocks; all but the first stage halve the size with a 1x1-conv shortcut."""
    blk = nn.HybridSequential()
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.add(Residual(num_channels, use_1x1conv=True, strides=2))
        else:
            blk.add(Residual(num_channels))
    return blk


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


@model("resnet18", example_input=_images, init=init.Normal(sigma=0.01))
def resnet18(num_classes=10, width=64):
    """ResNet-18 without the stem's max-pool: 3x3 conv, BN, ReLU, 4 stages of 2 Residuals. Book: d2lzh.resnet18."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(width, kernel_size=3, strides=1, padding=1), nn.BatchNorm(), nn.Activation("relu"))
    net.add(resnet_block(width, 2, first_block=True), resnet_block(2 * width, 2),
            resnet_block(4 * width, 2), resnet_block(8 * width, 2))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(num_classes))
    return net


def _images96(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 96, 96)),)


@model("resnet18_book", example_input=_images96, init=init.Xavier(), parity_lr=0.01)
def resnet18_book(num_classes=10):
    """The §5.11 ResNet-18: 7x7 stride-2 conv, BN, ReLU, 3x3 max-pool, 4 stages of 2 Residuals, global average
    pooling, Dense. Book: 5.11 (trained on 96 x 96 images; d2lzh.resnet18 is the 28 x 28 variant above)."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3), nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    net.add(resnet_block(64, 2, first_block=True), resnet_block(128, 2), resnet_block(256, 2),
            resnet_block(512, 2))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(num_classes))
    return net
