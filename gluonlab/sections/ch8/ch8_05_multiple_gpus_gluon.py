"""8.5 Concise multi-GPU computation. Book: d2l-zh v1 §8.5 (d2lzh.resnet18, try_all_gpus, the train loop).

The book's 8.5 needs one or two GPUs. This section runs on every GPU try_all_gpus finds; on a CPU-only machine it
says so and runs the same data-parallel code on `cpu_contexts` CPU contexts (cpu:0, cpu:1, ...), which share the
cores but exercise the ctx-list path.
"""
from dataclasses import dataclass

import mxnet as mx
from mxnet import gluon, init, nd

from ... import data, models, train
from ...config import RunConfig
from ...registry import Result, section
from ._devices import devices_for

ID, SLUG, TITLE = "8.5", "multiple-gpus-gluon", "Concise multi-GPU computation"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256          # per device: train(k devices) uses k * batch_size and k * lr
    lr: float = 0.1
    num_epochs: int = 4
    width: int = 64                # ResNet-18's first-stage channels (the book's 64)
    cpu_contexts: int = 2          # CPU contexts standing in for GPUs on a machine without one
    max_examples: int = 0          # 0: the whole data set
    QUICK = {"num_epochs": 1, "width": 4, "batch_size": 32, "max_examples": 256}


def show_copies(net, ctx, report):
    """The book's demos: a batch split over ctx, one forward per slice, one parameter copy per device."""
    net.initialize(init=init.Normal(sigma=0.01), ctx=ctx)
    x_shards = gluon.utils.split_and_load(nd.random.uniform(shape=(4, 1, 28, 28)), ctx)
    for shard in x_shards:
        report(net(shard))
    weight = net[0].params.get("weight")
    try:
        weight.data()
    except RuntimeError:
        report("not initialized on", mx.cpu())
    # copy() first: indexing MKL-DNN's internal weight layout in place fails with `!is_view` (width 64 on CPU)
    first, last = weight.data(ctx[0]).copy()[0], weight.data(ctx[-1]).copy()[0]
    report(first, last, sep="\n")
    return bool((first.asnumpy() == last.asnumpy()).all())


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    ctx = devices_for(cfg, report)
    net = models.get("resnet18", num_classes=10, width=cfg.width)
    final = {"copies_equal": show_copies(net, ctx, report), "num_devices": len(ctx)}
    if cfg.hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    history = []
    # the book's train(1, 256, 0.1) and train(2, 512, 0.2); a distributed worker trains once (one Trainer)
    for k in [len(ctx)] if train.is_distributed() else sorted({1, len(ctx)}):
        entries = train_on(net, ctx[:k], cfg.batch_size * k, cfg.lr * k, cfg, report)
        history += [{**e, "num_devices": k} for e in entries]
        final.update({f"test_acc_{k}dev": entries[-1]["test_acc"], f"epoch_s_{k}dev": entries[-1]["wall_s"]})
    return Result(history=history, final=final)


def train_on(net, ctx, batch_size, lr, cfg, report):
    """Book: §8.5 train(num_gpus, batch_size, lr): re-initialize on ctx, fit, one line per epoch."""
    train_iter, test_iter = data.load_data_fashion_mnist(batch_size, max_examples=cfg.max_examples or None)
    report("running on:", ctx)
    net.initialize(init=init.Normal(sigma=0.01), ctx=ctx, force_reinit=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    # fit's per-epoch time includes the test pass (the book's stops before it)
    line = lambda e: report("epoch %d, time %.1f sec, test acc %.2f" % (e["epoch"], e["wall_s"], e["test_acc"]))
    return train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs, batch_size,
                     trainer=trainer, ctx=ctx, report=lambda *a: None, on_epoch=line)
