"""Contexts and seeds: parse_ctx, GPU absence handled, one seed for python, numpy and mxnet."""
import random

import mxnet as mx
import numpy as np
import pytest

from gluonlab import devices
from gluonlab.errors import DeviceError


def test_parse_ctx_forms():
    assert devices.parse_ctx("cpu") == [mx.cpu(0)]
    assert devices.parse_ctx("cpu:0,cpu:1") == [mx.cpu(0), mx.cpu(1)]
    assert devices.parse_ctx([" CPU ", "cpu:1"]) == [mx.cpu(0), mx.cpu(1)]


@pytest.mark.parametrize("spec", ["", "tpu", "gpu:x", "cpu;gpu", "gpu:-1"])
def test_bad_ctx_is_a_clear_error(spec):
    with pytest.raises(DeviceError, match="context"):
        devices.parse_ctx(spec)


def test_missing_gpu_errors_or_falls_back():
    n = devices.num_gpus()
    with pytest.raises(DeviceError, match=f"gpu\\({n}\\) is not available"):
        devices.parse_ctx(f"gpu:{n}")
    assert devices.parse_ctx(f"gpu:{n}", fallback=True) == [mx.cpu()]


def test_a_gpu_mxnet_cannot_run_on_is_named_with_mxnets_reason(monkeypatch, capsys):
    """A GPU the wheel has no code for (a Hopper card under mxnet-cu112 1.9.1) is seen but fails its first kernel."""
    reason = "Check failed: e == cudaSuccess (209 vs. 0) : CUDA: no kernel image is available for execution"

    def zeros(shape, ctx=None, **kw):
        if ctx.device_type == "gpu":
            raise mx.base.MXNetError(f"Traceback (most recent call last):\n  File \"src/x.cc\", line 1\n{reason}")
        return mx.nd.array([0.0] * shape[0])
    monkeypatch.setattr(devices, "num_gpus", lambda: 1)
    monkeypatch.setattr(devices.mx.nd, "zeros", zeros)
    with pytest.raises(DeviceError) as err:
        devices.parse_ctx("gpu:0")
    said = str(err.value)
    assert "gpu(0) is there but MXNet cannot use it" in said and reason in said
    assert "compute capability 5.0 to 8.9" in said and "--gpu-fallback" in said
    assert devices.parse_ctx("gpu:0", fallback=True) == [mx.cpu()]
    assert "no kernel image" in capsys.readouterr().err
    assert devices.try_gpu() == mx.cpu() and devices.try_all_gpus() == [mx.cpu()]


def test_try_gpu_semantics():
    ctx = devices.try_gpu()
    assert ctx == (mx.gpu() if devices.num_gpus() else mx.cpu())
    assert devices.try_all_gpus() == ([mx.gpu(i) for i in range(devices.num_gpus())] or [mx.cpu()])


def test_seed_repeats_every_generator():
    def draw():
        return random.random(), np.random.rand(), mx.nd.random.uniform(shape=(3,)).asnumpy().tolist()
    devices.seed(7)
    a = draw()
    devices.seed(7)
    assert draw() == a
    devices.seed(8)
    assert draw() != a
