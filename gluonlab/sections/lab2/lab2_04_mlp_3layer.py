"""S2.4 Three-layer MLP (5 and 3 hidden units) beside the two-layer one. Lab: an extra hidden layer.

The lab presents the extra layer as an improvement; across seeds it is not a robust one, so both accuracies are
reported and neither is asserted.
"""
from dataclasses import dataclass

from ... import models
from ...data.moons import moon1000
from ...registry import Result, section
from ._lab import LabConfig, train_and_test

ID, SLUG, TITLE = "S2.4", "mlp-3layer", "Feed-forward lab: three-layer MLP"


@dataclass(frozen=True)
class Config(LabConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    sets = moon1000(cfg.noise)
    results = {}
    for name in ("ffn_l3", "ffn_l2"):
        report(f"{name}:")
        net = models.get(name)
        net.initialize()
        results[name] = train_and_test(net, cfg, sets, report)
    (runner, score3, loss3, fig), (_, score2, loss2, _) = results["ffn_l3"], results["ffn_l2"]
    report("test accuracy: 3 layers %.4f, 2 layers %.4f (the extra layer's gain is not robust across seeds)"
           % (score3, score2))
    final = {"test_acc": score3, "test_loss": loss3, "test_acc_2layer": score2, "test_loss_2layer": loss2}
    return Result(runner.history, final, {"curves": fig})
