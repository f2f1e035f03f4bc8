"""LeNet (5.5) at the book's settings: batch 256, lr 0.9, Xavier, SGD, Fashion-MNIST at 28 x 28.

d2lzh side: the book's code as printed: the notebook's nn.Sequential LeNet, gluon.Trainer, d2lzh's loader (its
DataLoader with ToTensor, 4 workers) and d2lzh.train_ch5 (two synchronisations a minibatch); an epoch is the time
between two printed epoch lines, test evaluation included, as gluonlab's is. gluonlab sides: the decoded cache
and its slicing loader, models.get('lenet') (the book's layers; 6 channels padded to 8 under oneDNN,
models/lenet.py), train.make_trainer, train.fit (metrics read once an epoch), imperative or hybridized with
static shapes. No FLOPs counted: LeNet's 0.43 GFLOP a minibatch are not what its time is made of (small
convolutions, sigmoids, pooling and per-minibatch overhead), so no GEMM floor.
"""
from mxnet import gluon, init
from mxnet.gluon import nn

from .. import data, models, train
from ..reference import d2lzh_side
from .workloads import Measured, Workload, register

_TRAIN = 60000


def book_lenet():
    """The 5.5 notebook's network, as printed."""
    net = nn.Sequential()
    net.add(nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation='sigmoid'),
            nn.Dense(84, activation='sigmoid'),
            nn.Dense(10))
    return net


def run_d2lzh(p):
    import d2lzh
    import mxnet as mx
    with d2lzh_side.fashion_root(p.get("max_examples")) as root:
        train_iter, test_iter = d2lzh.load_data_fashion_mnist(p["batch_size"], root=root)
        net = book_lenet()
        net.initialize(ctx=mx.cpu(), init=init.Xavier())
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": p["lr"]})
        start, lines = d2lzh_side.run_printing(d2lzh.train_ch5, net, train_iter, test_iter, p["batch_size"],
                                               trainer, mx.cpu(), p["epochs"])
    return Measured(d2lzh_side.epoch_times(start, lines), d2lzh_side.last_value(lines, "test acc"))


def run_gluonlab(p, hybridize):
    train_iter, test_iter = data.load_data_fashion_mnist(p["batch_size"], max_examples=p.get("max_examples"))
    net = models.get("lenet")
    net.initialize(init=init.Xavier())
    if hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": p["lr"]})
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), p["epochs"],
                        p["batch_size"], trainer=trainer, line="ch5", report=lambda *a: None)
    return Measured([h["wall_s"] for h in history], history[-1]["test_acc"])


register(Workload(
    name="lenet", title="LeNet (5.5)", kind="conv", metric="test_acc",
    params={"epochs": 3, "batch_size": 256, "lr": 0.9}, quick={"epochs": 1, "max_examples": 1024},
    run_d2lzh=run_d2lzh, run_gluonlab=run_gluonlab,
    examples=lambda p: min(_TRAIN, p.get("max_examples") or _TRAIN),
    notes="epochs 2-3 timed (the first includes setup); test acc after epoch 3 (the book's 5 epochs: 0.754)"))
