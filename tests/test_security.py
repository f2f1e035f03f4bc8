"""Security: no code from files, and a run's folder is a closed room.

- pickle: a forged trainer state that would run a command is refused with exit 2 and runs nothing; garbage with a
  matching sha1 is one line; the pickle-free format round-trips SGD, momentum and Adam to the same bits; no
  module of the package unpickles;
- symbolic links: a link in place of the run folder, its checkpoints folder, a report folder, an output file or
  a checkpoint file leads to no read, write or delete outside; refused before any work;
- special files: a FIFO or a folder where a file is read or written is refused without hanging; an output path
  that is a device or a FIFO is refused up front; a report's outputs never overwrite one another.
"""
import contextlib
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
from pathlib import Path

import numpy as np
import pytest
from conftest import stop_after_first_checkpoint
from mxnet import autograd, gluon, init, nd

from gluonlab import cli, outdir, records, runner
from gluonlab.bench import runner as bench_runner
from gluonlab.compare import jobs as compare_jobs
from gluonlab.errors import OutputError
from gluonlab.train import checkpoint, trainer_state
from gluonlab.train.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^gluonlab: error: [^\n]+; fix: [^\n]+\n$")
RUN2 = ["run", "3.7", "--quick", "--max-examples", "512", "--epochs", "2", "--seed", "3"]


class WouldRun(BaseException):
    """Raised where real work would start: the arguments passed every check before it."""


def would_run(*args, **kwargs):
    raise WouldRun


@contextlib.contextmanager
def deadline(seconds=60):
    """Raise TimeoutError in the block if it takes longer than `seconds` (a read blocked on a FIFO)."""
    def hung(*_):
        raise TimeoutError(f"hung for {seconds} s")
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def outcome(argv, capsys):
    """(exit status | 'would run', stdout, stderr) of one in-process call, ended after 60 s if it hangs."""
    try:
        with deadline():
            code = cli.main(argv)
    except WouldRun:
        code = "would run"
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(argv, capsys, *said):
    code, out, err = outcome(argv, capsys)
    assert code == 2 and ERROR_LINE.match(err), (code, err)
    for text in said:
        assert text in err, err
    return out, err


def snapshot(folder):
    """{relative path: (kind, bytes or link target)} of everything under folder, links not followed."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        kind = outdir.what_is(path)
        out[str(path.relative_to(folder))] = (kind, os.readlink(path) if path.is_symlink() else
                                              path.read_bytes() if kind == outdir.REGULAR else None)
    return out


@pytest.fixture(scope="module")
def stopped(tmp_path_factory):
    """A 2-epoch 3.7 run stopped after epoch 1's checkpoint (parameters, trainer state, manifest)."""
    out = tmp_path_factory.mktemp("stopped")
    stop_after_first_checkpoint(RUN2 + ["--out", str(out)])
    return out


@pytest.fixture
def run_copy(stopped, tmp_path):
    """A copy of the stopped run to damage: (out, checkpoints folder, manifest path)."""
    out = tmp_path / "out"
    shutil.copytree(stopped, out)
    ckpts = out / "3.7" / "checkpoints"
    return out, ckpts, ckpts / "fit0.json"


def replace_checked(manifest, kind, data):
    """Put `data` in place of the manifest's `kind` file and give the manifest its sha1 and size, as someone
    who can write the folder can."""
    m = json.loads(manifest.read_text())
    (manifest.parent / m["files"][kind]["name"]).write_bytes(data)
    m["files"][kind].update(sha1=hashlib.sha1(data).hexdigest(), size=len(data))
    manifest.write_text(json.dumps(m))


# --- no code from files ---

