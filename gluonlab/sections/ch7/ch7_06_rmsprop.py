"""7.6 RMSProp. Book: d2l-zh v1 §7.6 (rmsprop_2d, rmsprop, init_rmsprop_states)."""
from ...registry import Result, section
from ...scratch.descent import rmsprop_2d
from ...scratch.optimizers import init_rmsprop_states, rmsprop
from ._airfoil import AirfoilConfig, scratch_and_gluon, trace

ID, SLUG, TITLE = "7.6", "rmsprop", "RMSProp"
Config = AirfoilConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    # f(x1, x2) = 0.1 x1^2 + 2 x2^2: gradient (0.2 x1, 4 x2)
    final, figure = trace("rmsprop_2d", rmsprop_2d(0.4, 0.9, 0.2, 4), (0.2, 4), report)
    losses, plots = scratch_and_gluon(cfg, rmsprop, init_rmsprop_states, {'lr': 0.01, 'gamma': 0.9}, 'rmsprop',
                                      {'learning_rate': 0.01, 'gamma1': 0.9}, report)
    return Result(final={**final, **losses}, plots={"rmsprop_2d": figure, **plots})
