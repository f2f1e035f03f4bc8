"""Benchmark workloads: each runs one side (d2lzh, gluonlab imperative, gluonlab hybridized) and returns its timings.

A side function takes the workload's params (a dict: book settings, or QUICK overrides) and returns
`Measured(epoch_s=[seconds per epoch...], metric=final value or None)`. Each call happens in a fresh subprocess
(bench/child.py), so memory and OMP_NUM_THREADS belong to that side alone.

A workload with `flops` also names its matrix products (`gemm_shapes`): the bench measures the GEMM peak at those
shapes under the workload's thread count (runner.gemm_peak), and reports each side's floor (FLOPs / peak) and its
time as a multiple of that floor; with `minibatches`, also the time above the floor per training minibatch
(what dispatch, gathers, updates and the other operators cost on top of the products).
"""
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

SIDES = ("d2lzh", "imperative", "hybrid")
EXTRA_SIDES = ("gluon",)     # a workload's own further sides (Workload.extra_sides); 'gluon': Gluon's own layer
WORKLOADS = {}


@dataclass
class Measured:
    epoch_s: list
    metric: Optional[float] = None


def timed(fn, repeats):
    """Measured over `repeats` calls of fn() (each returns the metric; the last one is kept), for workloads whose
    unit is a whole call rather than an epoch."""
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return Measured(times, value)


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    kind: str                          # threads.KINDS: picks the automatic thread count
    metric: Optional[str]              # the book's metric key of the final value (test_acc, perplexity, ...)
    params: dict                       # book settings, with `epochs` per measurement
    quick: dict                        # overrides for --quick (tiny data, one epoch)
    run_d2lzh: Callable                # params -> Measured, with the book's own d2lzh helpers
    run_gluonlab: Callable             # (params, hybridize) -> Measured, with gluonlab's fast path
    examples: Callable                 # params -> examples processed per epoch
    flops: Optional[Callable] = None   # params -> floating point operations per epoch
    gemm_shapes: Optional[Callable] = None  # params -> [(m, k, n), ...]: the matrix products it runs (its peak)
    peak: Optional[str] = None         # "module:function", (params, repeats) -> {"gflops", "kernels"}: its own peak,
                                       # run in a child under the workload's threads (bench/cnn.py's conv floor)
    minibatches: Optional[Callable] = None  # params -> training minibatches per unit (time above the floor each)
    unit: str = "epoch"
    notes: str = ""
    sides: tuple = field(default=SIDES)
    extra_sides: dict = field(default_factory=dict)   # side name (of EXTRA_SIDES) -> params -> Measured

    def settings(self, quick=False):
        return {**self.params, **(self.quick if quick else {})}

    def run(self, side, params):
        if side == "d2lzh":
            return self.run_d2lzh(params)
        if side in self.extra_sides:
            return self.extra_sides[side](params)
        return self.run_gluonlab(params, hybridize=(side == "hybrid"))


def register(w):
    """Add a workload (next to its definition); names are unique. bench/suite.py imports every module that
    registers, and looks workloads up."""
    if w.name in WORKLOADS:
        raise ValueError(f"workload {w.name!r} is registered twice")
    WORKLOADS[w.name] = w
    return w


def dense_flops(dims, n_train, n_test, input_grad=False):
    """FLOPs of one epoch of a Dense stack dims[0] -> ... -> dims[-1]: training forward and backward, test forward.

    Backward computes every weight gradient and the input gradient of every layer but the first (MXNet skips
    the data's gradient, which needs none).
    """
    macs = [a * b for a, b in zip(dims[:-1], dims[1:])]
    forward = 2 * sum(macs)
    backward = 2 * sum(macs) + 2 * sum(macs[1:] if not input_grad else macs)
    return n_train * (forward + backward) + n_test * forward


def dense_gemm_shapes(dims, batch, input_grad=False):
    """The (m, k, n) products of a Dense stack dims[0] -> ... -> dims[-1] at `batch` rows, as dense_flops counts
    them: forward X W (batch, a, b), weight gradient dY^T X (b, batch, a), input gradient dY W^T (batch, b, a)
    for every layer but the first (unless input_grad). Duplicates dropped, order kept."""
    shapes = []
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        shapes += [(batch, a, b), (b, batch, a)] + ([(batch, b, a)] if i or input_grad else [])
    return list(dict.fromkeys(shapes))
