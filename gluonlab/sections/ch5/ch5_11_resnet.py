"""5.11 Residual networks (ResNet). Book: d2l-zh v1 §5.11 (d2lzh.Residual, d2lzh.train_ch5)."""
from dataclasses import dataclass

from mxnet import nd

from ... import models
from ...models.resnet import Residual
from ...registry import section
from ._deep_cnn import CNNConfig, estimate, fresh_names, print_shapes, train_cnn

ID, SLUG, TITLE = "5.11", "resnet", "Residual networks (ResNet)"


@dataclass(frozen=True)
class Config(CNNConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 0.05
    resize: int = 96
    QUICK = {"num_epochs": 1, "max_examples": 256}


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print):
    line = estimate(cfg, "resnet18_book")
    with fresh_names():
        blk = Residual(3)
        blk.initialize()
        X = nd.random.uniform(shape=(4, 3, 6, 6))
        report(blk(X).shape)
        blk = Residual(6, use_1x1conv=True, strides=2)
        blk.initialize()
        report(blk(X).shape)
        net = models.get("resnet18_book")
    print_shapes(net, 224, report)          # the book prints the shapes at 224 and trains at 96
    return train_cnn(net, cfg, report, line)
