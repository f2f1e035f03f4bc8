"""7.4 Momentum. Book: d2l-zh v1 §7.4 (gd_2d, momentum_2d, sgd_momentum, init_momentum_states)."""
from ...data.airfoil import get_data_ch7
from ...registry import Result, section
from ...scratch.descent import gd_2d, momentum_2d
from ...scratch.optimizers import init_momentum_states, sgd_momentum
from ._airfoil import AirfoilConfig, fit_gluon, fit_scratch, trace

ID, SLUG, TITLE = "7.4", "momentum", "Momentum"
Config = AirfoilConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final, plots = {}, {}
    # f(x1, x2) = 0.1 x1^2 + 2 x2^2: gradient (0.2 x1, 4 x2)
    for name, trainer in (("gd_2d", gd_2d(0.4, 0.2, 4)), ("gd_2d_large_lr", gd_2d(0.6, 0.2, 4)),
                          ("momentum_2d", momentum_2d(0.4, 0.5, 0.2, 4)),
                          ("momentum_2d_large_lr", momentum_2d(0.6, 0.5, 0.2, 4))):
        values, plots[name] = trace(name, trainer, (0.2, 4), report)
        final.update(values)
    data = get_data_ch7()
    for name, lr, momentum in (("scratch", 0.02, 0.5), ("scratch_momentum_0.9", 0.02, 0.9),
                               ("scratch_small_lr", 0.004, 0.9)):
        final[f"{name}_loss"], plots[name] = fit_scratch(
            cfg, data, sgd_momentum, init_momentum_states(data[0].shape[1]), {'lr': lr, 'momentum': momentum}, report)
    final["gluon_loss"], plots["gluon"] = fit_gluon(cfg, data, 'sgd', {'learning_rate': 0.004, 'momentum': 0.9},
                                                    report)
    return Result(final=final, plots=plots)