class Payload:
    """Unpickling this runs a shell command."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_forged_pickled_trainer_state_runs_nothing_and_is_refused(run_copy, tmp_path, capsys):
    out, _, manifest = run_copy
    marker = tmp_path / "pwned"
    replace_checked(manifest, "states", pickle.dumps(Payload(marker)))
    _, err = refused(RUN2 + ["--out", str(out), "--resume"], capsys, "old pickled form", "can run code",
                     "fit0-epoch1.states")
    assert not marker.exists(), "the pickle ran"


def test_garbage_trainer_state_with_a_matching_sha1_is_one_line(run_copy, capsys):
    out, _, manifest = run_copy
    replace_checked(manifest, "states", b"garbage " * 40)
    refused(RUN2 + ["--out", str(out), "--resume"], capsys, "fit0-epoch1.states", "damaged",
            "rerun without --resume")


def test_an_untouched_checkpoint_resumes(run_copy, capsys):
    out, _, _ = run_copy
    code, stdout, err = outcome(RUN2 + ["--out", str(out), "--resume"], capsys)
    assert code == 0 and "(restored from checkpoint)" in stdout, err


def train_steps(trainer, net, X, y, steps):
    loss = gluon.loss.L2Loss()
    for _ in range(steps):
        with autograd.record():
            ls = loss(net(X), y)
        ls.backward()
        trainer.step(X.shape[0])


def net_and_trainer(kind, optimizer, params):
    net = gluon.nn.Dense(3, in_units=4)
    net.initialize(init.Constant(0.1))
    return net, kind(net.collect_params(), optimizer, dict(params))


@pytest.mark.parametrize("kind", [Trainer, gluon.Trainer])
@pytest.mark.parametrize("optimizer,params", [("sgd", {"learning_rate": 0.1}),
                                              ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-3}),
                                              ("adam", {"learning_rate": 0.01})])
def test_trainer_state_round_trips_to_the_same_bits_without_pickle(kind, optimizer, params, tmp_path):
    X, y = nd.arange(24).reshape((6, 4)) / 24, nd.ones((6, 3))
    net, trainer = net_and_trainer(kind, optimizer, params)
    train_steps(trainer, net, X, y, 3)
    path = tmp_path / "t.states"
    trainer_state.save(trainer, path)
    data = path.read_bytes()
    assert data[:1] != b"\x80" and isinstance(nd.load(str(path)), dict), "MXNet's own format, not a pickle"
    twin, twin_trainer = net_and_trainer(kind, optimizer, params)
    twin.weight.set_data(net.weight.data())
    twin.bias.set_data(net.bias.data())
    trainer_state.load(twin_trainer, data, path)
    train_steps(trainer, net, X, y, 3)
    train_steps(twin_trainer, twin, X, y, 3)
    np.testing.assert_array_equal(net.weight.data().asnumpy(), twin.weight.data().asnumpy())
    assert twin_trainer._optimizer.num_update == trainer._optimizer.num_update == 6


def test_a_state_from_another_optimizer_is_refused_and_changes_nothing(tmp_path):
    X, y = nd.ones((2, 4)), nd.ones((2, 3))
    net, trainer = net_and_trainer(Trainer, "adam", {"learning_rate": 0.01})
    train_steps(trainer, net, X, y, 1)
    trainer_state.save(trainer, tmp_path / "adam.states")
    other_net, other = net_and_trainer(Trainer, "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    train_steps(other, other_net, X, y, 1)
    before = {i: s.asnumpy().copy() for i, s in other._updaters[0].states.items()}
    with pytest.raises(trainer_state.TrainerStateError, match="holds Adam state, this trainer uses SGD"):
        trainer_state.load(other, (tmp_path / "adam.states").read_bytes(), tmp_path / "adam.states")
    assert all(np.array_equal(before[i], s.asnumpy()) for i, s in other._updaters[0].states.items())


def test_no_module_of_the_package_unpickles():
    """pickle, np.load(allow_pickle=True) and Trainer.load_states (which unpickles) appear nowhere in the
    package's code; Trainer.load_states says in its docstring that it unpickles."""
    found = []
    for path in (ROOT / "gluonlab").rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if re.search(r"\bimport pickle|\bpickle\.\w+\(|allow_pickle\s*=\s*True|\.load_states\(|cPickle|"
                         r"\bmarshal\.load|\bshelve\b", code) and "super().load_states" not in code:
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, found
    assert "unpickles" in Trainer.load_states.__doc__ and "never a file someone gave you" in \
        Trainer.load_states.__doc__


# --- symbolic links ---

def elsewhere_with_checkpoints(tmp_path):
    """A folder outside the run holding files a checkpoint cleanup would match."""
    other = tmp_path / "elsewhere"
    other.mkdir()
    for name in ("fit0.json", "fit0-epoch1.params", "fit3-epoch2.states", "notes.txt"):
        (other / name).write_text(name)
    return other


def test_checkpoints_folder_linked_elsewhere_is_refused_and_nothing_there_changes(tmp_path, capsys):
    other = elsewhere_with_checkpoints(tmp_path)
    before = snapshot(other)
    (tmp_path / "out" / "3.7").mkdir(parents=True)
    (tmp_path / "out" / "3.7" / "checkpoints").symlink_to(other)
    out, _ = refused(RUN2 + ["--out", str(tmp_path / "out")], capsys, "checkpoints is not a folder",
                     "symbolic link")
    assert "epoch" not in out, "refused before any work"
    assert snapshot(other) == before


