"""3.7 Concise softmax regression. Book: d2l-zh v1 §3.7 (d2lzh.train_ch3)."""
from dataclasses import dataclass

from mxnet import gluon, init

from ... import models, train
from ...registry import Result, section
from ._fashion import FashionConfig, final_of, load

ID, SLUG, TITLE = "3.7", "softmax-regression-gluon", "Concise softmax regression (Gluon)"


@dataclass(frozen=True)
class Config(FashionConfig):
    lr: float = 0.1


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    train_iter, test_iter = load(cfg)
    net = models.get("softmax", num_outputs=10)
    net.initialize(init.Normal(sigma=0.01), ctx=cfg.contexts())
    if cfg.hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr})
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                        cfg.batch_size, trainer=trainer, ctx=cfg.contexts(), report=report)
    return Result(history=history, final=final_of(history))
