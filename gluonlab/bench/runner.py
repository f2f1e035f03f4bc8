"""Run every (workload, side, repeat) in its own subprocess, alternating the sides' order, and summarise.

s/epoch of one repeat: the median of its epochs after the first (the first includes setup: DataLoader workers,
graph building, caches); with one epoch, that epoch. Across repeats: median, min and max of those values.
A workload with FLOPs is measured against the GEMM peak at its own matrix shapes and thread count (gemm_peak,
apply_peak): its floor is FLOPs / peak, and each side's time is reported as a multiple of it.
"""
import json
import statistics
import subprocess
import sys
import time

from .. import _openmp_env, children, threads
from .child import MARKER
from .suite import get
from .workloads import SIDES

DEFAULT_REPEATS = 3
CHILD = (sys.executable, "-m", "gluonlab.bench.child")
TIMEOUT_S = {True: 600, False: 1800}      # per child, by quick: a hung child costs minutes, not the whole bench


def run_child(spec, n_threads, timeout=1800):
    """Run child.py with OMP_NUM_THREADS=n_threads; its result dict, or {'error': ...}. The child runs in a
    process group of its own that ends with this call, however it ends (children.run: Ctrl-C, SIGTERM)."""
    env = threads.env_for(n_threads)
    if spec.get("side") == "d2lzh":              # the book's code under MXNet's defaults, as its users run it
        env = _openmp_env.mxnet_default_env(env)
    try:
        code, out, err = children.run([*CHILD, json.dumps(spec)], env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    for line in reversed(out.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    tail = (err or out).strip().splitlines()[-3:]
    return {"error": f"exit {code}: " + " | ".join(tail)}


def per_epoch(epoch_s):
    later = epoch_s[1:] if len(epoch_s) > 1 else epoch_s
    return statistics.median(later) if later else None


def gemm_peak(n_threads, shapes=None, quick=False, cache={}):
    """The GEMM peak under n_threads: {"gflops": best of nd.dot and FullyConnected over `shapes` ((m, k, n)
    products, default one 1024-cube), "kernels": per shape and kernel}; None if the measurement failed.
    One subprocess per (threads, shapes), cached for the run."""
    shapes = [tuple(s) for s in (shapes or [(1024, 1024, 1024)])]
    key = (n_threads, tuple(shapes), quick)
    if key not in cache:
        res = run_child({"gemm_shapes": shapes, "repeats": 3 if quick else 10}, n_threads)
        cache[key] = ({"gflops": res["gemm_gflops"], "kernels": res["kernels"]} if "gemm_gflops" in res
                      else None)
    return cache[key]


def summarise(w, side, params, runs):
    ok = [r for r in runs if "error" not in r]
    out = {"side": side, "repeats": runs}
    if not ok:
        out["error"] = runs[-1].get("error") if runs else "not run"
        return out
    values = [per_epoch(r["epoch_s"]) for r in ok]
    med = statistics.median(values)
    metrics = [r["metric"] for r in ok if r.get("metric") is not None]
    out.update({
        "s_per_epoch": {"median": med, "min": min(values), "max": max(values)},
        "examples_per_s": w.examples(params) / med if med else None,
        "metric": statistics.median(metrics) if metrics else None,
        "metric_all": metrics,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
        "setup_s": statistics.median(r["setup_s"] for r in ok),
        "omp_num_threads": ok[-1].get("omp_num_threads"),
    })
    if w.flops and med:
        out["gflops"] = w.flops(params) / med / 1e9
    return out


def apply_peak(entries, kernel_peak, flops, minibatches=None):
    """Give each measured side its GEMM peak, floor and multiple of the floor; returns the peak used.

    The peak is the best rate seen for this workload under its thread count: the best kernel at its shapes
    (kernel_peak, GFLOP/s), raised to a side's own rate when a side ran faster (its products fused, or a cached
    graph dispatching faster than one imperative call; the JSON then says peak_source 'observed: <side>').
    So no side can be above 100% of peak: the fastest is at most at it. floor_s = flops / peak (seconds per
    unit at the peak); x_floor = the side's s/unit over it (>= 1); with minibatches (training minibatches per
    unit), above_floor_ms = the side's time above the floor per minibatch, in milliseconds.
    """
    rated = [e for e in entries if e.get("gflops")]
    if not rated:
        return None
    fastest = max(rated, key=lambda e: e["gflops"])
    peak, source = kernel_peak, "kernel"
    if not kernel_peak or fastest["gflops"] > kernel_peak:
        peak, source = fastest["gflops"], f"observed: {fastest['side']}"
    for e in rated:
        e.update(gemm_peak_gflops=peak, kernel_peak_gflops=kernel_peak, peak_source=source,
                 fraction_of_peak=e["gflops"] / peak, floor_s=flops / peak / 1e9,
                 x_floor=e["s_per_epoch"]["median"] / (flops / peak / 1e9))
        if minibatches:
            e["above_floor_ms"] = (e["s_per_epoch"]["median"] - e["floor_s"]) / minibatches * 1e3
    return peak


def bench_workload(name, repeats=DEFAULT_REPEATS, quick=False, n_threads=None, sides=None, log=print,
                   book_threads=None):
    """Measure one workload on each side; returns its entry of the report's `workloads` list.

    book_threads: the d2lzh side's thread count when it should differ from the others' (the book as users run it).
    """
    w = get(name)
    params = w.settings(quick)
    n = n_threads or threads.auto_threads(w.kind)
    sides = [s for s in (sides or w.sides) if s in w.sides]
    runs = {s: [] for s in sides}
    for r in range(repeats):
        order = sides if r % 2 == 0 else sides[::-1]
        for side in order:
            start = time.perf_counter()
            side_threads = book_threads if side == "d2lzh" and book_threads else n
            res = run_child({"workload": name, "side": side, "params": params, "seed": 0}, side_threads,
                            TIMEOUT_S[quick])
            runs[side].append(res)
            log(f"  {name:<14} {side:<10} repeat {r + 1}/{repeats}: "
                + (res["error"] if "error" in res else
                   f"{per_epoch(res['epoch_s']):.4g} s/{w.unit}, metric {res['metric']}")
                + f" ({time.perf_counter() - start:.1f} s)")
    entries = [summarise(w, s, params, runs[s]) for s in sides]
    if w.peak:
        res = run_child({"call": w.peak, "kwargs": {"params": params, "repeats": 1 if quick else 3}}, n)
        kernels = None if "error" in res else res
    else:
        kernels = gemm_peak(n, w.gemm_shapes(params) if w.gemm_shapes else None, quick) if w.flops else None
    peak = (apply_peak(entries, kernels and kernels["gflops"], w.flops(params),
                       w.minibatches and w.minibatches(params)) if w.flops else None)
    base = next((e for e in entries if e["side"] == "d2lzh" and "s_per_epoch" in e), None)
    imperative = next((e for e in entries if e["side"] == "imperative" and "s_per_epoch" in e), None)
    for e in entries:
        if "s_per_epoch" not in e:
            continue
        e["ratio_to_d2lzh"] = base["s_per_epoch"]["median"] / e["s_per_epoch"]["median"] if base else None
        if e["side"] == "hybrid" and imperative:
            e["speedup_vs_imperative"] = imperative["s_per_epoch"]["median"] / e["s_per_epoch"]["median"]
    return {"name": name, "title": w.title, "kind": w.kind, "threads": n, "unit": w.unit, "metric": w.metric,
            "params": params, "examples_per_epoch": w.examples(params),
            "gflop_per_epoch": w.flops(params) / 1e9 if w.flops else None, "gemm_peak_gflops": peak,
            "gemm_kernels": kernels, "floor_s": w.flops(params) / peak / 1e9 if peak else None,
            "notes": w.notes, "sides": entries}
