"""The validation layer and the I/O faults, generated from the command line's own option table.

- fuzz: every option of run, compare, bench and launch (and every section option, one section per field name)
  gets boundary and invalid values (negative, zero, huge, non-numeric, empty, unicode, NUL, twice); each ends
  with exit status 2 and one `gluonlab: error: ...; fix: ...` line, no traceback, or passes every check
  (the work itself is stubbed out: "would run");
- `run ID --help` for every registered section lists its own options in command-line spelling, defaults and
  meanings, and no help text speaks of the code's internals;
- faults: an unwritable folder (setpriv to nobody), a full disk at every write of a run (ENOSPC injected at the
  fsync every atomic write goes through), a short file MXNet did not report, a real full tmpfs (when mounting
  works here), damaged manifests, two runs on one folder, a lock that dies with its process.
"""
import argparse
import dataclasses
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import stop_after_first_checkpoint

from gluonlab import cli, config, outdir, records, registry, runner
from gluonlab.bench import runner as bench_runner
from gluonlab.compare import jobs as compare_jobs
from gluonlab.distributed import launch
from gluonlab.train import checkpoint

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^gluonlab: error: [^\n]+; fix: [^\n]+\n$")
QUICK = ["--quick", "--max-examples", "512"]


class WouldRun(BaseException):
    """Raised where real work would start: the arguments passed every check before it."""


def would_run(*args, **kwargs):
    raise WouldRun


@pytest.fixture
def stubbed(monkeypatch, tmp_path):
    """The work stubbed out (run_section, compare's worker processes, bench_workload, launch): cli.main runs only
    the checks."""
    monkeypatch.chdir(tmp_path)
    for target, name in ((runner, "run_section"), (compare_jobs, "run_parallel"), (bench_runner, "bench_workload"),
                         (launch, "launch")):
        monkeypatch.setattr(target, name, would_run)
    return tmp_path


def outcome(argv, capsys):
    """('would run' | exit status, stderr) of one in-process call."""
    try:
        code = cli.main(argv)
    except WouldRun:
        code = "would run"
    except SystemExit as e:          # --help only
        code = e.code
    return code, capsys.readouterr().err


def assert_clean(argv, code, err):
    assert "Traceback" not in err, (argv, err)
    if code == "would run":
        return
    assert code == 2, (argv, code, err)
    assert ERROR_LINE.match(err), (argv, err)


# --- the fuzz, from the option table ---

BAD = ["-1", "0", "1", "2147483648", "4294967296", "1" + "0" * 30, "abc", "", " ", "\u00e9", "\uff12", "1e400",
       "nan", "-inf", "\x00", "0x10", "1.5", "cpu:0,cpu:0",
       "1e39", "-1e39", "1e-300", "1e-45", "\udcff", "3000000", "1000000000000"]   # limits: float32, not UTF-8, sizes


def verb_options(verb):
    """The optional actions of one verb's parser (help excluded)."""
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[verb]
    return [a for a in sub._actions if a.option_strings and not isinstance(a, argparse._HelpAction)]


def base_argv(verb, tmp):
    return {"run": ["run", "3.7", *QUICK, "--out", str(tmp / "r")],
            "compare": ["compare", "3.7", "--quick", "--out", str(tmp / "c")],
            "bench": ["bench", "--quick", "--json", str(tmp / "b" / "bench.json")],
            "launch": ["launch", "--workers", "1"]}[verb]


def with_option(verb, base, action, tokens):
    """`base` with `tokens` in place of the base's own use of the option (launch: before its `-- run ...`)."""
    out, i = [], 0
    while i < len(base):
        if base[i] in action.option_strings:
            i += 1 if action.nargs == 0 else 2
            continue
        out.append(base[i])
        i += 1
    if verb == "launch":
        return out + tokens + ["--", "run", "3.7", "--quick", "--out", "r"]
    return out + tokens


