"""8.1 micro-benchmark: 1000 forwards of get_net (Dense(256, relu)-Dense(128, relu)-Dense(2)) at batch 1 and 256.

d2lzh side: the book's own code (8.1: `net.hybridize()` with no flags, then `benchmark`). gluonlab sides:
imperative, and hybridize(static_alloc=True, static_shape=True). One "epoch" (unit: run) is one timed run of num_iters (1000)
forwards ending in nd.waitall(); the first run includes building the graph, so s/epoch is the median of the
later runs. The final metric is the output's sum on a fixed input: equal on every side (same seed).
"""
from mxnet import nd

from ..models.hybrid import get_net
from ..train.sync import benchmark
from .workloads import Measured, Workload, register

_DIMS = (512, 256, 128, 2)


def _measure(batch, params, hybridize_kw=None):
    """hybridize_kw: None runs imperatively; a dict is passed to net.hybridize."""
    net = get_net()
    net.initialize()
    if hybridize_kw is not None:
        net.hybridize(**hybridize_kw)
    x = nd.random.normal(shape=(batch, _DIMS[0]))
    times = [benchmark(net, x, params["num_iters"]) for _ in range(params["epochs"])]
    return Measured(times, float(net(x).sum().asscalar()))


def _book(batch):
    def run(p):
        return _measure(batch, p, {})                    # hybridize() as the book calls it
    return run


def _gluonlab(batch):
    def run(p, hybridize):
        return _measure(batch, p, {"static_alloc": True, "static_shape": True} if hybridize else None)
    return run


def _flops(batch):
    macs = sum(a * b for a, b in zip(_DIMS[:-1], _DIMS[1:]))
    return lambda p: 2 * macs * batch * p["num_iters"]


for _batch in (1, 256):
    register(Workload(
        name=f"hybridize_b{_batch}", title=f"8.1 get_net, batch {_batch} (a run: num_iters forwards)",
        kind="small" if _batch == 1 else "matmul", metric="out_sum",
        params={"epochs": 4, "num_iters": 1000}, quick={"epochs": 1, "num_iters": 50},
        run_d2lzh=_book(_batch), run_gluonlab=_gluonlab(_batch),
        examples=lambda p, b=_batch: b * p["num_iters"], flops=_flops(_batch), unit="run",
        gemm_shapes=lambda p, b=_batch: [(b, k, n) for k, n in zip(_DIMS[:-1], _DIMS[1:])]))
