"""S2.3 Two-layer MLP (5 hidden units) on Moon1000. Lab: Model_MLP_L2, lr 0.2, 1000 epochs."""
from dataclasses import dataclass

from ... import models
from ...data.moons import moon1000
from ...registry import Result, section
from ._lab import LabConfig, train_and_test

ID, SLUG, TITLE = "S2.3", "mlp-2layer", "Feed-forward lab: two-layer MLP"


@dataclass(frozen=True)
class Config(LabConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    net = models.get("ffn_l2")
    net.initialize()
    runner, score, loss, fig = train_and_test(net, cfg, moon1000(cfg.noise), report, title="fw-acc")
    final = {"test_acc": score, "test_loss": loss, "best_dev_acc": max(runner.dev_scores)}
    return Result(runner.history, final, {"fw_acc": fig})
