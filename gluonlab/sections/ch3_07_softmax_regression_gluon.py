"""3.7 Concise softmax regression. Book: d2l-zh v1 §3.7 (d2lzh.train_ch3)."""
from dataclasses import dataclass

from mxnet import gluon, init

from .. import data, models, train
from ..config import RunConfig
from ..registry import Result, section

ID, SLUG, TITLE = "3.7", "softmax-regression-gluon", "Concise softmax regression (Gluon)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 0.1
    max_examples: int = 0          # 0: the whole data set
    loader: str = "fast"           # 'fast' (preloaded NDArrays) or 'gluon' (the book's DataLoader)
    QUICK = {"num_epochs": 1, "max_examples": 2048}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    train_iter, test_iter = data.load_data_fashion_mnist(cfg.batch_size, loader=cfg.loader,
                                                         max_examples=cfg.max_examples or None)
    net = models.get("softmax", num_outputs=10)
    net.initialize(init.Normal(sigma=0.01), ctx=cfg.contexts())
    if cfg.hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr})
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                        cfg.batch_size, trainer=trainer, ctx=cfg.contexts(), report=report)
    final = {k: history[-1][k] for k in ("loss", "train_acc", "test_acc")}
    return Result(history=history, final=final)
