"""9.8 Region-based CNNs (R-CNN). Book: d2l-zh v1 §9.8 (the RoI pooling example, nd.ROIPooling)."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "9.8", "rcnn", "Region-based CNNs (R-CNN)"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    X = nd.arange(16).reshape((1, 1, 4, 4))
    report(X)
    # two regions of interest (batch index, upper-left x, y, lower-right x, y), in a 40x40 image's pixels
    rois = nd.array([[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]])
    Y = nd.ROIPooling(X, rois, pooled_size=(2, 2), spatial_scale=0.1)
    report(Y)
    return Result(final={"roi_pooled": Y.asnumpy().ravel().tolist()})
