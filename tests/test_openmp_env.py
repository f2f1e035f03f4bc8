"""Copies from the Python thread start no second OpenMP team once gluonlab is imported (gluonlab/_openmp_env.py)."""
import json
import os
import subprocess
import sys

import pytest

from gluonlab import _openmp_env

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc/self/task")

# The engine's team exists after the reduction; then a million-element asnumpy and nd.array run on this thread.
_COUNT = """
import json, os, sys
if sys.argv[1] == "gluonlab":
    import gluonlab
import numpy; numpy.bool = bool
from mxnet import nd
threads = lambda: len(os.listdir("/proc/self/task"))
nd.ones((1000, 1000)).sum().wait_to_read()
before = threads()
nd.ones((1000, 1000)).asnumpy()
nd.array(numpy.ones((1000, 1000), "float32")).wait_to_read()
print(json.dumps({"before": before, "after": threads(), "size": os.environ.get("MXNET_CPU_PARALLEL_SIZE")}))
"""


def _count(first_import):
    """Thread counts before and after the copies, in a fresh process with OMP_NUM_THREADS=2 and no size set."""
    env = {k: v for k, v in os.environ.items() if k != "MXNET_CPU_PARALLEL_SIZE"}
    out = subprocess.run([sys.executable, "-c", _COUNT, first_import], capture_output=True, text=True,
                         env={**env, "OMP_NUM_THREADS": "2"}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_copies_from_python_start_a_second_team_without_gluonlab():
    got = _count("mxnet")          # the mechanism: plain MXNet forks a team on the calling thread
    assert got["size"] is None and got["after"] > got["before"]


def test_gluonlab_keeps_one_team():
    got = _count("gluonlab")
    assert got["size"] == _openmp_env.NEVER and got["after"] == got["before"]


def test_a_value_in_the_environment_wins():
    env = {"MXNET_CPU_PARALLEL_SIZE": "5"}
    assert _openmp_env.keep_one_team(env) is False and env["MXNET_CPU_PARALLEL_SIZE"] == "5"
    env = {}
    assert _openmp_env.keep_one_team(env) is True and int(env["MXNET_CPU_PARALLEL_SIZE"]) >= 2 ** 31 - 1


def test_the_book_side_gets_mxnets_own_threshold():
    env = _openmp_env.mxnet_default_env({"MXNET_CPU_PARALLEL_SIZE": _openmp_env.NEVER, "PATH": "/bin"})
    assert env == {"MXNET_CPU_PARALLEL_SIZE": _openmp_env.MXNET_DEFAULT, "PATH": "/bin"}
    env = {"MXNET_CPU_PARALLEL_SIZE": "1000000"}                 # the user's own value is kept
    assert _openmp_env.mxnet_default_env(env) == env


def test_bench_children_get_the_threshold_by_side(monkeypatch):
    from gluonlab.bench import runner
    seen = {}

    def fake_run(cmd, env, **kwargs):
        seen[json.loads(cmd[-1])["side"]] = env.get("MXNET_CPU_PARALLEL_SIZE")
        return 0, "", ""
    monkeypatch.setenv("MXNET_CPU_PARALLEL_SIZE", _openmp_env.NEVER)
    monkeypatch.setattr(runner.children, "run", fake_run)
    for side in ("d2lzh", "hybrid"):
        runner.run_child({"workload": "mlp", "side": side, "params": {}}, 1)
    assert seen == {"d2lzh": _openmp_env.MXNET_DEFAULT, "hybrid": _openmp_env.NEVER}
