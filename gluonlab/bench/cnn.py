"""Chapter 5's big CNNs: AlexNet (5.6, 224 px) and ResNet-18 (5.11, 96 px), a fixed Fashion-MNIST subset an "epoch".

The book's settings (batch size, lr, input size, Xavier init, SGD) on the first `max_examples` images of each
split, so that one measurement takes minutes, not hours. Three sides: the book's own code (d2lzh's loader, which
resizes each image in 4 worker processes, and d2lzh.train_ch5, with the book's layers run imperatively as its
nn.Sequential runs them), gluonlab imperative and gluonlab hybridized (the cached float32 set, resize_batch per
minibatch, train.fit).

The conv floor: each Conv2D and Dense layer of the net alone at its own shapes (one Convolution / FullyConnected
operator, oneDNN, hybridized as the nets are, no activation), timed forward and forward+backward under the
workload's thread count in its own process (conv_floor); the floor is the sum over layers, times the training and
test minibatches of an epoch: what the epoch would take if the convolutions and products ran back to back at that
speed and everything else were free.
"""
import time

import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

from .. import data, models, train
from ..models.flops import forward_flops, layer_costs, training_flops
from ..reference import d2lzh_side
from .workloads import Measured, Workload, register

_QUICK = {"epochs": 2}          # and max_examples: one minibatch of the workload's batch size


def _split_sizes(p):
    return p["max_examples"], p["max_examples"]         # the first n of the training and of the test set


def _costs(p):
    net = models.entry(p["model"]).factory()
    net.initialize()
    return layer_costs(net, (1, 1, p["resize"], p["resize"]))


def _flops(p):
    costs = _costs(p)
    n_train, n_test = _split_sizes(p)
    return n_train * training_flops(costs) + n_test * forward_flops(costs)


def _d2lzh(p):
    import d2lzh
    net = models.entry(p["model"]).factory()        # the book's layers, not hybridized: run as its nn.Sequential
    ctx = mx.cpu()
    with d2lzh_side.fashion_root(p["max_examples"]) as root:
        train_iter, test_iter = d2lzh.load_data_fashion_mnist(p["batch_size"], resize=p["resize"], root=root)
        net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': p["lr"]})
        start, lines = d2lzh_side.run_printing(d2lzh.train_ch5, net, train_iter, test_iter, p["batch_size"],
                                               trainer, ctx, p["epochs"])
    return Measured(d2lzh_side.epoch_times(start, lines), d2lzh_side.last_value(lines, "test acc"))


def _gluonlab(p, hybridize):
    train_iter, test_iter = data.load_data_fashion_mnist(p["batch_size"], resize=p["resize"],
                                                         max_examples=p["max_examples"])
    net = models.get(p["model"])
    net.initialize(init.Xavier())
    if hybridize:
        net.hybridize()           # not static_alloc/static_shape: see _deep_cnn.train_cnn
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": p["lr"]})
    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), p["epochs"],
                        p["batch_size"], trainer=trainer, report=lambda *a: None, line="ch5", header=False)
    return Measured([h["wall_s"] for h in history], history[-1]["test_acc"])


def _time(fn, repeats):
    fn()
    nd.waitall()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        nd.waitall()
        best = min(best, time.perf_counter() - start)
    return best


def _layer_op(c, batch, first):
    """(forward, forward+backward) callables of one layer alone, hybridized as the nets are, on random data."""
    x = nd.random.uniform(shape=(batch,) + tuple(c.in_shape))
    n_out = c.out_shape[0]
    if c.kind == "conv":
        layer = nn.Conv2D(n_out, c.kernel, c.strides, c.pads, groups=c.groups, in_channels=c.in_shape[0])
    else:
        layer = nn.Dense(n_out, in_units=c.in_shape[0])
    layer.initialize()
    layer.hybridize()
    if not first:                       # the data's gradient: every layer but the first computes it
        x.attach_grad()

    def train_step():
        with autograd.record():
            y = layer(x)
        y.backward()
    return (lambda: layer(x)), train_step


def conv_floor(params, repeats=3):
    """The conv floor of an epoch (see the module docstring): {"gflops", "floor_s", "kernels": per layer}."""
    costs = _costs(params)
    n_train, n_test = _split_sizes(params)
    bs = params["batch_size"]
    rows, floor, timed = [], 0.0, {}
    for i, c in enumerate(costs):
        key = (c, i == 0)                  # a layer shape met again (ResNet's repeated blocks) is timed once
        if key not in timed:
            forward, train_step = _layer_op(c, bs, first=(i == 0))
            timed[key] = _time(forward, repeats), _time(train_step, repeats)
        t_fwd, t_train = timed[key]
        rows.append({"kind": c.kind, "in": list(c.in_shape), "out": list(c.out_shape), "kernel": list(c.kernel),
                     "stride": list(c.strides), "forward_ms": t_fwd * 1e3, "train_ms": t_train * 1e3})
        floor += n_train / bs * t_train + n_test / bs * t_fwd
    flops = n_train * training_flops(costs) + n_test * forward_flops(costs)
    return {"gflops": flops / floor / 1e9, "floor_s": floor, "kernels": rows}


def _cnn(name, title, model, batch_size, lr, resize, max_examples):
    register(Workload(
        name=name, title=title, kind="conv", metric="test_acc",
        params={"model": model, "epochs": 3, "batch_size": batch_size, "lr": lr, "resize": resize,
                "max_examples": max_examples},
        quick={**_QUICK, "max_examples": batch_size},
        run_d2lzh=_d2lzh, run_gluonlab=_gluonlab, examples=lambda p: p["max_examples"], flops=_flops,
        peak="gluonlab.bench.cnn:conv_floor", minibatches=lambda p: -(-p["max_examples"] // p["batch_size"]),
        notes=f"the first {max_examples} training and {max_examples} test images an epoch; conv floor: "
              "each Conv2D/Dense layer as one oneDNN operator at its shapes"))


_cnn("alexnet", "AlexNet, 224 px (5.6)", "alexnet", 128, 0.01, 224, 256)
_cnn("resnet18", "ResNet-18, 96 px (5.11)", "resnet18_book", 256, 0.05, 96, 512)
