"""8.3 Automatic parallelism. Book: d2l-zh v1 §8.3 (run(x) on two devices, d2lzh.Benchmark, copy_to_cpu).

The book times ten matrix products on the CPU and on a GPU, alone and together (together takes as long as the
longer alone), then a GPU run overlapping with copies back to the CPU. Without a GPU the two devices are cpu(0)
and cpu(1): MXNet gives each its own worker thread, so their work still overlaps, which MXNet's profiler shows;
but they share the same cores and memory, so together they are faster only by the cores the other left idle.
"""
from dataclasses import dataclass, field

import mxnet as mx
from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...threads import num_cores
from ...train.overlap import overlap_fraction, profile
from ...train.sync import Benchmark
from ._devices import devices_for

ID, SLUG, TITLE = "8.3", "auto-parallelism", "Automatic parallelism"


@dataclass(frozen=True)
class Config(RunConfig):
    size: int = 1000               # both sides (the book: x_cpu 2000, x_gpu 6000, sized for a GPU)
    cpu_contexts: int = field(default=2, metadata={"min": 2})   # CPU contexts standing in for the CPU and GPU
    QUICK = {"size": 200}


def run_dots(x):
    """The book's run(x): ten matrix products, queued without waiting."""
    return [nd.dot(x, x) for _ in range(10)]


def _timed(label, fn, report):
    with Benchmark(label, report) as b:
        fn()
        nd.waitall()
    return b.elapsed


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = devices_for(cfg, report)
    a, b = (mx.cpu(), ctx[0]) if ctx[0].device_type == "gpu" else (ctx[0], ctx[1])
    x_a, x_b = (nd.random.uniform(shape=(cfg.size, cfg.size), ctx=c) for c in (a, b))
    run_dots(x_a), run_dots(x_b)
    nd.waitall()                                                   # warm-up
    t = {"a_s": _timed(f"Run on {a}.", lambda: run_dots(x_a), report),
         "b_s": _timed(f"Then run on {b}.", lambda: run_dots(x_b), report),
         "both_s": _timed(f"Run on both {a} and {b} in parallel.", lambda: (run_dots(x_a), run_dots(x_b)), report)}
    y = []
    t["run_s"] = _timed(f"Run on {b}.", lambda: y.extend(run_dots(x_b)), report)
    t["copy_s"] = _timed(f"Then copy to {a}.", lambda: [v.copyto(a) for v in y], report)
    t["run_and_copy_s"] = _timed("Run and copy in parallel.", lambda: [v.copyto(a) for v in run_dots(x_b)], report)
    busy = profile(lambda: (run_dots(x_a), run_dots(x_b)))
    overlap = overlap_fraction(*busy.values()) if len(busy) == 2 else 0.0
    t.update(overlap=overlap, speedup=(t["a_s"] + t["b_s"]) / t["both_s"], cores=num_cores())
    report("profiler: the two devices' products overlapped for %.0f%% of the time either was busy" % (100 * overlap))
    if a.device_type == b.device_type:
        report(f"limitation: {a} and {b} are the same {num_cores()} core(s) and memory; together they ran "
               f"{t['speedup']:.2f}x as fast as one after the other, a gain only where one device's products leave "
               f"cores idle (never the book's CPU + GPU gain), and a copy between them is a memory copy, not PCIe")
    return Result(final=t)
