"""5.7 Networks using blocks (VGG). Book: d2l-zh v1 §5.7 (d2lzh.train_ch5)."""
from dataclasses import dataclass

from ... import models
from ...registry import section
from ._deep_cnn import CNNConfig, estimate, fresh_names, print_shapes, train_cnn

ID, SLUG, TITLE = "5.7", "vgg", "Networks using blocks (VGG)"


@dataclass(frozen=True)
class Config(CNNConfig):
    batch_size: int = 128
    num_epochs: int = 5
    lr: float = 0.05
    resize: int = 224
    ratio: int = 4                 # the book trains VGG-11 with every block's channels divided by 4


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print):
    line = estimate(cfg, "vgg11", ratio=cfg.ratio)
    with fresh_names():
        print_shapes(models.get("vgg11", ratio=1), 224, report)     # the book prints the full VGG-11's shapes
        net = models.get("vgg11", ratio=cfg.ratio)
    return train_cnn(net, cfg, report, line, force_reinit=False)
