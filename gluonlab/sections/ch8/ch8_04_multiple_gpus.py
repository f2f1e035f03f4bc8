"""8.4 Multi-GPU computation. Book: d2l-zh v1 §8.4 (lenet, allreduce, split_and_load, train_batch, train).

The book trains its scratch LeNet on one GPU, then on two (train(num_gpus, batch_size=256, lr=0.2), 4 epochs
each, both from the same initial parameters). Without a GPU this section says so first and runs the same code on
`cpu_contexts` CPU contexts: they share the machine's cores, so two are no faster than one, but the arithmetic
(slices, per-device gradients, allreduce) is the book's and so is the accuracy.
"""
import time
from dataclasses import dataclass

from mxnet import nd

from ... import data
from ...config import RunConfig
from ...registry import Result, section
from ...scratch.multi_gpu import allreduce, get_params, init_params, lenet, split_and_load, train_batch
from ...train.classify import evaluate_accuracy
from ._devices import devices_for

ID, SLUG, TITLE = "8.4", "multiple-gpus", "Multi-GPU computation"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256          # the whole minibatch, split over the devices
    lr: float = 0.2
    num_epochs: int = 4
    cpu_contexts: int = 2          # CPU contexts standing in for GPUs on a machine without one
    max_examples: int = 0          # 0: the whole data set
    QUICK = {"num_epochs": 1, "max_examples": 512, "batch_size": 64}


def demos(params, ctx, report):
    """The book's demonstrations: a parameter copy on a device, allreduce over two arrays, split_and_load."""
    new_params = get_params(params, ctx[0])
    report('b1 weight:', new_params[1])
    report('b1 grad:', new_params[1].grad)
    arrays = [nd.ones((1, 2), ctx=ctx[i % len(ctx)]) * (i + 1) for i in range(2)]
    report('before allreduce:', arrays)
    allreduce(arrays)
    report('after allreduce:', arrays)
    batch = nd.arange(24).reshape((6, 4))
    report('input: ', batch, 'load into', ctx[:2], 'output:', split_and_load(batch, ctx[:2]), sep="\n")
    return [a.asnumpy().tolist() for a in arrays]


def train(params, ctx, cfg, report):
    """Book: §8.4 train(num_gpus, batch_size, lr) on the contexts ctx; one history row per epoch."""
    train_iter, test_iter = data.load_data_fashion_mnist(cfg.batch_size, max_examples=cfg.max_examples or None)
    report('running on:', ctx)
    gpu_params = [get_params(params, c) for c in ctx]
    rows = []
    for epoch in range(cfg.num_epochs):
        start = time.time()
        for X, y in train_iter:
            train_batch(X, y, gpu_params, ctx, cfg.lr)
            nd.waitall()
        train_time = time.time() - start
        test_acc = evaluate_accuracy(test_iter, lambda x: lenet(x, gpu_params[0]), ctx[0])
        report('epoch %d, time %.1f sec, test acc %.2f' % (epoch + 1, train_time, test_acc))
        rows.append({"epoch": epoch + 1, "num_devices": len(ctx), "test_acc": float(test_acc), "wall_s": train_time})
    return rows


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = devices_for(cfg, report)
    params = init_params()
    final = {"allreduce": demos(params, ctx, report)[0], "num_devices": len(ctx)}
    history = []
    for k in sorted({1, min(len(ctx), 2)}):        # the book's train(num_gpus=1, ...) and train(num_gpus=2, ...)
        rows = train(params, ctx[:k], cfg, report)
        history += rows
        final.update({f"test_acc_{k}dev": rows[-1]["test_acc"], f"epoch_s_{k}dev": rows[-1]["wall_s"]})
    return Result(history=history, final=final)
