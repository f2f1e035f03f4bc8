"""Interrupted and diverging training: per-epoch checkpoints, --resume to the same parameters, NaN stops cleanly."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from mxnet import nd

from gluonlab import cli
from gluonlab.train import checkpoint

ROOT = Path(__file__).resolve().parents[1]


def manifest(out, sid, k=0):
    return json.loads((Path(out) / sid / "checkpoints" / f"fit{k}.json").read_text())


def final_params(out, sid, k=0):
    """The parameters in stage k's last checkpoint (a dict or a list of numpy arrays), sha1-checked."""
    m = manifest(out, sid, k)
    f = m["files"]["params"]
    path = Path(out) / sid / "checkpoints" / f["name"]
    assert checkpoint.sha1_of(path) == f["sha1"]
    saved = nd.load(str(path))
    return m["epoch"], ({k: v.asnumpy() for k, v in saved.items()} if isinstance(saved, dict)
                        else [v.asnumpy() for v in saved])


def assert_same(a, b):
    assert type(a) is type(b) and len(a) == len(b)
    for key in (a if isinstance(a, dict) else range(len(a))):
        np.testing.assert_array_equal(a[key], b[key])     # bitwise


def history(out, sid):
    return [{k: v for k, v in e.items() if k != "wall_s" and not k.endswith("wall_s")}
            for e in json.loads((Path(out) / sid / "metrics.json").read_text())["epochs"]]


# --- a run killed with SIGKILL mid-epoch, then resumed (subprocesses: same thread count on both sides) ---

RUN = [sys.executable, "-m", "gluonlab", "run", "3.10", "--quick", "--epochs", "3", "--max-examples", "8000",
       "--threads", "1", "--seed", "5"]


def _env():
    return {**os.environ, "GLUONLAB_PROGRESS": "0", "PYTHONPATH": str(ROOT)}


