"""5.9 Networks with parallel concatenations (GoogLeNet). Book: d2l-zh v1 §5.9 (d2lzh.train_ch5)."""
from dataclasses import dataclass

from ... import models
from ...registry import section
from ._deep_cnn import CNNConfig, estimate, fresh_names, print_shapes, train_cnn

ID, SLUG, TITLE = "5.9", "googlenet", "Networks with parallel concatenations (GoogLeNet)"


@dataclass(frozen=True)
class Config(CNNConfig):
    batch_size: int = 128
    num_epochs: int = 5
    lr: float = 0.1
    resize: int = 96


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print):
    line = estimate(cfg, "googlenet")
    with fresh_names():
        net = models.get("googlenet")
    print_shapes(net, 96, report)
    return train_cnn(net, cfg, report, line)
