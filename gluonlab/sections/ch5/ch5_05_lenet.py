"""5.5 Convolutional neural networks (LeNet). Book: d2l-zh v1 §5.5 (d2lzh.train_ch5)."""
from dataclasses import dataclass

import mxnet as mx
from mxnet import gluon, init, nd

from ... import data, models, train
from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "5.5", "lenet", "Convolutional neural networks (LeNet)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 0.9
    max_examples: int = 0          # 0: the whole data set
    QUICK = {"num_epochs": 1, "max_examples": 1024}


def print_shapes(net, report=print):
    """The book's cell: each layer's output shape for one 28 x 28 image (initializes net). Returns the shapes."""
    X = nd.random.uniform(shape=(1, 1, 28, 28))
    net.initialize()
    shapes = []
    for layer in net:
        X = layer(X)
        report(layer.name, 'output shape:\t', X.shape)
        shapes.append(list(X.shape))
    return shapes


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    with mx.name.NameManager():          # the book's layer names (conv0, pool0, ...), as in a fresh notebook
        net = models.get("lenet")
    shapes = print_shapes(net, report)
    train_iter, test_iter = data.load_data_fashion_mnist(cfg.batch_size, max_examples=cfg.max_examples or None)
    net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
    if cfg.hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    trainer = train.make_trainer(net.collect_params(), 'sgd', {'learning_rate': cfg.lr})
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                        cfg.batch_size, trainer=trainer, ctx=ctx, report=report, line='ch5')
    last = history[-1]
    return Result(history=history, final={"loss": last["loss"], "train_acc": last["train_acc"],
                                          "test_acc": last["test_acc"], "shapes": shapes})
