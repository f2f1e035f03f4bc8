"""4.4 Custom layers. Book: d2l-zh v1 §4.4 (CenteredLayer, MyDense)."""
from dataclasses import dataclass

from mxnet import gluon, nd
from mxnet.gluon import nn

from ...config import RunConfig
from ...models.blocks import CenteredLayer, MyDense
from ...registry import Result, section

ID, SLUG, TITLE = "4.4", "custom-layer", "Custom layers"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    layer = CenteredLayer()
    report(layer(nd.array([1, 2, 3, 4, 5], ctx=ctx)))
    net = nn.HybridSequential()
    net.add(nn.Dense(128), CenteredLayer())
    net.initialize(ctx=ctx)
    y = net(nd.random.uniform(shape=(4, 8), ctx=ctx))
    centered_mean = y.mean().asscalar()
    report(centered_mean)

    params = gluon.ParameterDict()
    params.get('param2', shape=(2, 3))
    report(params)

    dense = MyDense(units=3, in_units=5)
    report(dense.params)
    dense.initialize(ctx=ctx)
    report(dense(nd.random.uniform(shape=(2, 5), ctx=ctx)))
    net = nn.HybridSequential()
    net.add(MyDense(8, in_units=64), MyDense(1, in_units=8))
    net.initialize(ctx=ctx)
    out = net(nd.random.uniform(shape=(2, 64), ctx=ctx))
    report(out)
    return Result(final={"centered_mean": centered_mean, "my_dense_out_shape": list(out.shape)})
