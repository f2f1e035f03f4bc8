"""3.2 Linear regression from scratch. Book: d2l-zh v1 §3.2 (d2lzh.data_iter, linreg, squared_loss, sgd)."""
from dataclasses import dataclass

from mxnet import nd

from ... import plot
from ...config import RunConfig
from ...data.synthetic import synthetic_data
from ...registry import Result, section
from ...scratch import data_iter, linreg, sgd, squared_loss
from ...train.regression import mean_loss, sgd_step, train_epochs

ID, SLUG, TITLE = "3.2", "linear-regression-scratch", "Linear regression from scratch"
TRUE_W, TRUE_B = [2, -3.4], 4.2


@dataclass(frozen=True)
class Config(RunConfig):
    num_examples: int = 1000
    batch_size: int = 10
    num_epochs: int = 3
    lr: float = 0.03
    QUICK = {"num_epochs": 1, "num_examples": 200}


def scatter(features, labels):
    """The book's scatter of the second feature against the labels (marker size 1)."""
    fig, ax = plot.figure()
    ax.scatter(features[:, 1].asnumpy(), labels.asnumpy(), 1)
    ax.set_xlabel("features[:, 1]")           # the book's figure has no labels; a saved picture needs them
    ax.set_ylabel("labels")
    return fig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    features, labels = synthetic_data(TRUE_W, TRUE_B, cfg.num_examples)
    report(features[0], labels[0])
    X, y = next(data_iter(cfg.batch_size, features, labels))
    report(X, y)
    w = nd.random.normal(scale=0.01, shape=(len(TRUE_W), 1))
    b = nd.zeros(shape=(1,))
    for param in (w, b):
        param.attach_grad()
    net = lambda X: linreg(X, w, b)  # noqa: E731  (the book's net(X, w, b) with w, b bound)
    step = sgd_step(net, squared_loss, [w, b], cfg.lr, cfg.batch_size)
    history = train_epochs(lambda: data_iter(cfg.batch_size, features, labels), step, cfg.num_epochs,
                           lambda: {"loss": mean_loss(net, squared_loss, features, labels)},
                           report, "epoch %d, loss %f")
    report(TRUE_W, w)
    report(TRUE_B, b)
    final = {"loss": history[-1]["loss"], "w": w.asnumpy().ravel().tolist(), "b": b.asscalar(),
             "w_error": float(abs(w.asnumpy().ravel() - TRUE_W).max()), "b_error": abs(b.asscalar() - TRUE_B)}
    return Result(history, final, {"scatter": scatter(features, labels)})
