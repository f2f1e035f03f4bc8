"""3.12 Weight decay, from scratch and with `wd`. Book: d2l-zh v1 §3.12 (l2_penalty, fit_and_plot_gluon)."""
from dataclasses import dataclass

from mxnet import gluon, init, nd
from mxnet.gluon import data as gdata

from ... import models, plot, train
from ...config import RunConfig
from ...data.synthetic import high_dim_data
from ...registry import Result, section, variant
from ...scratch import l2_penalty, linreg, squared_loss
from ...train.regression import mean_loss, sgd_step, train_epochs, trainer_step

ID, SLUG, TITLE = "3.12", "weight-decay", "Weight decay"


@dataclass(frozen=True)
class Config(RunConfig):
    n_train: int = 20
    n_test: int = 100
    num_inputs: int = 200
    batch_size: int = 1
    num_epochs: int = 100
    lr: float = 0.003
    lambds: tuple = (0.0, 3.0)
    QUICK = {"num_epochs": 3}


def _curves(cfg, history, report, norm):
    epochs = range(1, cfg.num_epochs + 1)
    report("L2 norm of w:", norm)
    return plot.semilogy(epochs, [h["loss"] for h in history], "epochs", "loss",
                         epochs, [h["test_loss"] for h in history], ["train", "test"])


def fit_and_plot(cfg, lambd, data, report):
    """Scratch: loss + lambd * l2_penalty(w), sgd. Returns (history, ||w||, figure)."""
    (train_features, train_labels, test_features, test_labels), train_iter = data
    w, b = nd.random.normal(scale=1, shape=(cfg.num_inputs, 1)), nd.zeros(shape=(1,))
    for param in (w, b):
        param.attach_grad()
    net = lambda X: linreg(X, w, b)  # noqa: E731
    step = sgd_step(net, squared_loss, [w, b], cfg.lr, cfg.batch_size, penalty=lambda: lambd * l2_penalty(w))
    history = train_epochs(train_iter, step, cfg.num_epochs,
                           lambda: {"loss": mean_loss(net, squared_loss, train_features, train_labels),
                                    "test_loss": mean_loss(net, squared_loss, test_features, test_labels)})
    norm = w.norm().asscalar()
    return history, norm, _curves(cfg, history, report, norm)


def fit_and_plot_gluon(cfg, wd, data, report):
    """Gluon: one Trainer with `wd` over the weights, one without over the bias.

    A Trainer's `wd` decays every parameter it holds, biases included; the book decays the weight only.
    """
    (train_features, train_labels, test_features, test_labels), train_iter = data
    net = models.get("linreg")
    net.initialize(init.Normal(sigma=1))
    loss_fn = gluon.loss.L2Loss()
    trainer_w = train.make_trainer(net.collect_params(".*weight"), "sgd", {"learning_rate": cfg.lr, "wd": wd})
    trainer_b = train.make_trainer(net.collect_params(".*bias"), "sgd", {"learning_rate": cfg.lr})
    step = trainer_step(net, loss_fn, [trainer_w, trainer_b], cfg.batch_size)
    history = train_epochs(train_iter, step, cfg.num_epochs,
                           lambda: {"loss": mean_loss(net, loss_fn, train_features, train_labels),
                                    "test_loss": mean_loss(net, loss_fn, test_features, test_labels)})
    norm = net[0].weight.data().norm().asscalar()
    return history, norm, _curves(cfg, history, report, norm)


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    features, labels = high_dim_data(cfg.n_train, cfg.n_test, cfg.num_inputs)
    n = cfg.n_train
    arrays = (features[:n, :], labels[:n], features[n:, :], labels[n:])
    train_iter = gdata.DataLoader(gdata.ArrayDataset(arrays[0], arrays[1]), cfg.batch_size, shuffle=True)
    final, plots, history = {}, {}, None
    for kind, fit in (("scratch", fit_and_plot), ("gluon", fit_and_plot_gluon)):
        for lambd in cfg.lambds:
            report(f"{kind}, {'lambd' if kind == 'scratch' else 'wd'} = {lambd:g}:")
            hist, norm, fig = fit((cfg), lambd, (arrays, train_iter), report)
            key = f"{kind}_{lambd:g}"
            plots[key] = fig
            history = history or hist
            final.update({f"{key}_train_loss": hist[-1]["loss"], f"{key}_test_loss": hist[-1]["test_loss"],
                          f"{key}_w_norm": norm})
    return Result(history, final, plots)


# The course (S4.2) runs the same data and hyperparameters; its mean-reduced loss with weight_decay on the
# weight only is equivalent to the book's two Trainers (wd on the weight, none on the bias), so the variant is
# the book's run.
variant("S4.2", "course-weight-decay", "Course variant: weight decay (3.12)", ID)
