"""Chapter 5's trained CNNs (5.6-5.12): the book's shape print and its train_ch5 run on resized Fashion-MNIST.

What each of those sections shares: a Config with the book's settings, the layer-by-layer shape print exactly as
the book's cell (the book's nets are nn.Sequential, named sequential<k>; ours HybridSequential), and the run:
a time estimate first (from the net's FLOPs and a warm-up on a throwaway copy; re-seeded after, so the numbers
do not depend on it), then init.Xavier(), SGD at the book's lr and batch size, train.fit with train_ch5's line.
--quick trains the same net with the same hyperparameters on the first max_examples images of each split.
"""
from dataclasses import dataclass

import mxnet as mx
from mxnet import gluon, init, nd

from ... import data, devices, models, train
from ...config import RunConfig
from ...registry import Result
from ...train.estimate import estimate_run

_TRAIN, _TEST = 60000, 10000


@dataclass(frozen=True)
class CNNConfig(RunConfig):
    batch_size: int = 128
    num_epochs: int = 5
    lr: float = 0.1
    resize: int = 224
    max_examples: int = 0          # 0: the whole data set
    QUICK = {"num_epochs": 1, "max_examples": 128}


def fresh_names():
    """A name scope whose counters start at 0, so layers print the names the book's fresh kernel printed."""
    return mx.name.NameManager()


def book_name(name):
    """The book's name of a layer: its nn.Sequential blocks are 'sequential<k>' where ours are HybridSequential."""
    return name.replace("hybridsequential", "sequential")


def print_shapes(net, size, report):
    """The book's cell: default init, one random (1, 1, size, size) image, each layer's name and output shape."""
    X = nd.random.uniform(shape=(1, 1, size, size))
    net.initialize()
    for layer in net:
        X = layer(X)
        report(book_name(layer.name), 'output shape:\t', X.shape)


def estimate(cfg, model, **kwargs):
    """The estimate line for training models.get(model, **kwargs) under cfg; re-seeds to cfg.seed after it."""
    n_train, n_test = (min(n, cfg.max_examples) if cfg.max_examples else n for n in (_TRAIN, _TEST))
    line, _ = estimate_run(lambda: models.get(model, **kwargs), cfg.resize, cfg.batch_size, cfg.num_epochs,
                           n_train, n_test, cfg.context(), cfg.hybridize)
    devices.seed(cfg.seed)
    if cfg.max_examples:
        line += (f" [--quick/--max-examples: the first {n_train} training and {n_test} test images of "
                 f"Fashion-MNIST, the book's network and hyperparameters]")
    return line


def train_cnn(net, cfg, report, estimate_line, force_reinit=True):
    """The book's training cell: Xavier init, SGD(lr), load_data_fashion_mnist(batch_size, resize), train_ch5."""
    ctx = cfg.context()
    net.initialize(init.Xavier(), ctx=ctx, force_reinit=force_reinit)
    if cfg.hybridize:
        # Plain hybridize: static_alloc and static_shape bought nothing here. AlexNet's training step at batch 16,
        # alternating in one process: 1.08-1.11 s static against 1.11-1.28 s plain on the machine alone (2
        # threads); 12.5 s against 4.9 s under a load of 14-16. The same bits either way.
        net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': cfg.lr})
    train_iter, test_iter = data.load_data_fashion_mnist(cfg.batch_size, resize=cfg.resize,
                                                         max_examples=cfg.max_examples or None)
    report(estimate_line)                 # gluonlab extra: before a run that can take hours
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                        cfg.batch_size, trainer=trainer, ctx=ctx, report=report, line="ch5")
    last = history[-1]
    return Result(history=history, final={k: last[k] for k in ("loss", "train_acc", "test_acc")})
