"""Devices and seeds: try_gpu, try_all_gpus, parse_ctx('gpu:0,gpu:1'), seed(n). Book: d2lzh.try_gpu."""
import random
import re

import mxnet as mx
import numpy as np

from .errors import DeviceError


def num_gpus():
    """Number of GPUs MXNet can see (0 with the CPU wheel)."""
    try:
        return mx.context.num_gpus()
    except mx.base.MXNetError:
        return 0


# What mxnet-cu112 1.9.1 can run on, read from its wheel: machine code for compute capability 5.0-8.6 (no PTX),
# linked against CUDA 11 libraries it does not bundle (docs/gpu.md).
GPU_WHEEL_NEEDS = ("mxnet-cu112 1.9.1 runs on GPUs of compute capability 5.0 to 8.9 (Maxwell to Ada, not Hopper "
                   "or newer) with CUDA 11.2 and cuDNN 8 installed")


def _probe(ctx):
    """None if an array can be made and read on ctx, else MXNet's reason (the last line of its error)."""
    try:
        mx.nd.zeros((1,), ctx=ctx).wait_to_read()
        return None
    except mx.base.MXNetError as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        return lines[-1][:300] if lines else type(err).__name__


def _usable(ctx):
    return _probe(ctx) is None


def try_gpu():
    """mx.gpu() if an array can be allocated there, else mx.cpu(). Book: d2lzh.try_gpu."""
    ctx = mx.gpu()
    return ctx if num_gpus() > 0 and _usable(ctx) else mx.cpu()


def try_all_gpus():
    """Every usable GPU (probing up to 16), or [mx.cpu()]. Book: d2lzh.try_all_gpus."""
    ctxs = [mx.gpu(i) for i in range(min(num_gpus(), 16)) if _usable(mx.gpu(i))]
    return ctxs or [mx.cpu()]


_CTX_RE = re.compile(r"^(cpu|gpu)(?::(\d+))?$")


def ctx_spec(spec, fallback=False):
    """The contexts `spec` names (parse_ctx) written back as 'cpu:0,gpu:1': what a record or a child process gets."""
    return ",".join(f"{c.device_type}:{c.device_id}" for c in parse_ctx(spec, fallback=fallback))


def parse_ctx(spec, fallback=False):
    """Parse 'cpu', 'gpu', 'gpu:1' or a comma list into a list of Contexts.

    With fallback=True a GPU that is not there becomes mx.cpu() (said once on stderr);
    otherwise it is a DeviceError naming the GPUs that exist.
    """
    if isinstance(spec, mx.Context):
        return [spec]
    if isinstance(spec, (list, tuple)):
        return [c for s in spec for c in parse_ctx(s, fallback)]
    parts = [p.strip().lower() for p in str(spec).split(",") if p.strip()]
    if not parts:
        raise DeviceError(f"empty context {spec!r}", "use cpu, gpu, gpu:N or a comma list such as gpu:0,gpu:1")
    ctxs, seen = [], set()
    for part in parts:
        m = _CTX_RE.match(part)
        if not m:
            raise DeviceError(f"bad context {part!r} in {spec!r}",
                              "use cpu, cpu:N, gpu, gpu:N or a comma list such as gpu:0,gpu:1")
        kind, idx = m.group(1), int(m.group(2) or 0)
        if (kind, idx) in seen:
            raise DeviceError(f"context {kind}:{idx} is listed twice in {spec!r}",
                              "name each device once, e.g. --ctx gpu:0,gpu:1")
        seen.add((kind, idx))
        if kind == "cpu" and idx >= cpu_devices():
            raise DeviceError(f"cpu:{idx} does not exist: this machine offers cpu:0 to cpu:{cpu_devices() - 1}",
                              "use --ctx cpu (or cpu:N with N below the number of CPU cores)")
        ctx = _gpu(idx, fallback) if kind == "gpu" else mx.cpu(idx)
        if ctx not in ctxs:                  # gpu:0,gpu:1 falling back both to cpu(0) is one device
            ctxs.append(ctx)
    return ctxs


def cpu_devices():
    """How many cpu:N contexts a run may name: one per core (at least two, which 8.5's CPU stand-in uses)."""
    import os
    return max(os.cpu_count() or 1, 2)


def _gpu(idx, fallback):
    n = num_gpus()
    problem = _probe(mx.gpu(idx)) if idx < n else None
    if idx < n and problem is None:
        return mx.gpu(idx)
    why = (f"gpu({idx}) is there but MXNet cannot use it ({problem})" if idx < n else
           f"gpu({idx}) is not available ({n} GPU(s) found)")
    if fallback:
        import sys
        print(f"gluonlab: {why}; using cpu(0)", file=sys.stderr)
        return mx.cpu()
    if idx < n:
        raise DeviceError(why, f"{GPU_WHEEL_NEEDS}; run with --ctx cpu, or --gpu-fallback to use the CPU")
    raise DeviceError(f"gpu({idx}) is not available: this machine has {n} GPU(s)",
                      "run with --ctx cpu, or --gpu-fallback to use the CPU when no GPU is there, "
                      "or install the GPU wheel: pip install -e .[gpu]")


def seed(n):
    """Seed python's random, numpy and mxnet (every device) with n."""
    random.seed(n)
    np.random.seed(n)
    mx.random.seed(n)
