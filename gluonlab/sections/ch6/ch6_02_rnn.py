"""6.2 Recurrent neural networks. Book: d2l-zh v1 §6.2 (X W_xh + H W_hh as one product of concatenations)."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "6.2", "rnn", "Recurrent neural networks"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    # seed 0 (the default) is MXNet's start-up state, so these are the book's draws
    X, W_xh = nd.random.normal(shape=(3, 1)), nd.random.normal(shape=(1, 4))
    H, W_hh = nd.random.normal(shape=(3, 4)), nd.random.normal(shape=(4, 4))
    separate = nd.dot(X, W_xh) + nd.dot(H, W_hh)
    report(separate)
    concatenated = nd.dot(nd.concat(X, H, dim=1), nd.concat(W_xh, W_hh, dim=0))
    report(concatenated)
    # the two agree up to float32 rounding (the book's outputs differ in the last digit too)
    diff = (separate - concatenated).abs().max().asscalar()
    report("max |difference|:", diff)
    return Result(final={"max_abs_difference": float(diff), "output": separate.asnumpy().ravel().tolist()})
