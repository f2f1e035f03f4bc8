"""5.10 Batch normalization: LeNet with scratch and Gluon BN. Book: d2l-zh v1 §5.10 (d2lzh.train_ch5)."""
from dataclasses import dataclass
from typing import Literal

from mxnet import gluon, init

from ... import data, models, train
from ...config import RunConfig
from ...models.cnn import lenet_bn_scratch
from ...registry import Result, section

ID, SLUG, TITLE = "5.10", "batch-norm", "Batch normalization"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 1.0
    # which LeNet-BN to train: the scratch BatchNorm, nn.BatchNorm, or both
    nets: tuple[Literal["scratch", "gluon"], ...] = ("scratch", "gluon")
    max_examples: int = 0          # 0: the whole data set
    QUICK = {"num_epochs": 1, "max_examples": 512}


def _train(net, cfg, train_iter, test_iter, report):
    """The book's train_ch5 call: Xavier init on ctx, SGD with lr, the ch5 line per epoch."""
    net.initialize(ctx=cfg.context(), init=init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': cfg.lr})
    return train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                     cfg.batch_size, trainer=trainer, ctx=cfg.context(), report=report, line='ch5')


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    train_iter, test_iter = data.load_data_fashion_mnist(cfg.batch_size, max_examples=cfg.max_examples or None)
    history, final = [], {}
    if "scratch" in cfg.nets:
        net = lenet_bn_scratch()        # a plain Sequential: the scratch BN is not hybrid-safe
        scratch = _train(net, cfg, train_iter, test_iter, report)
        report(net[1].gamma.data().reshape((-1,)), net[1].beta.data().reshape((-1,)))
        history += [dict(h, net="scratch") for h in scratch]
        final.update(scratch_test_acc=scratch[-1]["test_acc"], scratch_train_acc=scratch[-1]["train_acc"],
                     gamma=net[1].gamma.data().reshape((-1,)), beta=net[1].beta.data().reshape((-1,)))
    if "gluon" in cfg.nets:
        net = models.get("lenet_bn")
        if cfg.hybridize:
            net.hybridize(static_alloc=True, static_shape=True)
        concise = _train(net, cfg, train_iter, test_iter, report)
        history += [dict(h, net="gluon") for h in concise]
        final.update(loss=concise[-1]["loss"], train_acc=concise[-1]["train_acc"], test_acc=concise[-1]["test_acc"])
    return Result(history=history, final=final)
