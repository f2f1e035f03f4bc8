"""4.2 Parameter access, initialization and sharing. Book: d2l-zh v1 §4.2 (MyInit, shared Dense)."""

from mxnet import autograd, init
from mxnet.gluon import nn

from ...models.blocks import MyInit
from ...registry import Result, section
from ._toy_input import ToyInputConfig

ID, SLUG, TITLE = "4.2", "parameters", "Parameter access, initialization and sharing"


Config = ToyInputConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    X = cfg.toy_input()
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
    net.initialize(ctx=ctx)
    net(X)
    report(net[0].params, type(net[0].params))
    report(net[0].params[net[0].prefix + 'weight'] is net[0].weight)
    report(net[0].weight.data())
    report(net[0].weight.grad())
    report(net[1].bias.data())
    report(net.collect_params())
    report(net.collect_params('.*weight'))

    net.initialize(init=init.Normal(sigma=0.01), force_reinit=True)
    report(net[0].weight.data()[0])
    net.initialize(init=init.Constant(1), force_reinit=True)
    report(net[0].weight.data()[0])
    net[0].weight.initialize(init=init.Xavier(), force_reinit=True)
    report(net[0].weight.data()[0])
    net.initialize(MyInit(report=report), force_reinit=True)
    report(net[0].weight.data()[0])
    net[0].weight.set_data(net[0].weight.data() + 1)
    report(net[0].weight.data()[0])

    shared = nn.Dense(8, activation='relu')
    net = nn.Sequential()
    net.add(nn.Dense(8, activation='relu'), shared, nn.Dense(8, activation='relu', params=shared.params),
            nn.Dense(10))
    net.initialize(ctx=ctx)
    with autograd.record():
        net(X).sum().backward()
    same = net[1].weight.data()[0] == net[2].weight.data()[0]
    report(same)
    net[1].weight.data()[0, 0] = 500
    report(net[1].weight.data()[0] == net[2].weight.data()[0])
    return Result(final={"shared_is_same_object": net[1].weight is net[2].weight,
                         "shared_equal_fraction": same.mean().asscalar()})
