"""Chapter 5's trained CNNs (5.6-5.12): the book's shape prints, line for line; the time estimate; an
interrupted run resumed to the uninterrupted run's parameters (5.12 at 32 x 32 as a small stand-in)."""
import numpy as np
import pytest

from gluonlab import cli, progress, registry
from gluonlab.models.flops import forward_flops, layer_costs
from gluonlab.sections.ch5 import _deep_cnn
from gluonlab.train import estimate

from test_robust_training import assert_same, final_params, history

# The book's printed cells (executed notebooks at d2l-zh e72511f705e3), without the tab before each shape.
BOOK_SHAPES = {
    "5.6": ["conv0 (1, 96, 54, 54)", "pool0 (1, 96, 26, 26)", "conv1 (1, 256, 26, 26)", "pool1 (1, 256, 12, 12)",
            "conv2 (1, 384, 12, 12)", "conv3 (1, 384, 12, 12)", "conv4 (1, 256, 12, 12)", "pool2 (1, 256, 5, 5)",
            "dense0 (1, 4096)", "dropout0 (1, 4096)", "dense1 (1, 4096)", "dropout1 (1, 4096)", "dense2 (1, 10)"],
    "5.7": ["sequential1 (1, 64, 112, 112)", "sequential2 (1, 128, 56, 56)", "sequential3 (1, 256, 28, 28)",
            "sequential4 (1, 512, 14, 14)", "sequential5 (1, 512, 7, 7)", "dense0 (1, 4096)", "dropout0 (1, 4096)",
            "dense1 (1, 4096)", "dropout1 (1, 4096)", "dense2 (1, 10)"],
    "5.8": ["sequential1 (1, 96, 54, 54)", "pool0 (1, 96, 26, 26)", "sequential2 (1, 256, 26, 26)",
            "pool1 (1, 256, 12, 12)", "sequential3 (1, 384, 12, 12)", "pool2 (1, 384, 5, 5)",
            "dropout0 (1, 384, 5, 5)", "sequential4 (1, 10, 5, 5)", "pool3 (1, 10, 1, 1)", "flatten0 (1, 10)"],
    "5.9": ["sequential0 (1, 64, 24, 24)", "sequential1 (1, 192, 12, 12)", "sequential2 (1, 480, 6, 6)",
            "sequential3 (1, 832, 3, 3)", "sequential4 (1, 1024, 1, 1)", "dense0 (1, 10)"],
    "5.11": ["(4, 3, 6, 6)", "(4, 6, 3, 3)", "conv5 (1, 64, 112, 112)", "batchnorm4 (1, 64, 112, 112)",
             "relu0 (1, 64, 112, 112)", "pool0 (1, 64, 56, 56)", "sequential1 (1, 64, 56, 56)",
             "sequential2 (1, 128, 28, 28)", "sequential3 (1, 256, 14, 14)", "sequential4 (1, 512, 7, 7)",
             "pool1 (1, 512, 1, 1)", "dense0 (1, 10)"],
    "5.12": ["(4, 23, 8, 8)", "(4, 10, 4, 4)"],
}


@pytest.mark.parametrize("sid", sorted(BOOK_SHAPES))
def test_shape_print_is_the_books_cell(sid, monkeypatch):
    """Each section prints the book's lines (names and shapes), before its training (stubbed out here)."""
    sec = registry.get(sid)
    module = __import__(sec.module, fromlist=["run"])
    monkeypatch.setattr(module, "estimate", lambda *a, **k: "estimate")
    monkeypatch.setattr(module, "train_cnn", lambda *a, **k: None)
    lines = []
    sec.run(sec.make_config(), report=lambda *a: lines.append(" ".join(str(x) for x in a)))
    assert [line.replace(" output shape:\t", "") for line in lines] == BOOK_SHAPES[sid]


def test_estimate_counts_the_book_nets_flops_and_scales_the_warm_up(monkeypatch):
    monkeypatch.setattr(estimate, "time_training_step", lambda *a, **k: 0.01)    # 100 training images/s
    line, seconds = estimate.estimate_run(lambda: _models().get("alexnet"), 224, 128, 5, 60000, 10000, None)
    assert seconds == pytest.approx(5 * (60000 + 10000 / 3) * 0.01)
    assert "0.938 GMAC/image" in line and "an epoch" in line and "about 53 min in all, 11 min an epoch" in line


