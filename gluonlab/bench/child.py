"""One measurement in a fresh process: `python -m gluonlab.bench.child JSON` prints one RESULT line.

JSON: {"workload": name, "side": d2lzh|imperative|hybrid, "params": {...}, "seed": 0} or {"gemm": n, "repeats": r}.
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
    """Best GFLOP/s of an (n, n) x (n, n) float32 nd.dot: the machine's GEMM peak under this thread count."""
    from mxnet import nd
    a, b = nd.random.uniform(shape=(n, n)), nd.random.uniform(shape=(n, n))
    nd.dot(a, b).wait_to_read()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        nd.dot(a, b).wait_to_read()
        best = min(best, time.perf_counter() - start)
    return 2 * n ** 3 / best / 1e9


def measure(spec):
    if "gemm" in spec:
        return {"gemm_gflops": gemm_gflops(spec["gemm"], spec.get("repeats", 10))}
    from ..devices import seed
    from . import workloads
    w = workloads.get(spec["workload"])
    seed(spec.get("seed", 0))
    start = time.perf_counter()
    measured = w.run(spec["side"], spec["params"])
    wall = time.perf_counter() - start
    return {"epoch_s": measured.epoch_s, "metric": measured.metric, "wall_s": wall,
            "setup_s": wall - sum(measured.epoch_s), "peak_rss_mb": peak_rss_mb(),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS")}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    result = measure(json.loads(argv[0]))
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