def test_every_option_of_every_verb_ends_cleanly(stubbed, capsys):
    seen = {}
    for verb in ("run", "compare", "bench", "launch"):
        for action in verb_options(verb):
            opt = max(action.option_strings, key=len)
            cases = [[opt, opt]] if action.nargs == 0 else \
                [[opt, v] for v in BAD] + [[f"{opt}={BAD[2]}"], [opt, "1", opt, "2"], [opt]]
            twice = []
            if action.nargs in ("+", "*"):               # a list option naming one value twice
                value = str(list(action.choices)[0]) if action.choices else "1"
                twice = [opt, value, value]
                cases.append(twice)
            for tokens in cases:
                argv = with_option(verb, base_argv(verb, stubbed), action, tokens)
                code, err = outcome(argv, capsys)
                assert_clean(argv, code, err)
                if tokens is twice:
                    assert code == 2 and "more than once" in err, (argv, err)
                seen[code] = seen.get(code, 0) + 1
    assert seen.get(2, 0) > 200 and seen.get("would run", 0) > 10, seen


def section_fields():
    """One (section, field) per field name over the registered sections (the common run fields excluded)."""
    picked = {}
    for sec in registry.all_sections():
        for f in dataclasses.fields(sec.config_cls):
            if f.name not in ("seed", "ctx", "hybridize", "quick") and f.name not in picked:
                picked[f.name] = sec
    return sorted(picked.items())


def test_every_section_option_ends_cleanly(stubbed, capsys):
    seen = {}
    values = BAD + ["none", "true", "a,a", "1,1", ",", "tanh", "gluon", "random,consecutive", "2000000000"]
    for name, sec in section_fields():
        opt = config.option_name(name)
        for tokens in [[opt, v] for v in values] + [[opt], [opt, "1", opt, "1"]]:
            argv = ["run", sec.id, "--quick", "--out", str(stubbed / "s")] + tokens
            code, err = outcome(argv, capsys)
            assert_clean(argv, code, err)
            if code == 2:
                assert "_" not in re.sub(r"--[a-z0-9-]+|'[^']*'|\S*/\S*", "", err.split("; fix:")[0]), \
                    (argv, "options are named in command-line spelling", err)
            seen[code] = seen.get(code, 0) + 1
    assert seen.get(2, 0) > 500 and seen.get("would run", 0) > 50, seen


