"""4.6 Contexts: copies and placement on the CPU always; on a GPU when there is one (skipped with a reason)."""
import mxnet as mx
import numpy as np
import pytest
from mxnet import nd
from mxnet.gluon import nn

from gluonlab import devices, registry


def test_as_in_context_returns_same_object_and_copyto_a_new_one():
    y = nd.array([1, 2, 3])
    assert y.context == mx.cpu()
    assert y.as_in_context(mx.cpu()) is y
    z = y.copyto(mx.cpu())
    assert z is not y
    z[:] = 0
    assert y.asnumpy().tolist() == [1, 2, 3], "copyto allocates new memory"


def test_section_runs_its_cpu_part_without_gpu():
    if devices.num_gpus() > 0:
        pytest.skip("this machine has a GPU: the CPU-only message is not printed")
    sec = registry.get("4.6")
    lines = []
    result = sec.run(sec.make_config(), report=lambda *a: lines.append(" ".join(map(str, a))))
    assert result.final["num_gpus"] == 0 and result.final["cpu"]["copyto_is_new"]
    assert any("no GPU found" in line for line in lines)


def test_arrays_and_nets_on_gpu(has_gpu):
    ctx = mx.gpu()
    x = nd.array([1, 2, 3], ctx=ctx)
    assert x.context == ctx and x.as_in_context(ctx) is x and x.copyto(ctx) is not x
    np.testing.assert_allclose(((x + 2).exp() * x).asnumpy(), np.exp(np.array([3, 4, 5])) * [1, 2, 3], rtol=1e-5)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(ctx=ctx)
    assert net(x.reshape((1, 3))).context == ctx
    assert net[0].weight.data().context == ctx


def test_mixing_cpu_and_gpu_operands_fails(has_gpu):
    with pytest.raises(mx.base.MXNetError):
        (nd.ones(3, ctx=mx.cpu()) + nd.ones(3, ctx=mx.gpu())).wait_to_read()


def test_section_gpu_part(has_gpu):
    sec = registry.get("4.6")
    result = sec.run(sec.make_config(), report=lambda *a: None)
    assert result.final["gpu"]["output_context"] == "gpu(0)" and result.final["mixed_context_error"]
