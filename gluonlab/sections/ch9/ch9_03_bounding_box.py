"""9.3 Object detection and bounding boxes. Book: d2l-zh v1 §9.3 (d2lzh.bbox_to_rect)."""
from dataclasses import dataclass

from ...config import RunConfig
from ...registry import Result, section
from ...vision.boxes import bbox_to_rect, image_figure
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.3", "bounding-box", "Object detection and bounding boxes"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    img = read_book_image('catdog.jpg').asnumpy()
    plots = {"catdog": image_figure(img)[0]}
    # bbox is short for bounding box: (upper-left x, upper-left y, lower-right x, lower-right y) in pixels
    dog_bbox, cat_bbox = [60, 45, 378, 516], [400, 112, 655, 493]
    fig, ax = image_figure(img)
    ax.add_patch(bbox_to_rect(dog_bbox, 'blue'))
    ax.add_patch(bbox_to_rect(cat_bbox, 'red'))
    plots["catdog_bboxes"] = fig
    report('image', img.shape, 'dog_bbox', dog_bbox, 'cat_bbox', cat_bbox)
    return Result(final={"height": img.shape[0], "width": img.shape[1]}, plots=plots)
