"""7.7 AdaDelta. Book: d2l-zh v1 §7.7 (adadelta, init_adadelta_states)."""
from ...registry import Result, section
from ...scratch.optimizers import adadelta, init_adadelta_states
from ._airfoil import AirfoilConfig, scratch_and_gluon

ID, SLUG, TITLE = "7.7", "adadelta", "AdaDelta"
Config = AirfoilConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final, plots = scratch_and_gluon(cfg, adadelta, init_adadelta_states, {'rho': 0.9}, 'adadelta', {'rho': 0.9},
                                     report)
    return Result(final=final, plots=plots)
