"""5.12 Densely connected networks (DenseNet). Book: d2l-zh v1 §5.12 (d2lzh.train_ch5)."""
from dataclasses import dataclass

from mxnet import nd

from ... import models
from ...models.densenet import DenseBlock, transition_block
from ...registry import section
from ._deep_cnn import CNNConfig, estimate, fresh_names, train_cnn

ID, SLUG, TITLE = "5.12", "densenet", "Densely connected networks (DenseNet)"


@dataclass(frozen=True)
class Config(CNNConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 0.1
    resize: int = 96
    QUICK = {"num_epochs": 1, "max_examples": 256}


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print):
    line = estimate(cfg, "densenet")
    with fresh_names():
        blk = DenseBlock(2, 10)
        blk.initialize()
        X = nd.random.uniform(shape=(4, 3, 8, 8))
        Y = blk(X)
        report(Y.shape)
        blk = transition_block(10)
        blk.initialize()
        report(blk(Y).shape)
        net = models.get("densenet")
    return train_cnn(net, cfg, report, line, force_reinit=False)
