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


def _usable(ctx):
    try:
        mx.nd.zeros((1,), ctx=ctx).wait_to_read()
        return True
    except mx.base.MXNetError:
        return False


def try_gpu():
    """mx.gpu() if an array can be allocated there, else mx.cpu(). Book: d2lzh.try_gpu."""
    ctx = mx.gpu()
    return ctx if num_gpus() > 0 and _usable(ctx) else mx.cpu()


def try_all_gpus():
    """Every usable GPU (probing up to 16), or [mx.cpu()]. Book: d2lzh.try_all_gpus."""
    ctxs = [mx.gpu(i) for i in range(min(num_gpus(), 16)) if _usable(mx.gpu(i))]
    return ctxs or [mx.cpu()]


_CTX_RE = re.compile(r"^(cpu|gpu)(?::(\d+))?$")


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
    ctxs = []
    for part in parts:
        m = _CTX_RE.match(part)
        if not m:
            raise DeviceError(f"bad context {part!r} in {spec!r}",
                              "use cpu, cpu:N, gpu, gpu:N or a comma list such as gpu:0,gpu:1")
        kind, idx = m.group(1), int(m.group(2) or 0)
        ctxs.append(_gpu(idx, fallback) if kind == "gpu" else mx.cpu(idx))
    return ctxs


def _gpu(idx, fallback):
    n = num_gpus()
    if idx < n and _usable(mx.gpu(idx)):
        return mx.gpu(idx)
    if fallback:
        import sys
        print(f"gluonlab: gpu({idx}) is not available ({n} GPU(s) found); using cpu(0)", file=sys.stderr)
        return mx.cpu()
    raise DeviceError(f"gpu({idx}) is not available: this machine has {n} GPU(s)",
                      "run with --ctx cpu, or --gpu-fallback to use the CPU when no GPU is there, "
                      "or install the GPU wheel: pip install -e .[gpu]")


def seed(n):
    """Seed python's random, numpy and mxnet (every device) with n."""
    random.seed(n)
    np.random.seed(n)
    mx.random.seed(n)
