"""5.2 Padding and stride. Book: d2l-zh v1 §5.2 (comp_conv2d)."""
from dataclasses import dataclass

from mxnet import nd
from mxnet.gluon import nn

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.conv import comp_conv2d

ID, SLUG, TITLE = "5.2", "padding-and-strides", "Padding and stride"

# The book's four Conv2D settings on an 8 x 8 input: (kernel_size, padding, strides).
SETTINGS = (
    (3, 1, 1),                   # padding 1 on each side: (8, 8)
    ((5, 3), (2, 1), 1),         # a 5 x 3 kernel, padding 2 and 1: (8, 8)
    (3, 1, 2),                   # stride 2 halves height and width: (4, 4)
    ((3, 5), (0, 1), (3, 4)),    # (2, 2)
)


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    X = nd.random.uniform(shape=(8, 8))
    shapes = []
    for kernel_size, padding, strides in SETTINGS:
        conv2d = nn.Conv2D(1, kernel_size=kernel_size, padding=padding, strides=strides)
        shape = comp_conv2d(conv2d, X).shape
        report(shape)
        shapes.append(list(shape))
    return Result(final={"shapes": shapes})
