"""7.5 AdaGrad. Book: d2l-zh v1 §7.5 (adagrad_2d, adagrad, init_adagrad_states)."""
from ...registry import Result, section
from ...scratch.descent import adagrad_2d
from ...scratch.optimizers import adagrad, init_adagrad_states
from ._airfoil import AirfoilConfig, scratch_and_gluon, trace

ID, SLUG, TITLE = "7.5", "adagrad", "AdaGrad"
Config = AirfoilConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final, plots = {}, {}
    # f(x1, x2) = 0.1 x1^2 + 2 x2^2: gradient (0.2 x1, 4 x2)
    for name, eta in (("adagrad_2d", 0.4), ("adagrad_2d_large_lr", 2)):
        values, plots[name] = trace(name, adagrad_2d(eta, 0.2, 4), (0.2, 4), report)
        final.update(values)
    losses, figures = scratch_and_gluon(cfg, adagrad, init_adagrad_states, {'lr': 0.1}, 'adagrad',
                                        {'learning_rate': 0.1}, report)
    return Result(final={**final, **losses}, plots={**plots, **figures})
