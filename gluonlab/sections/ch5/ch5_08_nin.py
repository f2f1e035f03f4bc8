"""5.8 Network in network (NiN). Book: d2l-zh v1 §5.8 (d2lzh.train_ch5)."""
from dataclasses import dataclass

from ... import models
from ...registry import section
from ._deep_cnn import CNNConfig, estimate, fresh_names, print_shapes, train_cnn

ID, SLUG, TITLE = "5.8", "nin", "Network in network (NiN)"


@dataclass(frozen=True)
class Config(CNNConfig):
    batch_size: int = 128
    num_epochs: int = 5
    lr: float = 0.1
    resize: int = 224


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print):
    line = estimate(cfg, "nin")
    with fresh_names():
        net = models.get("nin")
    print_shapes(net, 224, report)
    return train_cnn(net, cfg, report, line)
