"""S2.2 The Runner: train, evaluate, predict, keep the best dev model, save and load. Lab: RunnerV2_2."""
import os
import tempfile
from dataclasses import dataclass

from ... import models
from ...data.moons import moon1000
from ...registry import Result, section
from ._lab import LabConfig, train_and_test

ID, SLUG, TITLE = "S2.2", "runner", "Feed-forward lab: Runner"


@dataclass(frozen=True)
class Config(LabConfig):
    num_epochs: int = 200


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    sets = moon1000(cfg.noise)
    net = models.get("ffn_l2")
    net.initialize()
    runner, score, loss, fig = train_and_test(net, cfg, sets, report)
    X_test = sets[2][0]
    before = runner.predict(X_test)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.params")
        runner.save_model(path)
        twin = models.get("ffn_l2")
        twin.initialize()
        runner.model = twin
        runner.load_model(path)
    gap = (runner.predict(X_test) - before).abs().max().asscalar()
    report("save/load round trip: max prediction difference", gap)
    return Result(runner.history, {"test_acc": score, "test_loss": loss, "roundtrip_gap": gap}, {"curves": fig})
