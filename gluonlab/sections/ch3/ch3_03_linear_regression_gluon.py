"""3.3 Concise linear regression. Book: d2l-zh v1 §3.3 (gdata.DataLoader, nn.Dense, L2Loss, Trainer)."""
from dataclasses import dataclass

from mxnet import gluon, init
from mxnet.gluon import data as gdata

from ... import models, train
from ...config import RunConfig
from ...data.synthetic import synthetic_data
from ...registry import Result, section
from ...train.regression import mean_loss, train_epochs, trainer_step

ID, SLUG, TITLE = "3.3", "linear-regression-gluon", "Concise linear regression (Gluon)"
TRUE_W, TRUE_B = [2, -3.4], 4.2


@dataclass(frozen=True)
class Config(RunConfig):
    num_examples: int = 1000
    batch_size: int = 10
    num_epochs: int = 3
    lr: float = 0.03
    QUICK = {"num_epochs": 1, "num_examples": 200}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    features, labels = synthetic_data(TRUE_W, TRUE_B, cfg.num_examples)
    data_iter = gdata.DataLoader(gdata.ArrayDataset(features, labels), cfg.batch_size, shuffle=True)
    X, y = next(iter(data_iter))
    report(X, y)
    net = models.get("linreg")
    net.initialize(init.Normal(sigma=0.01))
    if cfg.hybridize:
        net.hybridize()
    loss_fn = gluon.loss.L2Loss()
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr})
    step = trainer_step(net, loss_fn, trainer, cfg.batch_size)
    history = train_epochs(data_iter, step, cfg.num_epochs,
                           lambda: {"loss": mean_loss(net, loss_fn, features, labels)},
                           report, "epoch %d, loss: %f")
    dense = net[0]
    report(TRUE_W, dense.weight.data())
    report(TRUE_B, dense.bias.data())
    w, b = dense.weight.data().asnumpy().ravel(), dense.bias.data().asscalar()
    final = {"loss": history[-1]["loss"], "w": w.tolist(), "b": b,
             "w_error": float(abs(w - TRUE_W).max()), "b_error": abs(b - TRUE_B)}
    return Result(history, final)
