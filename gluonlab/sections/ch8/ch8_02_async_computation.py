"""8.2 Asynchronous computation. Book: d2l-zh v1 §8.2 (d2lzh.Benchmark, the memory experiment)."""
from dataclasses import dataclass

from mxnet import gluon, init, nd
from mxnet.gluon import loss as gloss, nn

from ...config import RunConfig
from ...registry import Result, section
from ...train.sync import Benchmark, data_iter, train_memory_run

ID, SLUG, TITLE = "8.2", "async-computation", "Asynchronous computation"


@dataclass(frozen=True)
class Config(RunConfig):
    size: int = 2000               # x is (size, size)
    num_iters: int = 1000
    num_batches: int = 100
    batch_size: int = 1024
    num_inputs: int = 512
    lr: float = 0.005
    QUICK = {"size": 200, "num_iters": 50, "num_batches": 4, "batch_size": 64}


def _queue_demos(cfg, ctx, report):
    """The timing demos: queued vs finished, the sync calls, synchronous vs asynchronous loops."""
    a, b = nd.ones((1, 2), ctx=ctx), nd.ones((1, 2), ctx=ctx)
    report(a * b + 2)
    with Benchmark('Workloads are queued.', report):
        x = nd.random.uniform(shape=(cfg.size, cfg.size), ctx=ctx)
        y = nd.dot(x, x).sum()
    with Benchmark('Workloads are finished.', report):
        report('sum =', y)
    for sync in (lambda: nd.dot(x, x).wait_to_read(), lambda: (nd.dot(x, x), nd.dot(x, x), nd.waitall()),
                 lambda: nd.dot(x, x).asnumpy(), lambda: nd.dot(x, x).norm().asscalar()):
        with Benchmark(report=report):
            sync()
    with Benchmark('synchronous.', report) as synchronous:
        for _ in range(cfg.num_iters):
            (x + 1).wait_to_read()
    with Benchmark('asynchronous.', report) as asynchronous:
        for _ in range(cfg.num_iters):
            x + 1
        nd.waitall()
    return {"synchronous_s": synchronous.elapsed, "asynchronous_s": asynchronous.elapsed}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    final = _queue_demos(cfg, ctx, report)
    net = nn.Sequential()
    net.add(nn.Dense(2048, activation='relu'), nn.Dense(512, activation='relu'), nn.Dense(1))
    net.initialize(init.Uniform(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': cfg.lr})
    loss_fn = gloss.L2Loss()
    for X, y in data_iter(cfg.num_batches, cfg.batch_size, cfg.num_inputs, report, ctx):
        net(X).wait_to_read()          # warm-up: finishes deferred initialization
        break
    for name, sync in (("sync_per_batch_mb", True), ("no_sync_mb", False)):
        batches = data_iter(cfg.num_batches, cfg.batch_size, cfg.num_inputs, report, ctx)
        final[name] = train_memory_run(net, trainer, loss_fn, batches, sync, report)
    # Departure seen with MXNet 1.9.1: its CPU memory pool keeps what the first run allocated, so the second run
    # reuses it and shows ~0 MB whichever it is; run alone first, the unsynchronised run grows more (59 vs 35 MB).
    report('note: the second run reuses the memory pool filled by the first; compare each run in a fresh process')
    return Result(final=final)
