"""3.8 Multilayer perceptron: activation functions and their gradients. Book: d2l-zh v1 §3.8 (xyplot)."""
from dataclasses import dataclass

from mxnet import autograd, nd

from ...config import RunConfig
from ...plot import xyplot
from ...registry import Result, section

ID, SLUG, TITLE = "3.8", "mlp", "Multilayer perceptron"


@dataclass(frozen=True)
class Config(RunConfig):
    start: float = -8.0
    stop: float = 8.0
    step: float = 0.1


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    x = nd.arange(cfg.start, cfg.stop, cfg.step)
    x.attach_grad()
    plots, final = {}, {}
    for name in ("relu", "sigmoid", "tanh"):
        with autograd.record():
            y = getattr(x, name)()
        y.backward()
        plots[name] = xyplot(x.asnumpy(), y.asnumpy(), name)
        plots[f"grad_of_{name}"] = xyplot(x.asnumpy(), x.grad.asnumpy(), "grad of " + name)
        final[f"max_grad_{name}"] = x.grad.max().asscalar()
        report(f"{name}: max derivative {final[f'max_grad_{name}']:.4f}")
    return Result(final=final, plots=plots)