@pytest.mark.parametrize("argv,said", [
    (["run", "3.7", "--seed", "-1"], "--seed must be an integer from 0 to 4294967295, got -1"),
    (["run", "3.7", "--seed", "4294967296"], "--seed must be an integer from 0 to 4294967295"),
    (["run", "3.7", "--loader", "nope"], "--loader has no choice 'nope'; fix: choose one of fast, gluon"),
    (["run", "3.7", "--ctx", "cpu:0,cpu:0"], "context cpu:0 is listed twice"),
    (["run", "3.7", "--ctx", "cpu:999"], "cpu:999 does not exist"),
    (["run", "3.7", "--threads", "100000"], "--threads must be an integer from 1 to"),
    (["run", "3.7", "--threads", "0"], "--threads must be an integer from 1 to"),
    (["run", "3.7", "--max-examples", "-1"], "--max-examples must be an integer from 0 (the whole data set) to 2147483647, "
                                             "got -1; fix: give --max-examples"),
    (["run", "3.7", "--lr", "-1"], "--lr must not be negative, got -1.0; fix: give --lr"),
    (["run", "3.7", "--lr"], "--lr needs a value; fix: give --lr a finite number"),
    (["run", "3.7", "--batch-size", "0"], "--batch-size must be an integer from 1 to 2147483647, got 0"),
    (["run", "3.7", "--batch-size", "4096", "--max-examples", "512"],
     "--batch-size 4096 is larger than the data (--max-examples 512); fix: use --batch-size 512 or less"),
    (["run", "3.7", "--bogus", "1"], "section 3.7 has no option --bogus"),
    (["run", "3.7", "--epoch", "2"], "did you mean --epochs?"),
    (["run", "3.7", "--seed", "1", "--seed", "2"], "--seed is given twice"),
    (["run", "3.7", "--lr", "1", "--lr", "2"], "--lr is given twice"),
    (["run", "3.7", "3.7"], "section 3.7 is named twice"),
    (["compare", "--seeds", "-2"], "--seeds must be an integer from 1 to 1000, got -2"),
    (["compare", "--seeds", "3000000"], "--seeds must be an integer from 1 to 1000, got 3000000"),
    (["compare", "--seeds", "0"], "--seeds must be an integer from 1 to 1000, got 0"),
    (["bench", "--repeats", "0"], "--repeats must be an integer from 1 to 2147483647"),
    (["launch", "-n", "0", "--", "run", "3.7"], "--workers must be an integer from 1 to 2147483647"),
    (["launch", "-n", "1", "--hosts", "/nonexistent", "--", "run", "3.7"], "--hosts /nonexistent: cannot read it"),
    (["launch", "-n", "1", "--", "run", "3.7", "--lr", "-1"], "--lr must not be negative"),
    (["run", "3.7", "--out", "/dev/null"], "cannot write into /dev/null: /dev/null is not a folder"),
    (["run", "3.7", "--out", ""], "--out got an empty value"),
    # limits, checked before any work, with the real bound
    (["run", "3.10", "--epochs", "1000000000000"], "--epochs must be an integer from 1 to 2147483647, got"),
    (["run", "3.10", "--lr", "1e39"], "--lr 1e+39 is beyond float32's range"),
    (["run", "3.8", "--step", "1e-300"], "--step 1e-300 is too small for float32"),
    (["run", "3.8", "--step", "1e-30"], "more than MXNet's 2,147,483,646 elements per array; fix: give --step at least"),
    (["run", "6.5", "--num-steps", "100000"], "needs 3,200,032 characters"),
    (["run", "6.5", "--pred-len", "2000000000"], "--pred-len must be an integer from 1 to 1000000"),
    (["run", "6.4", "--num-chars", "100000"], "--num-chars must be an integer from 1 to 63282"),
    (["run", "3.7", "--out", "runs\udcff"], "--out holds bytes that are not UTF-8"),
    (["bench", "--workload", "softmax", "softmax"], "--workload names softmax more than once"),
    (["bench", "--side", "d2lzh", "d2lzh"], "--side names d2lzh more than once"),
    (["compare", "3.10", "3.10"], "section 3.10 is named twice"),
    (["compare", "3.10", "mlp-gluon"], "section 3.10 is named twice"),
    (["launch", "-n", "1", "--", "run", "3.7", "--resume"], "launched workers keep no checkpoints"),
])
def test_the_issues_invocations_end_in_one_line(argv, said, stubbed, capsys):
    code, err = outcome(argv, capsys)
    assert code == 2 and ERROR_LINE.match(err), (code, err)
    assert said in err, err


def test_out_naming_a_file_is_refused_before_any_work(stubbed, capsys):
    (stubbed / "afile").write_text("x")
    code, err = outcome(["run", "3.7", "--out", str(stubbed / "afile")], capsys)
    assert code == 2 and "is not a folder" in err and "name a folder" in err and "another folder with --out" in err
    code, err = outcome(["run", "3.7", "--out", str(stubbed / "afile" / "deeper")], capsys)
    assert code == 2 and "is not a folder" in err
    (stubbed / "r").mkdir()
    (stubbed / "r" / "3.7").write_text("x")                   # the section's own folder is a file
    code, err = outcome(["run", "3.7", "--out", str(stubbed / "r")], capsys)
    assert code == 2 and "3.7" in err and "is not a folder" in err


