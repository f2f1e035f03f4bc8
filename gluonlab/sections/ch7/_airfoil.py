"""Chapter 7's shared pieces: the airfoil runs and the 2-D traces, each with its figure."""
from dataclasses import dataclass

from ... import plot
from ...config import RunConfig
from ...data.airfoil import get_data_ch7
from ...scratch import descent
from ...train import airfoil


@dataclass(frozen=True)
class AirfoilConfig(RunConfig):
    """The book's train_ch7 defaults: minibatches of 10, two epochs (each cell sets its own learning rate)."""
    num_epochs: int = 2
    QUICK = {"num_epochs": 1}


def fit_scratch(cfg, data, update, states, hyperparams, report, batch_size=10, num_epochs=None):
    """d2l.train_ch7(update, states, hyperparams, *data, batch_size, num_epochs): (last loss, loss figure)."""
    num_epochs = num_epochs or cfg.num_epochs
    losses, _ = airfoil.train_ch7(update, states, hyperparams, *data, batch_size, num_epochs, report)
    return losses[-1], plot.drawn(plot.draw_loss_ch7, losses, num_epochs)


def fit_gluon(cfg, data, name, hyperparams, report, batch_size=10, num_epochs=None):
    """d2l.train_gluon_ch7(name, hyperparams, *data, batch_size, num_epochs): (last loss, loss figure)."""
    num_epochs = num_epochs or cfg.num_epochs
    losses, _ = airfoil.train_gluon_ch7(name, hyperparams, *data, batch_size, num_epochs, report,
                                        hybridize=cfg.hybridize)
    return losses[-1], plot.drawn(plot.draw_loss_ch7, losses, num_epochs)


def trace(prefix, trainer, coefficients, report):
    """d2l.show_trace_2d(f_2d, d2l.train_2d(trainer)): ({prefix_x1, prefix_x2} as printed, figure).

    The end point is kept as the book prints it ('%f'): deterministic traces are compared digit for digit.
    """
    res = descent.train_2d(trainer, report)
    x1, x2 = res[-1]
    final = {f"{prefix}_x1": float('%f' % x1), f"{prefix}_x2": float('%f' % x2)}
    return final, plot.drawn(plot.draw_trace_2d, descent.F_2D[coefficients], res)


def scratch_and_gluon(cfg, update, init_states, hyperparams, name, gluon_hyperparams, report):
    """§7.5-7.8's pair of runs on all 1503 rows: the scratch update, then Gluon's Trainer(name).
    Returns ({scratch_loss, gluon_loss}, {scratch, gluon figures})."""
    data = get_data_ch7()
    final, plots = {}, {}
    final["scratch_loss"], plots["scratch"] = fit_scratch(cfg, data, update, init_states(data[0].shape[1]),
                                                          hyperparams, report)
    final["gluon_loss"], plots["gluon"] = fit_gluon(cfg, data, name, gluon_hyperparams, report)
    return final, plots
