"""What the feed-forward lab sections share (registers nothing): data, a Runner run, the gradient probe run."""
import os
import tempfile
from dataclasses import dataclass

from mxnet import gluon, init

from ... import models, train
from ...config import RunConfig
from ...devices import seed
from ...data.moons import moon1000
from ...registry import Result
from ...train.lab_runner import Runner, accuracy, curves
from ...train.probes import grad_norms


@dataclass(frozen=True)
class LabConfig(RunConfig):
    noise: float = 0.2
    lr: float = 0.2
    num_epochs: int = 1000
    log_epochs: int = 50
    QUICK = {"num_epochs": 20, "log_epochs": 10}


def loss_fn():
    """Binary cross entropy on sigmoid probabilities (the nets end in a sigmoid)."""
    return gluon.loss.SigmoidBinaryCrossEntropyLoss(from_sigmoid=True)


def train_and_test(net, cfg, sets, report, custom_print_log=None, title=None):
    """Train with the Runner, reload the best dev model, test it. Returns (runner, score, loss, figure)."""
    train_set, dev_set, test_set = sets
    if cfg.hybridize:
        net.hybridize()
    runner = Runner(net, train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr}),
                    accuracy, loss_fn(), report)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "best_model.params")
        runner.train(train_set, dev_set, num_epochs=cfg.num_epochs, log_epochs=cfg.log_epochs,
                     save_path=path, custom_print_log=custom_print_log)
        if os.path.exists(path):
            runner.load_model(path)
    score, loss = runner.evaluate(test_set)
    report("[Test] score/loss: {:.4f}/{:.4f}".format(score, loss))
    return runner, score, loss, curves(runner, title)


@dataclass(frozen=True)
class GradConfig(LabConfig):
    """S2.6-S2.9: lr 0.01, SGD, one epoch, no epoch log; biases 1.0 unless a section says otherwise."""
    lr: float = 0.01
    num_epochs: int = 1
    log_epochs: int = 0
    bias: float = 1.0
    QUICK = {}


def gradient_run(act, cfg, report):
    """One epoch of the five-layer net; print and return the per-layer weight-gradient norms (print_grads).

    The data and the net are drawn after seeding with cfg.seed, so each activation sees the same data.
    """
    seed(cfg.seed)
    sets = moon1000(cfg.noise)
    net = models.get("ffn_l5", act=act, w_init=init.Normal(0.01), b_init=init.Constant(cfg.bias))
    net.initialize()
    norms = {}

    def print_grads(runner):
        norms.update(grad_norms(runner.model))
        report("The gradient of the Layers:")
        for name, value in norms.items():
            report(name, value)
    report(f"act={act}, bias init {cfg.bias}:")
    train_and_test(net, cfg, sets, report, print_grads)
    return norms


def gradient_result(norms_by_act, history=()):
    """Result for a gradient section: final holds each activation's per-layer norms (act:layer keys)."""
    final = {f"{act}:{layer}": value for act, norms in norms_by_act.items() for layer, value in norms.items()}
    return Result(list(history), final, {"grad_norms": grad_norm_figure(norms_by_act)})


def grad_norm_figure(norms_by_act):
    """The lab's plot: per-layer gradient L2 norm on a log scale, one line per activation."""
    from ...plot import figure
    fig, ax = figure((6, 4))
    for act, norms in norms_by_act.items():    # exact zeros (dead ReLU) cannot sit on a log axis: floor them
        ax.semilogy(list(norms), [max(v, 1e-30) for v in norms.values()], marker="o", label=act)
    ax.set_xlabel("layer")
    ax.set_ylabel("gradient L2 norm")
    ax.set_title("Gradient L2 Norm by different Activation Function")
    ax.legend()
    return fig
