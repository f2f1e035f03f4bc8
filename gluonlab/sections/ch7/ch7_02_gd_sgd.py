"""7.2 Gradient descent and stochastic gradient descent. Book: d2l-zh v1 §7.2 (gd, train_2d, show_trace_2d)."""
from dataclasses import dataclass

import numpy as np

from ... import plot
from ...config import RunConfig
from ...registry import Result, section
from ...scratch.descent import gd, gd_2d, sgd_2d
from ._airfoil import trace

ID, SLUG, TITLE = "7.2", "gd-sgd", "Gradient descent and stochastic gradient descent"


@dataclass(frozen=True)
class Config(RunConfig):
    lr: float = 0.1                    # the book's eta for the 2-D runs; gd's three rates are its cells'


def show_trace(res):
    """f(x) = x^2 and the trace of gd on it. Book: §7.2 show_trace."""
    n = max(abs(min(res)), abs(max(res)), 10)
    fig, ax = plot.figure()
    f_line = np.arange(-n, n, 0.1)
    ax.plot(f_line, [x * x for x in f_line])
    ax.plot(res, [x * x for x in res], '-o')
    ax.set_xlabel('x')
    ax.set_ylabel('f(x)')
    return fig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final, plots = {}, {}
    for name, eta in (("gd", 0.2), ("gd_small_lr", 0.05), ("gd_large_lr", 1.1)):
        res = gd(eta, report)
        final[f"{name}_x"], plots[name] = res[-1], show_trace(res)
    # f(x1, x2) = x1^2 + 2 x2^2: gradient (2 x1, 4 x2)
    values, plots["gd_2d"] = trace("gd_2d", gd_2d(cfg.lr, 2, 4), (2, 4), report)
    final.update(values)
    # np.random.normal(0.1) noise from numpy's global generator (the run's seed): one draw of a random trace
    values, plots["sgd_2d"] = trace("sgd_2d", sgd_2d(cfg.lr, 2, 4), (2, 4), report)
    final.update(values)
    return Result(final=final, plots=plots)
