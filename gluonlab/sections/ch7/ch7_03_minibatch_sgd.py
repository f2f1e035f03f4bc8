"""7.3 Minibatch stochastic gradient descent. Book: d2l-zh v1 §7.3 (get_data_ch7, sgd, train_ch7, train_gluon_ch7)."""
from dataclasses import dataclass

from ...data.airfoil import get_data_ch7
from ...registry import Result, section
from ...scratch.optimizers import sgd
from ._airfoil import AirfoilConfig, fit_gluon, fit_scratch

ID, SLUG, TITLE = "7.3", "minibatch-sgd", "Minibatch stochastic gradient descent"


@dataclass(frozen=True)
class Config(AirfoilConfig):
    # §7.3's own get_data_ch7 keeps the first 1500 rows (it prints (1500, 5)); d2lzh's keeps all 1503. A literal,
    # so that config_index reads this Config without importing the data module.
    max_examples: int = 1500
    QUICK = {"num_epochs": 1, "max_examples": 300}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    data = get_data_ch7(cfg.max_examples or None)
    report(data[0].shape)
    final, plots = {}, {}
    # the book's cells: train_sgd(1, 1500, 6) (gradient descent), train_sgd(0.005, 1), train_sgd(0.05, 10);
    # the first runs 3x the others' epochs (6 at the book's 2, 3 under --quick)
    for name, lr, batch_size, num_epochs in (("gd", 1, 1500, 6 * cfg.num_epochs // 2),
                                             ("sgd", 0.005, 1, None), ("minibatch_sgd", 0.05, 10, None)):
        final[f"{name}_loss"], plots[name] = fit_scratch(cfg, data, sgd, None, {'lr': lr}, report, batch_size,
                                                         num_epochs)
    final["gluon_loss"], plots["gluon"] = fit_gluon(cfg, data, 'sgd', {'learning_rate': 0.05}, report)
    return Result(final=final, plots=plots)
