"""9.5 Multiscale object detection. Book: d2l-zh v1 §9.5 (display_anchors; d2lzh.show_bboxes)."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...vision.boxes import anchors_of, boxes_figure
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.5", "multiscale-object-detection", "Multiscale object detection"

# The book's three feature maps: (fmap_w, fmap_h, anchor sizes); smaller maps carry larger anchors.
SCALES = ((4, 4, [0.15]), (2, 2, [0.4]), (1, 1, [0.8]))


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    img = read_book_image('catdog.jpg')
    h, w = img.shape[0:2]
    report((h, w))
    bbox_scale = nd.array((w, h, w, h))
    plots, final = {}, {"height": h, "width": w}
    for fmap_w, fmap_h, s in SCALES:
        anchors = anchors_of(fmap_w, fmap_h, s)
        name = f"anchors_{fmap_w}x{fmap_h}_s{s[0]}"
        plots[name] = boxes_figure(img.asnumpy(), [(anchors[0] * bbox_scale,)])
        final[f"num_anchors_{fmap_w}x{fmap_h}"] = anchors.shape[1]
        report(f'fmap {fmap_w}x{fmap_h}, sizes {s}: {anchors.shape[1]} anchors')
    return Result(final=final, plots=plots)
