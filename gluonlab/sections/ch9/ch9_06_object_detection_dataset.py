"""9.6 Object detection data set (Pikachu). Book: d2l-zh v1 §9.6 (d2lzh.load_data_pikachu, show_bboxes)."""
from dataclasses import dataclass

from ...config import RunConfig
from ...registry import Result, section
from ...vision.augment import images_figure
from ...vision.boxes import show_bboxes
from ...vision.pikachu import resolved_iters

ID, SLUG, TITLE = "9.6", "object-detection-dataset", "Object detection data set (Pikachu)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 32
    edge_size: int = 256
    QUICK = {"batch_size": 4}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    batch_size, edge_size = cfg.batch_size, cfg.edge_size
    train_iter, _ = resolved_iters(batch_size, edge_size)
    batch = train_iter.next()
    report((batch.data[0].shape, batch.label[0].shape))
    n = min(10, batch_size)
    imgs = (batch.data[0][0:n].transpose((0, 2, 3, 1))) / 255
    fig = images_figure(imgs, 2, n // 2)
    for ax, label in zip(fig.axes, batch.label[0][0:n]):
        show_bboxes(ax, [label[0][1:5] * edge_size], colors=['w'])
    return Result(final={"data_shape": list(batch.data[0].shape), "label_shape": list(batch.label[0].shape)},
                  plots={"pikachu_batch": fig})
