"""3.14 Forward/back propagation, checked against autograd. Book: d2l-zh v1 §3.14."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.backprop import autograd_grads, backward, forward

ID, SLUG, TITLE = "3.14", "backprop", "Forward/back propagation and computational graphs"


@dataclass(frozen=True)
class Config(RunConfig):
    num_inputs: int = 5
    num_hiddens: int = 4
    num_outputs: int = 3
    lambd: float = 0.1


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    x = nd.random.normal(shape=(cfg.num_inputs,))
    y = 1
    W1 = nd.random.normal(shape=(cfg.num_hiddens, cfg.num_inputs))
    W2 = nd.random.normal(shape=(cfg.num_outputs, cfg.num_hiddens))
    J, cache = forward(x, y, W1, W2, cfg.lambd)
    report("objective J = L + s:", J.asscalar())
    manual = backward(x, y, W1, W2, cfg.lambd, *cache)
    auto = autograd_grads(x, y, W1, W2, cfg.lambd)
    gaps = [(m - a).abs().max().asscalar() for m, a in zip(manual, auto)]
    report("max |manual - autograd|: dJ/dW1 %g, dJ/dW2 %g" % tuple(gaps))
    return Result(final={"objective": J.asscalar(), "gap_W1": gaps[0], "gap_W2": gaps[1]})
