"""CLI fuzz: random argument lists end in an exit status and a message, never an unhandled traceback;
a closed stdout (`gluonlab list | head -1`) ends quietly."""
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from gluonlab import cli, runner
from gluonlab.bench import runner as bench_runner
from gluonlab.compare import jobs as compare_jobs
from gluonlab.distributed import launch

ROOT = Path(__file__).resolve().parents[1]

VERBS = ["run"] * 6 + ["list", "data", "compare", "compare", "bench", "launch", "lsit", ""]
IDS = ["3.7", "3.10", "3.13", "3.2", "3.16", "S4.3", "mlp-gluon", "3.77", "mlp-gluom", "6.3", "x", "", "check",
       "fetch", "--", "-n"]
OPTIONS = ["--ctx", "--epochs", "--lr", "--seed", "--quick", "--resume", "--threads", "--gpu-fallback",
           "--batch-size", "--max-examples", "--drop-prob1", "--num-hiddens", "--json", "--markdown", "--bogus",
           "--num-epochs=2", "--lr=-1", "--workers", "--seeds", "--workload", "--side", "--repeats", "--hybridize",
           "--no-hybridize", "--verbose", "--kvstore", "--timeout", "--hosts", "-", "--=", "---", "--out"]
VALUES = ["-1", "0", "1", "2", "2.5", "nan", "inf", "-inf", "1e9", "gpu", "gpu:99", "gpu:x", "cpu:0", "cpu,gpu",
          "tpu", "abc", "true", "none", "\u00e9", "\x00", "3.7,3.10", "fashion_mlp", "ours", "d2lzh", "dist_sync"]


class WouldRun(BaseException):
    """Raised where real work would start: the arguments passed every check before it."""


def would_run(*args, **kwargs):
    raise WouldRun


def random_argv(rng):
    """A verb, maybe ids, option/value pairs from the pools, and now and then a stray token anywhere."""
    verb = rng.choice(VERBS)
    argv = [verb] if verb else []
    if rng.random() < 0.8:
        argv += rng.sample(IDS, rng.randint(1, 2))
    for _ in range(rng.randint(0, 4)):
        argv.append(rng.choice(OPTIONS))
        if rng.random() < 0.8:
            argv.append(rng.choice(VALUES))
    if rng.random() < 0.2:
        argv.insert(rng.randrange(len(argv) + 1), rng.choice(VALUES + IDS))
    return argv


def test_random_argument_lists_never_end_in_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)                       # the default --out (runs/) lands here, if anywhere
    for target, name in ((runner, "run_section"), (compare_jobs, "run_parallel"), (bench_runner, "bench_workload"),
                         (launch, "launch")):
        monkeypatch.setattr(target, name, would_run)
    rng = random.Random(11)
    outcomes = {}
    for _ in range(300):
        argv = random_argv(rng)
        try:
            code = cli.main(argv)
        except SystemExit as e:                       # argparse: usage errors (2)
            code = e.code
        except WouldRun:
            code = "would run"
        captured = capsys.readouterr()
        assert code == "would run" or isinstance(code, int), (argv, code)
        assert "Traceback" not in captured.err, (argv, captured.err)
        if code not in (0, "would run"):
            assert captured.err.strip(), (argv, "a failure says why on stderr")
        outcomes[code] = outcomes.get(code, 0) + 1
    assert outcomes.get(2, 0) > 100 and outcomes.get("would run", 0) > 5, outcomes   # both paths exercised
    assert not (tmp_path / "runs").exists()


def test_closed_stdout_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)                                # the reader is gone before the first write: EPIPE for sure
    proc = subprocess.run([sys.executable, "-m", "gluonlab", "list"], stdout=write_end, stderr=subprocess.PIPE,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == ""


@pytest.mark.parametrize("argv", [["list"], ["list", "--json"]])
def test_broken_pipe_in_process_returns_quietly(argv, monkeypatch, capsys):
    class Closed:
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert cli.main(argv) == 141
    assert capsys.readouterr().err == ""