def test_sigkill_mid_epoch_then_resume_gives_the_uninterrupted_parameters(tmp_path):
    full, cut = tmp_path / "full", tmp_path / "cut"
    subprocess.run(RUN + ["--out", str(full)], check=True, env=_env(), capture_output=True, timeout=300)

    proc = subprocess.Popen(RUN + ["--out", str(cut)], env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    first = cut / "3.10" / "checkpoints" / "fit0.json"
    deadline = time.monotonic() + 240
    while not first.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL, "the run ended before it could be killed"
    done, _ = final_params(cut, "3.10")
    assert 1 <= done < 3, "killed after a checkpoint and before the end"
    assert not (cut / "3.10" / "metrics.json").exists()

    res = subprocess.run(RUN + ["--out", str(cut), "--resume"], env=_env(), capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert "(restored from checkpoint)" in res.stdout
    epoch_full, params_full = final_params(full, "3.10")
    epoch_cut, params_cut = final_params(cut, "3.10")
    assert epoch_full == epoch_cut == 3
    assert_same(params_full, params_cut)
    assert history(full, "3.10") == history(cut, "3.10")
    assert not list((cut / "3.10" / "checkpoints").glob("*.tmp"))


# --- in-process: an interruption inside a two-stage section (3.13: scratch params list, then Gluon + Trainer) ---

ARGS = ["run", "3.13", "--quick", "--epochs", "3", "--seed", "2"]


def test_two_stage_section_resumes_exactly(tmp_path, monkeypatch, capsys):
    assert cli.main(ARGS + ["--out", str(tmp_path / "full")]) == 0
    saves, real_save = [], checkpoint.Stage.save

    def save_then_stop(stage, epoch, hist):
        real_save(stage, epoch, hist)
        saves.append((stage.k, epoch))
        if len(saves) == 4:                      # stage 0 done, stage 1 at epoch 1
            raise KeyboardInterrupt
    monkeypatch.setattr(checkpoint.Stage, "save", save_then_stop)
    assert cli.main(ARGS + ["--out", str(tmp_path / "cut")]) == 130
    monkeypatch.setattr(checkpoint.Stage, "save", real_save)
    assert manifest(tmp_path / "cut", "3.13", 1)["epoch"] == 1
    assert cli.main(ARGS + ["--out", str(tmp_path / "cut"), "--resume"]) == 0
    for k in (0, 1):
        assert_same(final_params(tmp_path / "full", "3.13", k)[1], final_params(tmp_path / "cut", "3.13", k)[1])
    assert history(tmp_path / "full", "3.13") == history(tmp_path / "cut", "3.13")


def saved_arrays(out, sid, k=0):
    """The non-Parameter arrays (block_state) in stage k's last checkpoint, sha1-checked."""
    f = manifest(out, sid, k)["files"]["arrays"]
    path = Path(out) / sid / "checkpoints" / f["name"]
    assert checkpoint.sha1_of(path) == f["sha1"]
    return {k: v.asnumpy() for k, v in nd.load(str(path)).items()}


def test_scratch_batch_norm_moving_statistics_are_checkpointed_and_resumed(tmp_path, monkeypatch):
    """5.10: the scratch BatchNorm's moving mean and variance are plain NDArrays, not Parameters; a run stopped
    after its first epoch resumes to the uninterrupted run's statistics, parameters and test accuracies."""
    args = ["run", "5.10", "--quick", "--epochs", "2", "--seed", "4", "--max-examples", "600"]
    assert cli.main(args + ["--out", str(tmp_path / "full")]) == 0
    real_save = checkpoint.Stage.save

    def save_then_stop(stage, epoch, hist):
        real_save(stage, epoch, hist)
        raise KeyboardInterrupt                  # stage 0 (scratch BN), epoch 1 of 2
    monkeypatch.setattr(checkpoint.Stage, "save", save_then_stop)
    assert cli.main(args + ["--out", str(tmp_path / "cut")]) == 130
    monkeypatch.setattr(checkpoint.Stage, "save", real_save)
    stopped = saved_arrays(tmp_path / "cut", "5.10")
    assert sorted(stopped) == sorted(f"{i}.{a}" for i in (1, 5, 9, 12) for a in ("moving_mean", "moving_var"))
    assert all(np.abs(v).sum() > 0 for v in stopped.values())       # one epoch of updates, not the zeros
    assert cli.main(args + ["--out", str(tmp_path / "cut"), "--resume"]) == 0
    for k in (0, 1):
        assert_same(final_params(tmp_path / "full", "5.10", k)[1], final_params(tmp_path / "cut", "5.10", k)[1])
    assert_same(saved_arrays(tmp_path / "full", "5.10"), saved_arrays(tmp_path / "cut", "5.10"))
    assert history(tmp_path / "full", "5.10") == history(tmp_path / "cut", "5.10")


def test_block_state_round_trips_and_refuses_another_architecture():
    from gluonlab.models.checkpoint import ParameterFileError, block_state, set_block_state
    from gluonlab.models.cnn import lenet_bn_scratch
    from gluonlab.scratch.batch_norm import BatchNorm
    net = lenet_bn_scratch()
    saved = {k: nd.ones_like(v) * i for i, (k, v) in enumerate(sorted(block_state(net).items()))}
    set_block_state(net, saved)
    assert all((block_state(net)[k] == v).min() == 1 for k, v in saved.items())
    with pytest.raises(ParameterFileError, match="does not fit"):
        set_block_state(BatchNorm(6, num_dims=4), saved)


# --- NaN: exit 2, one line, the batch named, the last good checkpoint kept ---

class Poisoned:
    """Wraps a train iterator: in epoch `epoch`, batch `batch` (1-based) the features become `bad(X)`."""

    def __init__(self, it, epoch, batch, bad):
        self.it, self.epoch, self.batch, self.bad, self.epochs = it, epoch, batch, bad, 0

    def __len__(self):
        return len(self.it)

    def __iter__(self):
        self.epochs += 1
        for i, (X, y) in enumerate(self.it, 1):
            yield (self.bad(X) if (self.epochs, i) == (self.epoch, self.batch) else X), y


def inf_pixel(X):
    X = X.copy()
    X[:, :, 0, 0] = np.inf           # +inf and -inf hidden units meet in the output layer: a NaN loss
    return X


@pytest.mark.parametrize("bad,said", [
    (inf_pixel, "loss became nan at epoch 2, batch 3"),
    (lambda X: X * np.nan, "parameters became nan or inf during epoch 2 while the loss stayed finite"),  # relu(nan)=0
])
def test_non_finite_training_stops_with_where_and_hint_and_keeps_the_checkpoint(bad, said, tmp_path, monkeypatch,
                                                                                 capsys):
    from gluonlab.sections.ch3 import _fashion, ch3_10_mlp_gluon as sec

    def load(cfg):
        train_iter, test_iter = _fashion.load(cfg)
        return Poisoned(train_iter, 2, 3, bad), test_iter
    monkeypatch.setattr(sec, "load", load)
    code = cli.main(["run", "3.10", "--quick", "--epochs", "3", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("gluonlab: error: " + said)
    assert "lower the learning rate" in err and "Traceback" not in err
    assert "fit0.json (epoch 1)" in err
    epoch, params = final_params(tmp_path, "3.10")          # sha1 still matches: nothing half-written
    assert epoch == 1 and all(np.isfinite(v).all() for v in params.values())
    assert sorted(p.name for p in (tmp_path / "3.10" / "checkpoints").iterdir()) == \
        ["fit0-epoch1.params", "fit0-epoch1.states", "fit0.json"]
    assert not (tmp_path / "3.10" / "metrics.json").exists()


# --- resume refusals: other settings, a corrupt checkpoint, a section that does not checkpoint ---

@pytest.fixture
def one_epoch_run(tmp_path):
    assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path)]) == 0
    return tmp_path


def test_resume_with_other_settings_is_refused(one_epoch_run, capsys):
    before = (one_epoch_run / "3.7" / "metrics.json").read_bytes()
    assert cli.main(["run", "3.7", "--quick", "--out", str(one_epoch_run), "--resume", "--lr", "0.3"]) == 2
    err = capsys.readouterr().err
    assert "other settings: lr=0.1 (now 0.3)" in err and "without --resume" in err
    assert (one_epoch_run / "3.7" / "metrics.json").read_bytes() == before
    assert manifest(one_epoch_run, "3.7")["epoch"] == 1


def test_corrupt_checkpoint_is_detected_not_used(one_epoch_run, capsys):
    params = one_epoch_run / "3.7" / "checkpoints" / "fit0-epoch1.params"
    data = bytearray(params.read_bytes())
    data[-1] ^= 0xFF
    params.write_bytes(bytes(data))
    assert cli.main(["run", "3.7", "--quick", "--out", str(one_epoch_run), "--resume"]) == 2
    err = capsys.readouterr().err
    assert str(params) in err and "sha1" in err and "rerun without --resume" in err
    assert params.read_bytes() == bytes(data), "the evidence is left in place"


def test_section_that_does_not_checkpoint_says_so(tmp_path, capsys):
    assert cli.main(["run", "3.2", "--resume", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "section 3.2" in err and "does not checkpoint" in err and "3.10" in err
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_resume_without_a_checkpoint_starts_over_and_a_fresh_run_clears_old_ones(tmp_path, capsys):
    assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path), "--resume"]) == 0
    assert manifest(tmp_path, "3.7")["epoch"] == 1
    ckpts = tmp_path / "3.7" / "checkpoints"
    old = manifest(tmp_path, "3.7")
    (ckpts / "fit5.json").write_text(json.dumps({**old, "stage": 5, "files": {
        "params": {**old["files"]["params"], "name": "fit5-epoch1.params"}}}))      # an older run's stage 5
    (ckpts / "fit5-epoch1.params").write_bytes(b"old run")
    unnamed = ckpts / "fit5-epoch9.params"
    unnamed.write_bytes(b"no manifest names it")
    assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path)]) == 0
    assert not (ckpts / "fit5.json").exists() and not (ckpts / "fit5-epoch1.params").exists()
    assert unnamed.read_bytes() == b"no manifest names it", "a run deletes only what a manifest names"


def test_temp_files_of_a_run_killed_while_saving_are_cleared_on_resume(one_epoch_run, capsys):
    ckpts = one_epoch_run / "3.7" / "checkpoints"
    half = ckpts / ".fit0-epoch2.params.abc123.tmp"
    half.write_bytes(b"half a file")
    assert cli.main(["run", "3.7", "--quick", "--out", str(one_epoch_run), "--resume"]) == 0
    assert not half.exists() and manifest(one_epoch_run, "3.7")["epoch"] == 1
