"""4.5 File I/O: NDArrays and Gluon parameters. Book: d2l-zh v1 §4.5 (nd.save/load, save/load_parameters)."""

import os
import tempfile

from mxnet import nd
from mxnet.gluon import nn

from ...models.blocks import MLP
from ...models.checkpoint import ParameterFileError, load_parameters, save_ndarrays, save_parameters
from ...registry import Result, section
from ._toy_input import ToyInputConfig

ID, SLUG, TITLE = "4.5", "read-write", "File I/O (save/load)"


Config = ToyInputConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    with tempfile.TemporaryDirectory() as tmp:          # the book writes into the working directory
        x, y = nd.ones(3), nd.zeros(4)
        for name, obj in (('x', x), ('xy', [x, y]), ('mydict', {'x': x, 'y': y})):
            save_ndarrays(obj, os.path.join(tmp, name))
            report(nd.load(os.path.join(tmp, name)))

        X = cfg.toy_input()
        net = MLP()
        net.initialize(ctx=ctx)
        Y = net(X)                                     # finishes deferred initialization
        path = os.path.join(tmp, 'mlp.params')
        save_parameters(net, path)
        clone = load_parameters(MLP(), path, ctx=ctx)   # no initialize() needed
        same = clone(X) == Y
        report(same)

        other = nn.Sequential()
        other.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        try:
            load_parameters(other, path, ctx=ctx)
            refused = False
        except ParameterFileError as err:
            report('loading into another architecture:', err.message.splitlines()[0])
            refused = True
    return Result(final={"equal_fraction": same.mean().asscalar(), "other_architecture_refused": refused})
