"""9.4 Anchor boxes. Book: d2l-zh v1 §9.4 (MultiBoxPrior, MultiBoxTarget, MultiBoxDetection; d2lzh.show_bboxes)."""
from dataclasses import dataclass

import numpy as np
from mxnet import contrib, nd

from ...config import RunConfig
from ...registry import Result, section
from ...vision.boxes import boxes_figure
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.4", "anchor", "Anchor boxes"


@dataclass(frozen=True)
class Config(RunConfig):
    nms_threshold: float = 0.5


def _printed(x, fmt):
    """x's values as the book prints them (np.set_printoptions(2)): rounded through `fmt`, as a flat list."""
    return [float(fmt % v) for v in x.asnumpy().ravel()]


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    with np.printoptions(precision=2):                   # the book's np.set_printoptions(2), for this run only
        return _anchors(cfg, report)


def _anchors(cfg, report):
    img = read_book_image('catdog.jpg').asnumpy()
    h, w = img.shape[0:2]
    report(h, w)
    X = nd.random.uniform(shape=(1, 3, h, w))     # only its shape matters
    Y = contrib.nd.MultiBoxPrior(X, sizes=[0.75, 0.5, 0.25], ratios=[1, 2, 0.5])
    report(Y.shape)
    boxes = Y.reshape((h, w, 5, 4))
    report(boxes[250, 250, 0, :])
    bbox_scale = nd.array((w, h, w, h))
    plots = {"anchors_at_250_250": boxes_figure(img, [(boxes[250, 250, :, :] * bbox_scale, [
        's=0.75, r=1', 's=0.5, r=1', 's=0.25, r=1', 's=0.75, r=2', 's=0.75, r=0.5'])])}

    ground_truth = nd.array([[0, 0.1, 0.08, 0.52, 0.92], [1, 0.55, 0.2, 0.9, 0.88]])
    anchors = nd.array([[0, 0.1, 0.2, 0.3], [0.15, 0.2, 0.4, 0.4], [0.63, 0.05, 0.88, 0.98],
                        [0.66, 0.45, 0.8, 0.8], [0.57, 0.3, 0.92, 0.9]])
    plots["ground_truth_and_anchors"] = boxes_figure(img, [(ground_truth[:, 1:] * bbox_scale, ['dog', 'cat'], 'k'),
                                                           (anchors * bbox_scale, ['0', '1', '2', '3', '4'])])
    labels = contrib.nd.MultiBoxTarget(anchors.expand_dims(axis=0), ground_truth.expand_dims(axis=0),
                                       nd.zeros((1, 3, 5)))
    for i in (2, 1, 0):                                    # classes, masks, offsets
        report(labels[i])

    anchors = nd.array([[0.1, 0.08, 0.52, 0.92], [0.08, 0.2, 0.56, 0.95],
                        [0.15, 0.3, 0.62, 0.91], [0.55, 0.2, 0.9, 0.88]])
    offset_preds = nd.array([0] * anchors.size)
    cls_probs = nd.array([[0] * 4,                       # background
                          [0.9, 0.8, 0.7, 0.1],          # dog
                          [0.1, 0.2, 0.3, 0.9]])         # cat
    plots["before_nms"] = boxes_figure(img, [(anchors * bbox_scale, ['dog=0.9', 'dog=0.8', 'dog=0.7', 'cat=0.9'])])
    output = contrib.ndarray.MultiBoxDetection(cls_probs.expand_dims(axis=0), offset_preds.expand_dims(axis=0),
                                               anchors.expand_dims(axis=0), nms_threshold=cfg.nms_threshold)
    report(output)
    kept = [(nd.array(i[2:]) * bbox_scale, ('dog=', 'cat=')[int(i[0])] + str(i[1]))
            for i in output[0].asnumpy() if i[0] != -1]
    plots["after_nms"] = boxes_figure(img, [([box], label) for box, label in kept])
    final = {"height": h, "width": w, "num_anchors": Y.shape[1],
             "anchor_250_250_0": _printed(boxes[250, 250, 0, :], "%.2f"), "cls_labels": _printed(labels[2], "%.2f"),
             "bbox_masks": _printed(labels[1], "%.2f"),
             "bbox_offsets": _printed(labels[0], "%.2e"), "detections": _printed(output, "%.2f")}
    return Result(final=final, plots=plots)
