"""3.11 Underfitting and overfitting: polynomial fitting. Book: d2l-zh v1 §3.11 (fit_and_plot, d2lzh.semilogy)."""
from dataclasses import dataclass

from mxnet import gluon
from mxnet.gluon import data as gdata

from ... import models, plot, train
from ...config import RunConfig
from ...data.synthetic import poly_data
from ...registry import Result, section, variant
from ...train.regression import mean_loss, train_epochs, trainer_step

ID, SLUG, TITLE = "3.11", "underfit-overfit", "Model selection, underfitting and overfitting"


@dataclass(frozen=True)
class Config(RunConfig):
    n_train: int = 100
    n_test: int = 100
    num_epochs: int = 100
    lr: float = 0.01
    noise: float = 0.1            # the book's label noise; the course (S4.1) uses 0.01
    QUICK = {"num_epochs": 5}


def fit_and_plot(cfg, train_features, test_features, train_labels, test_labels, report):
    """Dense(1) with the default init, SGD, batch min(10, n); returns (history, weight, bias, figure)."""
    loss_fn = gluon.loss.L2Loss()
    net = models.get("linreg")
    net.initialize()
    batch_size = min(10, train_labels.shape[0])
    train_iter = gdata.DataLoader(gdata.ArrayDataset(train_features, train_labels), batch_size, shuffle=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr})
    history = train_epochs(train_iter, trainer_step(net, loss_fn, trainer, batch_size), cfg.num_epochs,
                           lambda: {"loss": mean_loss(net, loss_fn, train_features, train_labels),
                                    "test_loss": mean_loss(net, loss_fn, test_features, test_labels)})
    train_ls, test_ls = [h["loss"] for h in history], [h["test_loss"] for h in history]
    report("final epoch: train loss", train_ls[-1], "test loss", test_ls[-1])
    weight, bias = net[0].weight.data().asnumpy(), net[0].bias.data().asnumpy()
    report("weight:", weight, "\nbias:", bias)
    epochs = range(1, cfg.num_epochs + 1)
    fig = plot.semilogy(epochs, train_ls, "epochs", "loss", epochs, test_ls, ["train", "test"])
    return history, weight.ravel().tolist(), bias.ravel().tolist(), fig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    features, poly_features, labels = poly_data(cfg.n_train, cfg.n_test, noise=cfg.noise)
    report(features[:2], poly_features[:2], labels[:2])
    n = cfg.n_train
    cases = {"normal": (poly_features[:n, :], poly_features[n:, :], labels[:n], labels[n:]),
             "underfit": (features[:n, :], features[n:, :], labels[:n], labels[n:]),
             "overfit": (poly_features[0:2, :], poly_features[n:, :], labels[0:2], labels[n:])}
    final, plots, history = {}, {}, None
    for name, args in cases.items():
        report(f"{name}:")
        hist, weight, bias, plots[name] = fit_and_plot(cfg, *args, report=report)
        history = history or hist
        final.update({f"{name}_train_loss": hist[-1]["loss"], f"{name}_test_loss": hist[-1]["test_loss"],
                      f"{name}_weight": weight, f"{name}_bias": bias})
    return Result(history, final, plots)


# The PyTorch course's run (S4.1): label noise std 0.01 where the book uses 0.1.
variant("S4.1", "course-poly-fit", "Course variant: polynomial fitting (3.11)", ID, noise=0.01)
