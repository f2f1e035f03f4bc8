"""4.6 GPU computation. Book: d2l-zh v1 §4.6 (ctx on NDArrays and initialize; d2lzh.try_gpu)."""
from dataclasses import dataclass

import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from ... import devices
from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "4.6", "use-gpu", "GPU computation"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


def _placement(ctx, report):
    """The book's demos on one context: create, copy, compute and a Gluon net there; return facts."""
    x = nd.array([1, 2, 3], ctx=ctx)
    report(x)
    report(x.context)
    z = x.copyto(ctx)
    report(z.as_in_context(ctx) is z, z.copyto(ctx) is z)
    report((z + 2).exp() * x)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(ctx=ctx)
    out = net(x.reshape((1, 3)))
    report(net[0].weight.data())
    return {"as_in_context_is_same": z.as_in_context(ctx) is z, "copyto_is_new": z.copyto(ctx) is not z,
            "output_context": str(out.context)}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    report(mx.cpu(), mx.gpu(), mx.gpu(1))
    n = devices.num_gpus()
    final = {"num_gpus": n, "cpu": _placement(mx.cpu(), report)}
    if n == 0:
        report('no GPU found (CPU-only MXNet or no device): the GPU demos are skipped; the CPU part ran')
        return Result(final=final)
    gpu = devices.try_gpu()
    final["gpu"] = _placement(gpu, report)
    if n > 1:
        report(nd.random.uniform(shape=(2, 3), ctx=mx.gpu(1)))
    else:
        report('one GPU only: the book\'s gpu(1) line is skipped')
    try:
        (nd.ones(3, ctx=mx.cpu()) + nd.ones(3, ctx=gpu)).wait_to_read()
        final["mixed_context_error"] = False
    except mx.base.MXNetError as err:
        report('adding a CPU and a GPU array fails:', str(err).splitlines()[0])
        final["mixed_context_error"] = True
    return Result(final=final)
