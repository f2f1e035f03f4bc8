"""S2.5 Zero initialization keeps hidden units identical. Lab: all weights and biases 0, 5 epochs.

The lab's code sets epoch = 2000 but trains 5 epochs; this section trains 5.
"""
from dataclasses import dataclass

import numpy as np

from ... import models, plot
from ...data.moons import moon1000
from ...registry import Result, section
from ._lab import LabConfig, train_and_test

ID, SLUG, TITLE = "S2.5", "zero-init", "Feed-forward lab: zero initialization and symmetry"


@dataclass(frozen=True)
class Config(LabConfig):
    num_epochs: int = 5
    log_epochs: int = 1
    QUICK = {}


def histograms():
    """N(0, 1) and U(-1, 1), 10,000 samples, 200 bins, density-normalized, side by side."""
    fig, (ax1, ax2) = plot.figure((10, 4), ncols=2)
    ax1.hist(np.random.normal(0, 1, 10000), bins=200, density=True)
    ax1.set_title("Gaussian Distribution")
    ax2.hist(np.random.uniform(-1, 1, 10000), bins=200, density=True)
    ax2.set_title("Uniform Distribution")
    return fig


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    net = models.get("ffn_l2", w_init="zeros", b_init="zeros")
    net.initialize()

    def print_weights(runner):
        report("The weights of the Layers:")
        for name, param in runner.model.collect_params().items():
            report(name, param.data().asnumpy())
    runner, score, loss, fig = train_and_test(net, cfg, moon1000(cfg.noise), report, print_weights, "fw-zero")
    W1 = net[0].weight.data()
    spread = (W1 - W1[0:1]).abs().max().asscalar()
    out_w = net[2].weight.data()
    report("max difference between the 5 hidden units' weights:", spread)
    final = {"test_acc": score, "test_loss": loss, "hidden_spread": spread,
             "output_spread": (out_w - out_w[:, 0:1]).abs().max().asscalar(), "final_loss": runner.train_loss[-1]}
    return Result(runner.history, final, {"fw_zero": fig, "distributions": histograms()})
