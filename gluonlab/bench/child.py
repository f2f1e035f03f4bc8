"""One measurement in a fresh process: `python -m gluonlab.bench.child JSON` prints one RESULT line.

JSON: {"workload": name, "side": d2lzh|imperative|hybrid, "params": {...}, "seed": 0}, or a GEMM peak:
{"gemm_shapes": [[m, k, n], ...], "repeats": r} (nd.dot and FullyConnected at each shape) or {"gemm": n, ...},
or {"call": "module:function", "kwargs": {...}} (a workload's own peak, e.g. bench/cnn.py's conv floor).
OMP_NUM_THREADS comes from the parent's environment for this process (MXNet reads it when it loads).
"""
import json
import os
import resource
import sys
import time

MARKER = "GLUONLAB_BENCH_RESULT "


def peak_rss_mb():
    """Peak resident memory of this process in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def gemm_gflops(n=1024, repeats=10):
    """Best GFLOP/s of an (n, n) x (n, n) float32 product (nd.dot or FullyConnected) under this thread count."""
    return gemm_kernels([(n, n, n)], repeats)["gemm_gflops"]


def gemm_kernels(shapes, repeats=10, min_flops=5e7, max_calls=200):
    """GFLOP/s of nd.dot and of FullyConnected (no bias) at each (m, k, n): an (m, k) by (k, n) float32 product.

    Each timing runs enough back-to-back calls for about min_flops (at most max_calls) and waits once, so small
    products are not measured by one call's dispatch alone; the best of `repeats` timings counts.
    Returns {"gemm_gflops": the best over shapes and both kernels, "kernels": [{shape, dot, fully_connected}]}.
    """
    from mxnet import nd
    out = []
    for m, k, n in shapes:
        a, b, w = nd.random.uniform(shape=(m, k)), nd.random.uniform(shape=(k, n)), nd.random.uniform(shape=(n, k))
        flops = 2.0 * m * k * n
        calls = int(min(max_calls, max(1, min_flops // flops)))
        kernels = {"dot": lambda: nd.dot(a, b),
                   "fully_connected": lambda: nd.FullyConnected(a, w, num_hidden=n, no_bias=True)}
        row = {"shape": [m, k, n]}
        for name, kernel in kernels.items():
            kernel().wait_to_read()
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                for _ in range(calls):
                    y = kernel()
                y.wait_to_read()
                best = min(best, (time.perf_counter() - start) / calls)
            row[name] = flops / best / 1e9
        out.append(row)
    return {"gemm_gflops": max(max(r["dot"], r["fully_connected"]) for r in out), "kernels": out}


def measure(spec):
    if "call" in spec:                   # {"call": "module:function", "kwargs": {...}}: a workload's own peak
        import importlib
        module, name = spec["call"].split(":")
        return getattr(importlib.import_module(module), name)(**spec.get("kwargs", {}))
    if "gemm_shapes" in spec:
        return gemm_kernels([tuple(s) for s in spec["gemm_shapes"]], spec.get("repeats", 10))
    if "gemm" in spec:
        return {"gemm_gflops": gemm_gflops(spec["gemm"], spec.get("repeats", 10))}
    from ..devices import seed
    from . import suite                  # here: the peak measurements above need no workload module
    w = suite.get(spec["workload"])
    seed(spec.get("seed", 0))
    start = time.perf_counter()
    measured = w.run(spec["side"], spec["params"])
    wall = time.perf_counter() - start
    return {"epoch_s": measured.epoch_s, "metric": measured.metric, "wall_s": wall,
            "setup_s": wall - sum(measured.epoch_s), "peak_rss_mb": peak_rss_mb(),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS")}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from .. import children
    children.child_setup()                      # ends with its parent, and cleanly on SIGTERM
    result = measure(json.loads(argv[0]))
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