def test_legal_boundaries_pass_every_check(stubbed, capsys):
    for argv in (["run", "3.7", "--seed", "0"], ["run", "3.7", "--seed", "4294967295"],
                 ["run", "3.7", "--max-examples", "0"],
                 ["run", "3.7", "--lr", "0"], ["run", "6.4", "--clipping-theta", "none"],
                 ["run", "3.7", "--loader", "gluon"], ["compare", "3.7", "--seeds", "1"],
                 ["run", "5.10", "--nets", "gluon"], ["run", "6.4", "--sampling", "consecutive"]):
        code, err = outcome(argv, capsys)
        assert code == "would run", (argv, err)


# --- `run ID --help` (every registered section) and help texts without internals ---

INTERNALS = re.compile(r"\.py\b|Config\b|config field|OMP_NUM_THREADS|gluonlab/|mxnet\.|_[a-z]+_|"
                       r"\b[a-z]+_[a-z_]+\b")


def help_of(argv, capsys):
    try:
        code = cli.main(argv)
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr().out
    assert code == 0, argv
    return " ".join(out.split())


def test_every_section_help_lists_its_own_options(capsys):
    for sec in registry.all_sections():
        text = help_of(["run", sec.id, "--help"], capsys)
        assert f"gluonlab run {sec.id}" in text and sec.title in text
        defaults = {**{f.name: f.default for f in dataclasses.fields(sec.config_cls)}, **dict(sec.overrides)}
        for name, default in defaults.items():
            opt = config.option_name(name)
            assert re.search(re.escape(opt) + r"\b", text), (sec.id, opt)
            if name in ("seed", "ctx", "hybridize", "quick"):
                continue
            meaning = config.MEANINGS.get(name)
            assert meaning, f"field {name} of section {sec.id} has no meaning in config.MEANINGS"
            assert meaning in text, (sec.id, name)
            shown = ",".join(map(str, default)) if isinstance(default, tuple) else \
                "none" if default is None else str(default).lower() if isinstance(default, bool) else str(default)
            assert f"(default {shown}" in text, (sec.id, name, shown)
        assert not INTERNALS.search(text.replace("DIR/<id>", "")), (sec.id, INTERNALS.search(text))


@pytest.mark.parametrize("verb", ["run", "compare", "launch", "list", "data"])
def test_help_texts_say_nothing_of_the_code(verb, capsys):
    text = help_of([verb, "--help"], capsys)
    bad = INTERNALS.search(text.replace("dist_sync", "").replace("dist_async", ""))
    assert not bad, (verb, bad)


# --- faults: an unwritable folder ---

def test_unwritable_out_folder_is_refused_before_training():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run as nobody")
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                            "pass"], capture_output=True, text=True)
    if probe.returncode != 0:           # e.g. a pyenv Python under /root, whose libpython nobody may not read
        pytest.skip(f"this Python cannot run as nobody: {probe.stderr.strip()[-200:]}")
    base = Path(tempfile.mkdtemp(prefix="gluonlab-nobody-"))   # pytest's tmp_path is closed to other users
    try:
        os.chmod(base, 0o755)
        locked, home = base / "locked", base / "home"
        locked.mkdir(mode=0o755)                               # root's: nobody (65534) may not write in it
        home.mkdir()
        os.chmod(home, 0o777)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home), "MPLCONFIGDIR": str(home),
               "PYTHONDONTWRITEBYTECODE": "1", "GLUONLAB_PROGRESS": "0"}
        res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
                              "gluonlab", "run", "3.7", "--quick", "--out", str(locked / "runs")],
                             env=env, capture_output=True, text=True, timeout=120, cwd=home)
        assert res.returncode == 2, res.stderr
        assert ERROR_LINE.match(res.stderr) and "Permission denied" in res.stderr, res.stderr
        assert str(locked / "runs") in res.stderr and "--out" in res.stderr
        assert "epoch" not in res.stdout and not any(locked.iterdir())
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- faults: a full disk at every write ---

def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


