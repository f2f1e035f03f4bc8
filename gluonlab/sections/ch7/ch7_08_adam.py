"""7.8 Adam. Book: d2l-zh v1 §7.8 (adam, init_adam_states)."""
from ...registry import Result, section
from ...scratch.optimizers import adam, init_adam_states
from ._airfoil import AirfoilConfig, scratch_and_gluon

ID, SLUG, TITLE = "7.8", "adam", "Adam"
Config = AirfoilConfig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final, plots = scratch_and_gluon(cfg, adam, init_adam_states, {'lr': 0.01, 't': 1}, 'adam',
                                     {'learning_rate': 0.01}, report)
    return Result(final=final, plots=plots)
