"""S2.1 The Moon1000 data set. Lab: make_moons with the sizes of the NNDL lab the feed-forward lab is based on."""
from dataclasses import dataclass

from ... import plot
from ...config import RunConfig
from ...data.moons import make_moons, moon1000
from ...registry import Result, section

ID, SLUG, TITLE = "S2.1", "moons-data", "Feed-forward lab: Moon1000 data"


@dataclass(frozen=True)
class Config(RunConfig):
    n_samples: int = 1000
    noise: float = 0.2


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    X, y = make_moons(cfg.n_samples, shuffle=True, noise=cfg.noise)
    report("X:", X.shape, "y:", y.shape, "class 1 fraction:", y.mean().asscalar())
    report(X[:5])
    report(y[:5])
    sets = moon1000(cfg.noise, cfg.n_samples)
    report("train/dev/test:", *[s[0].shape[0] for s in sets])
    fig, ax = plot.figure((5, 5))
    ax.scatter(X[:, 0].asnumpy(), X[:, 1].asnumpy(), c=y.asnumpy(), s=8)
    final = {"num_examples": int(X.shape[0]), "class1_fraction": y.mean().asscalar(),
             "splits": [int(s[0].shape[0]) for s in sets]}
    return Result(final=final, plots={"moons": fig})
