"""4.3 Deferred initialization. Book: d2l-zh v1 §4.3 (MyInit that only prints)."""

from mxnet.gluon import nn

from ...models.blocks import MyInit
from ...registry import Result, section
from ._toy_input import ToyInputConfig

ID, SLUG, TITLE = "4.3", "deferred-init", "Deferred initialization"


Config = ToyInputConfig


def _mlp(in_units=0):
    """Dense(256, relu) -> Dense(10); in_units=0 leaves the input sizes to deferred initialization."""
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu', in_units=in_units), nn.Dense(10, in_units=256 if in_units else 0))
    return net


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    X = cfg.toy_input()
    net = _mlp()
    net.initialize(init=MyInit(fill=False, report=report), ctx=ctx)   # prints nothing: shapes unknown
    before = net[0].weight.shape
    report(net[0].weight)                                              # (256, 0): input size not known yet
    report('first forward:')
    net(X)
    report('second forward:')
    net(X)
    after = net[0].weight.shape
    report(net[0].weight)
    report('force_reinit:')
    net.initialize(init=MyInit(fill=False, report=report), force_reinit=True)
    report('in_units given:')
    net = _mlp(in_units=cfg.num_inputs)
    net.initialize(init=MyInit(fill=False, report=report), ctx=ctx)
    return Result(final={"shape_before_forward": list(before), "shape_after_forward": list(after),
                         "shape_with_in_units": list(net[0].weight.shape)})
