"""5.9 GoogLeNet. Book: d2l-zh v1 §5.9 (Inception, blocks b1-b5).

The book's Inception is an nn.Block concatenating with nd.concat; here a HybridBlock with F.concat (same layers,
same order, same outputs), and the net a HybridSequential of the book's five blocks and Dense(10).
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


class Inception(nn.HybridBlock):
    """Four paths (1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max-pool then 1x1) concatenated on the channel axis;
    c1-c4 are the paths' output channels. Book: 5.9 Inception."""

    def __init__(self, c1, c2, c3, c4, **kwargs):
        super().__init__(**kwargs)
        self.p1_1 = nn.Conv2D(c1, kernel_size=1, activation='relu')
        self.p2_1 = nn.Conv2D(c2[0], kernel_size=1, activation='relu')
        self.p2_2 = nn.Conv2D(c2[1], kernel_size=3, padding=1, activation='relu')
        self.p3_1 = nn.Conv2D(c3[0], kernel_size=1, activation='relu')
        self.p3_2 = nn.Conv2D(c3[1], kernel_size=5, padding=2, activation='relu')
        self.p4_1 = nn.MaxPool2D(pool_size=3, strides=1, padding=1)
        self.p4_2 = nn.Conv2D(c4, kernel_size=1, activation='relu')

    def hybrid_forward(self, F, x):
        p1 = self.p1_1(x)
        p2 = self.p2_2(self.p2_1(x))
        p3 = self.p3_2(self.p3_1(x))
        p4 = self.p4_2(self.p4_1(x))
        return F.concat(p1, p2, p3, p4, dim=1)


def _blocks():
    """The book's b1-b5, built in its order (so layer names match the book's cells)."""
    b1 = nn.HybridSequential()
    b1.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3, activation='relu'),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b2 = nn.HybridSequential()
    b2.add(nn.Conv2D(64, kernel_size=1), nn.Conv2D(192, kernel_size=3, padding=1),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b3 = nn.HybridSequential()
    b3.add(Inception(64, (96, 128), (16, 32), 32), Inception(128, (128, 192), (32, 96), 64),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b4 = nn.HybridSequential()
    b4.add(Inception(192, (96, 208), (16, 48), 64), Inception(160, (112, 224), (24, 64), 64),
           Inception(128, (128, 256), (24, 64), 64), Inception(112, (144, 288), (32, 64), 64),
           Inception(256, (160, 320), (32, 128), 128), nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b5 = nn.HybridSequential()
    b5.add(Inception(256, (160, 320), (32, 128), 128), Inception(384, (192, 384), (48, 128), 128),
           nn.GlobalAvgPool2D())
    return b1, b2, b3, b4, b5


def _images96(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 96, 96)),)


@model("googlenet", example_input=_images96, init=init.Xavier(), parity_lr=0.01)
def googlenet():
    """GoogLeNet: blocks b1-b5 (nine Inception blocks) and Dense(10), for 96 x 96 images. Book: 5.9."""
    blocks = _blocks()
    net = nn.HybridSequential()
    net.add(*blocks, nn.Dense(10))
    return net
