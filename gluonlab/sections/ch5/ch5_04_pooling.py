"""5.4 Pooling. Book: d2l-zh v1 §5.4 (pool2d from scratch, nn.MaxPool2D with padding and stride)."""
from dataclasses import dataclass

from mxnet import nd
from mxnet.gluon import nn

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.conv import pool2d

ID, SLUG, TITLE = "5.4", "pooling", "Pooling"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    out = {}
    X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    for mode in ('max', 'avg'):
        out[f"pool2d_{mode}"] = pool2d(X, (2, 2), mode)
        report(out[f"pool2d_{mode}"])
    X = nd.arange(16).reshape((1, 1, 4, 4))
    report(X)
    layers = {"max3": nn.MaxPool2D(3), "max3_pad1_stride2": nn.MaxPool2D(3, padding=1, strides=2),
              "max2x3_pad1x2_stride2x3": nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))}
    for name, layer in layers.items():      # pooling layers have no parameters: nothing to initialize
        out[name] = layer(X)
        report(out[name])
    X = nd.concat(X, X + 1, dim=1)          # two channels: pooled one by one, so two channels out
    report(X)
    out["two_channels"] = layers["max3_pad1_stride2"](X)
    report(out["two_channels"])
    return Result(final={name: value.asnumpy().tolist() for name, value in out.items()})