def test_the_runner_refuses_a_linked_checkpoints_folder_too(tmp_path):
    """The same through the Python API (run_section, as compare's workers call it): the Checkpointer checks."""
    from gluonlab import registry
    other = elsewhere_with_checkpoints(tmp_path)
    before = snapshot(other)
    (tmp_path / "3.7").mkdir()
    (tmp_path / "3.7" / "checkpoints").symlink_to(other)
    sec = registry.get("3.7")
    cfg = runner.config_for(sec, quick=True, max_examples=512)
    with pytest.raises(OutputError, match="symbolic link"):
        runner.run_section(sec, cfg, out_root=tmp_path, echo=None)
    assert snapshot(other) == before
    with pytest.raises(OutputError, match="is not a folder"):
        checkpoint.Checkpointer(tmp_path / "3.7" / "checkpoints", 0, {})
    assert snapshot(other) == before


def test_run_folder_linked_elsewhere_is_refused(tmp_path, capsys):
    other = elsewhere_with_checkpoints(tmp_path)
    before = snapshot(other)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "3.7").symlink_to(other)
    refused(RUN2 + ["--out", str(tmp_path / "out")], capsys, "3.7 is not a folder (it is a symbolic link)")
    assert snapshot(other) == before


def test_a_link_in_place_of_an_output_file_is_refused_before_work_and_its_target_kept(tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("mine")
    run_dir = tmp_path / "out" / "3.7"
    run_dir.mkdir(parents=True)
    (run_dir / "metrics.json").symlink_to(target)
    out, _ = refused(RUN2 + ["--out", str(tmp_path / "out")], capsys, "metrics.json", "symbolic link")
    assert "epoch" not in out and target.read_text() == "mine"


@pytest.mark.parametrize("where", ["metrics.json", "x"])
def test_a_fifo_in_the_run_folder_is_refused_before_work(where, tmp_path, capsys):
    """A FIFO at an output's name, or anywhere in OUT/<id>: refused before any training, and left as it was."""
    run_dir = tmp_path / "out" / "3.7"
    run_dir.mkdir(parents=True)
    os.mkfifo(run_dir / where)
    with deadline(120):
        out, _ = refused(RUN2 + ["--out", str(tmp_path / "out")], capsys, where, "FIFO")
    assert "epoch" not in out and outdir.what_is(run_dir / where) == "a FIFO (named pipe)"


def test_compare_refuses_a_fifo_in_place_of_its_report_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compare_jobs, "run_here", would_run)
    (tmp_path / "c").mkdir()
    os.mkfifo(tmp_path / "c" / "compare.md")
    with deadline(60):
        refused(["compare", "3.7", "--quick", "--jobs", "1", "--out", str(tmp_path / "c")], capsys,
                "compare.md: it is a FIFO (named pipe), not a regular file")
    assert not (tmp_path / "c" / "runs").exists()


def test_a_checkpoint_file_linked_to_a_copy_outside_is_not_read(run_copy, tmp_path, capsys):
    """Even with the right sha1, a link is not followed: resuming reads nothing outside the run's folder."""
    out, ckpts, _ = run_copy
    params = ckpts / "fit0-epoch1.params"
    outside = tmp_path / "outside.params"
    shutil.move(params, outside)
    params.symlink_to(outside)
    refused(RUN2 + ["--out", str(out), "--resume"], capsys, "fit0-epoch1.params", "symbolic link")


def test_compare_refuses_a_linked_runs_folder_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compare_jobs, "run_here", would_run)
    monkeypatch.setattr(compare_jobs, "run_parallel", would_run)
    other = elsewhere_with_checkpoints(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "runs").symlink_to(other)
    refused(["compare", "3.7", "--quick", "--out", str(tmp_path / "c")], capsys, "runs is not a folder",
            "symbolic link")


# --- special files ---

def test_a_fifo_in_place_of_a_checkpoint_file_is_refused_without_hanging(run_copy, capsys):
    out, ckpts, _ = run_copy
    states = ckpts / "fit0-epoch1.states"
    states.unlink()
    os.mkfifo(states)
    refused(RUN2 + ["--out", str(out), "--resume"], capsys, "fit0-epoch1.states", "FIFO")


@pytest.mark.parametrize("make,said", [(os.mkfifo, "FIFO"), (os.mkdir, "folder")])
def test_a_fifo_or_folder_in_place_of_the_manifest_does_not_silently_start_over(make, said, run_copy, capsys):
    out, _, manifest = run_copy
    manifest.unlink()
    make(manifest)
    out_text, _ = refused(RUN2 + ["--out", str(out), "--resume"], capsys, "fit0.json", said)
    assert "epoch 1" not in out_text, "no training started"


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_bench_refuses_a_special_file_as_its_report_up_front(special, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench_runner, "bench_workload", would_run)
    if special == "fifo":
        special = tmp_path / "report.json"
        os.mkfifo(special)
    refused(["bench", "--quick", "--workload", "softmax", "--json", str(special)], capsys, "not a regular file")
    assert outdir.what_is(special) in ("a character device", "a FIFO (named pipe)")


