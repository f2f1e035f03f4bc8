"""Fashion-MNIST workloads: softmax regression (3.7), MLP (3.10), dropout MLP (3.13), book settings.

d2lzh side: the book's code as printed (nn.Sequential, gluon.Trainer, d2lzh.load_data_fashion_mnist with its
DataLoader of 4 workers, d2lzh.train_ch3); an epoch is the time between two printed epoch lines, so it includes
the test evaluation, as gluonlab's does. gluonlab side: the float32 cache and the slicing loader, models.get,
train.make_trainer (SGD, one update operator call per parameter on a CPU, same values as MXNet's
aggregated call), train.fit (loss and accuracy in one cached graph per minibatch, synced once
per epoch).
"""
from mxnet import gluon, init

from .. import data, models, train
from ..reference import d2lzh_side
from ..reference.book_fashion import MLP_DROPOUT, SOFTMAX, book_train_ch3
from .workloads import Measured, Workload, dense_flops, dense_gemm_shapes, register

_QUICK = {"epochs": 1, "max_examples": 1024}
_TRAIN, _TEST = 60000, 10000


def _n(p, total):
    return min(total, p["max_examples"]) if p.get("max_examples") else total


def _d2lzh(layers):
    def run(p):
        import d2lzh
        with d2lzh_side.fashion_root(p.get("max_examples")) as root:
            train_iter, test_iter = d2lzh.load_data_fashion_mnist(p["batch_size"], root=root)
            start, lines = book_train_ch3(layers, p["lr"], p["epochs"], p["batch_size"], train_iter, test_iter)
        return Measured(d2lzh_side.epoch_times(start, lines), d2lzh_side.last_value(lines, "test acc"))
    return run


def _gluonlab(model, **model_kw):
    def run(p, hybridize):
        train_iter, test_iter = data.load_data_fashion_mnist(p["batch_size"], max_examples=p.get("max_examples"))
        net = models.get(model, **model_kw)
        net.initialize(init.Normal(sigma=0.01))
        if hybridize:
            net.hybridize(static_alloc=True, static_shape=True)
        trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": p["lr"]})
        history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), p["epochs"],
                            p["batch_size"], trainer=trainer, report=lambda *a: None)
        return Measured([h["wall_s"] for h in history], history[-1]["test_acc"])
    return run


def _fashion(name, title, model, layers, dims, lr, kind, **model_kw):
    register(Workload(
        name=name, title=title, kind=kind, metric="test_acc",
        params={"epochs": 3, "batch_size": 256, "lr": lr}, quick=_QUICK,
        run_d2lzh=_d2lzh(layers), run_gluonlab=_gluonlab(model, **model_kw),
        examples=lambda p: _n(p, _TRAIN),
        flops=lambda p: dense_flops(dims, _n(p, _TRAIN), _n(p, _TEST)),
        gemm_shapes=lambda p: dense_gemm_shapes(dims, p["batch_size"]),
        minibatches=lambda p: -(-_n(p, _TRAIN) // p["batch_size"])))


_fashion("softmax", "Softmax regression (3.7)", "softmax", SOFTMAX, [784, 10], 0.1, "small")
_fashion("mlp", "MLP 784-256-10 (3.10)", "mlp", [("relu", 256), ("dense", 10)], [784, 256, 10], 0.5, "matmul")
_fashion("mlp_dropout", "Dropout MLP 784-256-256-10 (3.13)", "mlp_dropout", MLP_DROPOUT,
         [784, 256, 256, 10], 0.5, "matmul")