def _models():
    from gluonlab import models
    return models


def test_flops_count_a_known_layer():
    from mxnet.gluon import nn
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, kernel_size=3, padding=1, in_channels=2), nn.Dense(5))
    net.initialize()
    costs = layer_costs(net, (1, 2, 6, 6))
    assert [c.macs for c in costs] == [4 * 6 * 6 * 2 * 9, 4 * 6 * 6 * 5]
    assert forward_flops(costs) == 2 * sum(c.macs for c in costs)


def test_progress_shows_rate_and_time_left():
    class Out:
        text = ""

        def write(self, s):
            Out.text += s

        def flush(self):
            pass

        def isatty(self):
            return True
    bar = progress.Progress(4, "epoch 1/5", stream=Out(), enabled=True, unit="img")
    bar.update(items=128)
    assert "1/4" in bar.status() and "img/s" in bar.status() and "left" in bar.status()


# a small stand-in for the hour-long runs: 5.12's section at 32 x 32 on 512 images, 3 epochs
ARGS = ["run", "5.12", "--resize", "32", "--max-examples", "512", "--epochs", "3", "--seed", "3"]


def test_interrupted_in_epoch_two_and_resumed_ends_with_the_uninterrupted_parameters(tmp_path, monkeypatch):
    assert cli.main(ARGS + ["--out", str(tmp_path / "full")]) == 0
    real_update = progress.Progress.update

    def ctrl_c_in_epoch_2(bar, k=1, items=0):
        real_update(bar, k, items)
        if bar.desc.startswith("epoch 2/") and bar.n == 1:      # after one minibatch of epoch 2
            raise KeyboardInterrupt
    monkeypatch.setattr(progress.Progress, "update", ctrl_c_in_epoch_2)
    assert cli.main(ARGS + ["--out", str(tmp_path / "cut")]) == 130
    monkeypatch.setattr(progress.Progress, "update", real_update)
    assert final_params(tmp_path / "cut", "5.12")[0] == 1         # epoch 1's checkpoint, nothing of epoch 2
    assert cli.main(ARGS + ["--out", str(tmp_path / "cut"), "--resume"]) == 0
    epoch_full, full = final_params(tmp_path / "full", "5.12")
    epoch_cut, cut = final_params(tmp_path / "cut", "5.12")
    assert epoch_full == epoch_cut == 3
    assert_same(full, cut)
    assert history(tmp_path / "full", "5.12") == history(tmp_path / "cut", "5.12")
    assert any(np.abs(v).sum() > 0 for v in full.values())


def test_the_long_set_runs_quick_by_default_and_at_the_books_settings_by_name():
    from gluonlab import compare
    from gluonlab.errors import ConfigError
    long_set = set(compare.SETS["long"])
    _, todo, _, quick_form = compare._wanted(None, False, "cpu", quick=False)
    assert long_set <= set(todo) and quick_form == long_set               # default set: their quick form
    _, todo, _, quick_form = compare._wanted(None, True, "cpu", quick=False)
    assert long_set <= set(todo) and quick_form == long_set               # --all too
    _, todo, _, quick_form = compare._wanted(None, False, "cpu", quick=False, set_name="long")
    assert todo == list(compare.SETS["long"]) and not quick_form          # --set long: the book's settings
    assert not compare._wanted(["5.6"], False, "cpu", quick=False)[3]      # named: the book's settings
    with pytest.raises(ConfigError, match="--set long names its sections"):
        compare._wanted(["5.6"], False, "cpu", quick=False, set_name="long")


def test_compare_marks_the_quick_form_rows(tmp_path, monkeypatch):
    """A long section in the default comparison runs its QUICK config and is judged as --quick judges."""
    from gluonlab import compare
    from gluonlab.compare import jobs
    seen = []
    monkeypatch.setattr(jobs, "run_here", lambda job, echo=None: seen.append(job) or {"error": "stub"})
    monkeypatch.setattr(compare, "_wanted", lambda *a: (["5.6", "3.7"], ["5.6", "3.7"], {}, {"5.6"}))
    rows, _, text = compare.run_compare(out=tmp_path, jobs=1, seeds=1)
    assert {(j.sid, j.quick) for j in seen} == {("5.6", True), ("3.7", False)}
    assert "Run in their quick form" in text and "5.6" in text.split("Run in their quick form")[1]