@pytest.mark.parametrize("name", ["report.md", "report.png"])
def test_a_reports_outputs_never_overwrite_one_another(name, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench_runner, "bench_workload", would_run)
    refused(["bench", "--quick", "--json", str(tmp_path / name)], capsys, "would be written to the same file")


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir, "link"])
def test_atomic_writes_replace_only_regular_files(make, tmp_path):
    path = tmp_path / "x.json"
    if make == "link":
        (tmp_path / "target").write_text("kept")
        path.symlink_to(tmp_path / "target")
    else:
        make(path)
    kind = outdir.what_is(path)
    with pytest.raises(OutputError, match="not a regular file"):
        records.write_json(path, {"a": 1})
    assert outdir.what_is(path) == kind
    assert make != "link" or (tmp_path / "target").read_text() == "kept"


def test_reading_a_fifo_or_a_link_neither_blocks_nor_follows(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "real").write_bytes(b"data")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(records.NotRegularFile, match="FIFO"), deadline(30):
        records.read_regular(tmp_path / "fifo")
    with pytest.raises(records.NotRegularFile, match="symbolic link"):
        records.read_regular(tmp_path / "link")
    assert records.read_regular(tmp_path / "real") == b"data"


def test_a_fifo_in_place_of_an_earlier_compare_report_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "compare.json")
    with deadline(30):
        assert compare_jobs.previous_times(tmp_path) == {}


def test_a_fresh_run_deletes_only_what_the_manifest_names_never_through_a_link(run_copy, tmp_path, capsys):
    """The old run's manifest and files go; a file it does not name stays, and a link it names is removed as a
    link, its target kept."""
    out, ckpts, manifest = run_copy
    target = tmp_path / "target"
    target.write_text("kept")
    states = ckpts / "fit0-epoch1.states"
    states.unlink()
    states.symlink_to(target)
    (ckpts / "fit0-epoch7.params").write_text("no manifest names me")
    code, _, err = outcome(RUN2 + ["--out", str(out)], capsys)
    assert code == 0, err
    assert target.read_text() == "kept" and (ckpts / "fit0-epoch7.params").read_text() == "no manifest names me"
    assert sorted(p.name for p in ckpts.iterdir()) == ["fit0-epoch2.params", "fit0-epoch2.states",
                                                       "fit0-epoch7.params", "fit0.json"]



def _two_layer(prefixes):
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(5, in_units=4, prefix=prefixes[0]), gluon.nn.Dense(3, in_units=5, prefix=prefixes[1]))
    net.initialize(init.Constant(0.1))
    return net, gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.01})


def test_trainer_state_follows_each_parameter_when_gluon_orders_them_otherwise(tmp_path):
    """gluon.Trainer sorts parameters by global name: 'dense9_' before 'dense10_' in one process, after it in
    another. Saved with the net's own names, each Adam state comes back on its own parameter."""
    X, y = nd.arange(8).reshape((2, 4)) / 8, nd.ones((2, 3))
    net, trainer = _two_layer(["dense9_", "dense10_"])
    train_steps(trainer, net, X, y, 2)
    path = tmp_path / "t.states"
    trainer_state.save(trainer, path, trainer_state.param_keys(net, trainer))
    twin, twin_trainer = _two_layer(["dense8_", "dense9_"])
    assert [p.shape for p in twin_trainer._params] != [p.shape for p in trainer._params]
    for (_, a), (_, b) in zip(net._collect_params_with_prefix().items(), twin._collect_params_with_prefix().items()):
        b.set_data(a.data())
    with pytest.raises(trainer_state.TrainerStateError, match="not shaped as Adam makes it"):
        trainer_state.load(twin_trainer, path.read_bytes(), path)          # by index: the wrong parameters
    trainer_state.load(twin_trainer, path.read_bytes(), path, trainer_state.param_keys(twin, twin_trainer))
    train_steps(trainer, net, X, y, 2)
    train_steps(twin_trainer, twin, X, y, 2)
    for a, b in zip(net._collect_params_with_prefix().values(), twin._collect_params_with_prefix().values()):
        np.testing.assert_array_equal(a.data().asnumpy(), b.data().asnumpy())
    with pytest.raises(trainer_state.TrainerStateError, match="other parameters"):
        trainer_state.load(twin_trainer, path.read_bytes(), path, ["0.weight", "0.bias", "x.weight", "1.bias"])
