"""4.1 Model construction. Book: d2l-zh v1 §4.1 (MLP, MySequential, FancyMLP, NestMLP)."""

from mxnet.gluon import nn

from ...models.blocks import MLP, FancyMLP, HybridMLP, MySequential, NestMLP
from ...models.checkpoint import copy_parameters
from ...registry import Result, section
from ._toy_input import ToyInputConfig

ID, SLUG, TITLE = "4.1", "model-construction", "Model construction"


Config = ToyInputConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    X = cfg.toy_input()
    net = MLP()
    net.initialize(ctx=ctx)
    report(net(X))

    my_seq = MySequential()
    my_seq.add(nn.Dense(256, activation='relu'))
    my_seq.add(nn.Dense(10))
    my_seq.initialize(ctx=ctx)
    report(my_seq(X))

    fancy = FancyMLP()
    fancy.initialize(ctx=ctx)
    report(fancy(X))

    chimera = nn.Sequential()
    chimera.add(NestMLP(), nn.Dense(20), FancyMLP())
    chimera.initialize(ctx=ctx)
    scalar = chimera(X)
    report(scalar)

    # gluonlab extra: the HybridBlock twin with MLP's parameters gives the same output hybridized
    twin = copy_parameters(net, HybridMLP(), X)
    twin.hybridize()
    gap = (twin(X) - net(X)).abs().max().asscalar()
    report('hybridized twin of MLP, max |difference|:', gap)
    return Result(final={"mlp_shape": list(net(X).shape), "my_sequential_shape": list(my_seq(X).shape),
                         "fancy": fancy(X).asscalar(), "nested": scalar.asscalar(), "twin_max_diff": gap})