def assert_nothing_incomplete(out, sid="3.7"):
    """No temp file is left; a manifest present is whole and every file it names has its size and sha1;
    metrics.json, if present, is valid JSON; a checkpoint folder holds only what its manifests name."""
    folder = Path(out) / sid
    assert not [p for p in files_under(out) if Path(p).name.startswith(".")], files_under(out)
    ckpts = folder / "checkpoints"
    named = set()
    for man in sorted(ckpts.glob("fit*.json")) if ckpts.is_dir() else []:
        m = json.loads(man.read_text())
        assert checkpoint.manifest_problem(m, int(man.stem[3:])) == ""
        for f in m["files"].values():
            assert records.file_digest(ckpts / f["name"]) == (f["size"], f["sha1"])
            named.add(f["name"])
        named.add(man.name)
    if ckpts.is_dir():
        assert sorted(p.name for p in ckpts.iterdir()) == sorted(named), "only what the manifests name"
    if (folder / "metrics.json").exists():
        json.loads((folder / "metrics.json").read_text())
    return named


RUN2 = ["run", "3.7", *QUICK, "--epochs", "2", "--seed", "3"]


def test_a_full_disk_at_any_write_ends_cleanly_and_keeps_the_last_checkpoint(tmp_path, monkeypatch, capsys):
    writes, real_sync = [], records.sync

    def counting(path):
        if str(tmp_path) in os.path.abspath(path):      # the run's own writes (not a dataset cache's)
            writes.append(Path(path).name)
        real_sync(path)
    monkeypatch.setattr(records, "sync", counting)
    assert cli.main(RUN2 + ["--out", str(tmp_path / "full")]) == 0
    capsys.readouterr()
    kinds = [re.sub(r"^\.|\.[^.]+\.tmp$", "", w) for w in writes]
    assert kinds[:6] == ["fit0-epoch1.params", "fit0-epoch1.states", "fit0.json",
                         "fit0-epoch2.params", "fit0-epoch2.states", "fit0.json"], kinds
    assert "metrics.json" in kinds and "log.txt" in kinds
    epoch1 = {"fit0.json", "fit0-epoch1.params", "fit0-epoch1.states"}
    epoch2 = {"fit0.json", "fit0-epoch2.params", "fit0-epoch2.states"}
    for k in range(len(writes)):
        calls = []

        def full(path, k=k):
            if str(tmp_path) in os.path.abspath(path):
                calls.append(path)
                if len(calls) == k + 1:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
            real_sync(path)
        monkeypatch.setattr(records, "sync", full)
        out = tmp_path / f"cut{k}"
        code = cli.main(RUN2 + ["--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and ERROR_LINE.match(err), (k, err)
        assert f"cannot write {out / '3.7'}" in err and kinds[k] in err, (k, err)
        assert "No space left on device; fix: free some space" in err, err
        named = assert_nothing_incomplete(out)
        if k < 3:                                  # no checkpoint landed yet
            assert named == set() and "no checkpoint was written" in err, (k, named, err)
        elif k < 6:                                # epoch 1's checkpoint is kept, and the line says so
            assert named == epoch1 and "the last good checkpoint is kept" in err and "(epoch 1)" in err, (k, err)
        else:                                      # training done; a record file could not be written
            assert named == epoch2 and not (out / "3.7" / "metrics.json").exists(), (k, named)
    monkeypatch.setattr(records, "sync", real_sync)
    # the checkpoint left by a full disk during epoch 2 resumes to the uninterrupted run's numbers
    out = tmp_path / "cut3"
    assert cli.main(RUN2 + ["--out", str(out), "--resume"]) == 0
    assert "(restored from checkpoint)" in capsys.readouterr().out
    a, b = (json.loads((tmp_path / d / "3.7" / "metrics.json").read_text())["final"] for d in ("full", "cut3"))
    assert a == b


def test_a_folder_that_stops_being_writable_mid_run_keeps_the_last_checkpoint(tmp_path, monkeypatch, capsys):
    real_sync, calls = records.sync, []

    def denied(path):
        if str(tmp_path) in os.path.abspath(path):
            calls.append(path)
            if len(calls) == 4:                    # epoch 2's parameters
                raise OSError(errno.EACCES, os.strerror(errno.EACCES), path)
        real_sync(path)
    monkeypatch.setattr(records, "sync", denied)
    code = cli.main(RUN2 + ["--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and ERROR_LINE.match(err), err
    assert "fit0-epoch2.params: Permission denied; fix: choose a folder you can write to" in err
    assert assert_nothing_incomplete(tmp_path) == {"fit0.json", "fit0-epoch1.params", "fit0-epoch1.states"}


def test_a_short_write_mxnet_does_not_report_is_caught_before_the_rename(tmp_path, monkeypatch, capsys):
    from mxnet import nd
    real_save, saves = nd.save, []

    def short_save(fname, data):
        real_save(fname, data)
        saves.append(fname)
        if len(saves) == 3:                        # epoch 2's parameters (after epoch 1's and its trainer state)
            with open(fname, "r+b") as f:
                f.truncate(os.path.getsize(fname) // 2)
    monkeypatch.setattr(nd, "save", short_save)
    code = cli.main(RUN2 + ["--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and ERROR_LINE.match(err), err
    assert "fit0-epoch2.params" in err and "does not read back" in err
    assert "the last good checkpoint is kept" in err and "(epoch 1)" in err
    assert assert_nothing_incomplete(tmp_path) == {"fit0.json", "fit0-epoch1.params", "fit0-epoch1.states"}


@pytest.fixture
def small_tmpfs(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_a_really_full_filesystem(small_tmpfs, capsys):
    code = cli.main(RUN2 + ["--out", str(small_tmpfs)])
    err = capsys.readouterr().err
    assert code == 2 and ERROR_LINE.match(err), err
    assert "No space left on device" in err
    assert_nothing_incomplete(small_tmpfs)


# --- faults: damaged manifests ---

@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory):
    """A 2-epoch run stopped after epoch 1's checkpoint: its manifest, to damage in copies."""
    out = tmp_path_factory.mktemp("stopped")
    stop_after_first_checkpoint(RUN2 + ["--out", str(out)])
    return out, (out / "3.7" / "checkpoints" / "fit0.json").read_text()


def damage(m, how):
    if how == "renamed key":
        m["rnd"] = m.pop("rng")
    elif how == "null":
        return None
    elif how == "short python state":
        m["rng"]["python"][1] = m["rng"]["python"][1][:10]
    elif how == "numpy position":
        m["rng"]["numpy"][2] = 999
    elif how == "history without loss":
        del m["history"][0]["loss"]
    elif how == "epoch as text":
        m["epoch"] = "1"
    elif how == "foreign file name":
        m["files"]["params"]["name"] = "../../../etc/passwd"
    elif how == "bad sha1":
        m["files"]["params"]["sha1"] = "zz"
    elif how == "seed out of range":
        m["seed"] = -1
    elif how == "list":
        return []
    elif how == "unknown kind":
        m["files"]["weights"] = m["files"]["params"]
    return m


FIELDS = {"renamed key": "field rng is missing", "null": "(top level)", "short python state": "rng.python[1]",
          "numpy position": "rng.numpy[2]", "history without loss": "history[0].loss", "epoch as text": "epoch",
          "foreign file name": "files.params.name", "bad sha1": "files.params.sha1", "seed out of range": "seed",
          "list": "(top level)", "unknown kind": "files.weights"}


@pytest.mark.parametrize("how", sorted(FIELDS))
def test_damaged_manifest_is_refused_naming_file_and_field(how, stopped_run):
    assert checkpoint.manifest_problem(json.loads(stopped_run[1]), 0) == ""
    assert FIELDS[how] in checkpoint.manifest_problem(damage(json.loads(stopped_run[1]), how), 0)


@pytest.mark.parametrize("how", ["renamed key", "null", "short python state", "foreign file name"])
def test_damaged_manifest_on_resume_is_one_line(how, stopped_run, capsys):
    out, text = stopped_run
    man = out / "3.7" / "checkpoints" / "fit0.json"
    damaged = json.dumps(damage(json.loads(text), how))
    man.write_text(damaged)
    try:
        code = cli.main(RUN2 + ["--out", str(out), "--resume"])
        err = capsys.readouterr().err
    finally:
        man.write_text(text)
    assert code == 2 and ERROR_LINE.match(err), err
    assert str(man) in err and FIELDS[how] in err and "rerun without --resume" in err
    assert "make data" not in err and "fetch" not in err, "a checkpoint problem is not a dataset problem"


def test_missing_checkpoint_file_does_not_point_at_the_datasets(stopped_run, capsys):
    out, text = stopped_run
    params = out / "3.7" / "checkpoints" / "fit0-epoch1.params"
    saved = params.read_bytes()
    params.unlink()
    try:
        code = cli.main(RUN2 + ["--out", str(out), "--resume"])
        err = capsys.readouterr().err
    finally:
        params.write_bytes(saved)
    assert code == 2 and ERROR_LINE.match(err) and str(params) in err
    assert "make data" not in err and "rerun without --resume" in err


# --- two runs on one folder; a lock dies with its process ---

def test_a_second_run_on_the_same_folder_is_refused_at_once(tmp_path, monkeypatch, capsys):
    sec = registry.get("3.7")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GLUONLAB_PROGRESS": "0"}
    second = {}
    real_run = sec.run

    def run_and_collide(cfg, report=print):
        start = time.monotonic()                  # the first run holds the folder: start a second one on it
        second["res"] = subprocess.run([sys.executable, "-m", "gluonlab", "run", "3.7", "--quick", "--out",
                                        str(tmp_path)], env=env, capture_output=True, text=True, timeout=120)
        second["s"] = time.monotonic() - start
        return real_run(cfg, report=report)
    monkeypatch.setitem(registry._SECTIONS, "3.7", dataclasses.replace(sec, run=run_and_collide))
    assert cli.main(["run", "3.7", *QUICK, "--out", str(tmp_path)]) == 0
    res = second["res"]
    assert res.returncode == 2 and ERROR_LINE.match(res.stderr), res.stderr
    assert f"another run is writing in {tmp_path / '3.7'}" in res.stderr and "another --out" in res.stderr
    assert "epoch" not in res.stdout, "refused before any work"
    assert second["s"] < 60, "refused at once (the time is the interpreter's start and imports)"
    assert json.loads((tmp_path / "3.7" / "metrics.json").read_text())["section"]["id"] == "3.7"
    assert cli.main(["run", "3.7", *QUICK, "--out", str(tmp_path)]) == 0, "the lock went with the first run"


def test_the_lock_dies_with_its_process(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from gluonlab import outdir; "
                               f"outdir.lock({str(tmp_path / 'x')!r}); print('held', flush=True); time.sleep(600)"],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Exception, match="another run is writing in"):
            outdir.lock(tmp_path / "x")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    key = outdir.lock(tmp_path / "x")               # SIGKILL left no stale lock
    outdir.release(key)


def test_a_newer_checkpoint_removes_only_the_files_the_older_manifest_named(tmp_path, monkeypatch):
    ckpts = tmp_path / "3.7" / "checkpoints"
    real_save = checkpoint.Stage.save

    def plant_then_save(stage, epoch, hist):
        if epoch == 2:                             # files no manifest names: not the run's to delete
            (ckpts / "fit0-epoch1.states.bak").write_bytes(b"x")
            (ckpts / "fit0-epoch0.states").write_bytes(b"x")
        real_save(stage, epoch, hist)
    monkeypatch.setattr(checkpoint.Stage, "save", plant_then_save)
    assert cli.main(RUN2 + ["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in ckpts.iterdir()) == ["fit0-epoch0.states", "fit0-epoch1.states.bak",
                                                       "fit0-epoch2.params", "fit0-epoch2.states", "fit0.json"]
