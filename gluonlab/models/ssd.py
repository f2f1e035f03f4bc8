"""TinySSD, the book's single-shot multibox detector. Book: d2l-zh v1 §9.7 (cls_predictor, bbox_predictor,
down_sample_blk, base_net, get_blk, blk_forward, TinySSD).

Hybrid: the book's blocks are nn.Block/nn.Sequential; here the same layers in the same order as HybridBlocks, the
anchors from F.contrib.MultiBoxPrior inside the graph, so the whole detector is one cached graph.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model

SIZES = [[0.2, 0.272], [0.37, 0.447], [0.54, 0.619], [0.71, 0.79], [0.88, 0.961]]
RATIOS = [[1, 2, 0.5]] * 5
NUM_ANCHORS = len(SIZES[0]) + len(RATIOS[0]) - 1


def cls_predictor(num_anchors, num_classes):
    """A 3x3 conv predicting num_classes + 1 scores (background first) per anchor at every position."""
    return nn.Conv2D(num_anchors * (num_classes + 1), kernel_size=3, padding=1)


def bbox_predictor(num_anchors):
    """A 3x3 conv predicting 4 offsets per anchor at every position."""
    return nn.Conv2D(num_anchors * 4, kernel_size=3, padding=1)


def flatten_pred(F, pred):
    """(N, C, H, W) -> (N, H * W * C): channels last, so each position's predictions sit together."""
    return F.flatten(F.transpose(pred, axes=(0, 2, 3, 1)))


def concat_preds(F, preds):
    return F.concat(*[flatten_pred(F, p) for p in preds], dim=1)


def down_sample_blk(num_channels):
    """Two (3x3 conv, BN, ReLU) then a 2x2 max-pool: half the height and width."""
    blk = nn.HybridSequential()
    for _ in range(2):
        blk.add(nn.Conv2D(num_channels, kernel_size=3, padding=1), nn.BatchNorm(in_channels=num_channels),
                nn.Activation('relu'))
    blk.add(nn.MaxPool2D(2))
    return blk


def base_net():
    blk = nn.HybridSequential()
    for num_filters in [16, 32, 64]:
        blk.add(down_sample_blk(num_filters))
    return blk


def get_blk(i):
    return base_net() if i == 0 else nn.GlobalMaxPool2D() if i == 4 else down_sample_blk(128)


class TinySSD(nn.HybridBlock):
    """Five scales (base net, three down-sampling blocks, global max-pool), each with anchors, class and box
    predictions; returns (anchors (1, A, 4), class preds (N, A, num_classes + 1), box preds (N, 4 A))."""

    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = num_classes
        for i in range(5):
            setattr(self, 'blk_%d' % i, get_blk(i))
            setattr(self, 'cls_%d' % i, cls_predictor(NUM_ANCHORS, num_classes))
            setattr(self, 'bbox_%d' % i, bbox_predictor(NUM_ANCHORS))

    def hybrid_forward(self, F, X):
        anchors, cls_preds, bbox_preds = [], [], []
        for i in range(5):
            X = getattr(self, 'blk_%d' % i)(X)
            anchors.append(F.contrib.MultiBoxPrior(X, sizes=SIZES[i], ratios=RATIOS[i]))
            cls_preds.append(getattr(self, 'cls_%d' % i)(X))
            bbox_preds.append(getattr(self, 'bbox_%d' % i)(X))
        return (F.concat(*anchors, dim=1), concat_preds(F, cls_preds).reshape((0, -1, self.num_classes + 1)),
                concat_preds(F, bbox_preds))


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 3, 64, 64)),)


@model("tiny_ssd", example_input=_images, init=init.Xavier())
def tiny_ssd(num_classes=1):
    """The book's TinySSD for num_classes object classes."""
    return TinySSD(num_classes)
