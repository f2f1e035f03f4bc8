"""7.1 Optimization and deep learning. Book: d2l-zh v1 §7.1 (local minima and saddle points, plots only)."""
from dataclasses import dataclass

import numpy as np

from ... import plot
from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "7.1", "optimization-intro", "Optimization and deep learning"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


def _annotated(x, y, notes, figsize=(3.5, 2.5)):
    """y against x with arrows (text, xy, xytext), labels x and f(x)."""
    fig, ax = plot.figure(figsize)
    ax.plot(x, y)
    for text, xy, xytext in notes:
        ax.annotate(text, xy=xy, xytext=xytext, arrowprops=dict(arrowstyle='->'))
    ax.set_xlabel('x')
    ax.set_ylabel('f(x)')
    return fig


def _saddle_3d():
    """The wireframe of x^2 - y^2 with its saddle point at the origin."""
    fig, _ = plot.figure()
    fig.clear()
    ax = fig.add_subplot(111, projection='3d')
    x, y = np.mgrid[-1: 1: 31j, -1: 1: 31j]
    ax.plot_wireframe(x, y, x**2 - y**2, **{'rstride': 2, 'cstride': 2})
    ax.plot([0], [0], [0], 'rx')
    ticks = [-1, 0, 1]
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_zticks(ticks)
    ax.set_xlabel('x')
    ax.set_ylabel('y')
    return fig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    x = np.arange(-1.0, 2.0, 0.1)
    f = x * np.cos(np.pi * x)
    minima = _annotated(x, f, [('local minimum', (-0.3, -0.25), (-0.77, -1.0)),
                               ('global minimum', (1.1, -0.95), (0.6, 0.8))], figsize=(4.5, 2.5))
    x = np.arange(-2.0, 2.0, 0.1)
    saddle = _annotated(x, x**3, [('saddle point', (0, -0.2), (-0.52, -5.0))])
    i = int(np.argmin(f))          # gluonlab extra: the book only draws; this gives the run a checkable number
    report('f(x) = x cos(pi x) on [-1, 2): smallest at x = %.1f, f = %.4f' % (np.arange(-1.0, 2.0, 0.1)[i], f[i]))
    return Result(final={"global_min_x": round(float(np.arange(-1.0, 2.0, 0.1)[i]), 1)},
                  plots={"minima": minima, "saddle": saddle, "saddle_3d": _saddle_3d()})
