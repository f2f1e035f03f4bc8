"""`gluonlab launch` on loopback: 2 workers + 1 server equal one process on the global batch; a dead worker
fails the job quickly with a clear message and leaves no process behind; the ssh commands are well formed, and a
job over --hosts (through a stand-in ssh) gives the loopback job's result."""
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import mxnet as mx
import numpy as np
import pytest

from gluonlab.distributed import launch as dl
from gluonlab.errors import GluonlabError
from test_parallel import _fit_params

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}

# A worker: the softmax fit of test_parallel, its parameters saved as <out>/<rank>.npz.
def _worker_code(out, step_batch):
    return (f"import sys, os, numpy as np, gluonlab, mxnet as mx\nsys.path.insert(0, {str(ROOT / 'tests')!r})\n"
            "import pytest\nfrom test_parallel import _fit_params\nfrom gluonlab.train import parallel\n"
            "mp = pytest.MonkeyPatch()\n"
            f"p = _fit_params([mx.cpu()], os.environ['GLUONLAB_KVSTORE'], mp, step_batch={step_batch})\n"
            f"np.savez({str(out)!r} + '/%d.npz' % parallel.rank_and_size()[0], **p)\n")


@pytest.mark.parametrize("step_batch, single_lr", [(32, 0.5), (16, 1.0)], ids=["step-global", "step-local"])
def test_dist_sync_two_workers_equal_one_process(step_batch, single_lr, tmp_path, monkeypatch):
    """step(global batch 32) on 2 workers == one process; step(local 16) == one process at twice the lr."""
    code = _worker_code(tmp_path, step_batch)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    lines = []
    dl.launch([sys.executable, "-c", code], num_workers=2, num_servers=1, timeout=60, echo=lines.append)
    single = _fit_params([mx.cpu()], "device", monkeypatch, lr=single_lr)
    for rank in (0, 1):
        got = np.load(tmp_path / f"{rank}.npz")
        for name in single:
            np.testing.assert_allclose(got[name], single[name], rtol=1e-5, atol=1e-6)


def test_launch_cli_merges_the_workers_records(tmp_path):
    cmd = [sys.executable, "-m", "gluonlab"]
    run = ["run", "3.7", "--quick", "--max-examples", "512"]
    subprocess.run([*cmd, *run, "--out", str(tmp_path / "one")], env=ENV, check=True, capture_output=True)
    proc = subprocess.run([*cmd, "launch", "-n", "2", "-s", "1", "--timeout", "60", "--", *run,
                           "--out", str(tmp_path / "dist")], env=ENV, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    one = json.loads((tmp_path / "one" / "3.7" / "metrics.json").read_text())["final"]
    merged = json.loads((tmp_path / "dist" / "3.7" / "metrics.json").read_text())
    assert merged["final"]["num_workers"] == 2 and merged["final"]["kvstore"] == "dist_sync"
    assert merged["final"]["loss"] == pytest.approx(one["loss"], rel=1e-5)   # mean of the two halves' losses
    assert merged["final"]["test_acc"] == pytest.approx(one["test_acc"], abs=1e-6)
    assert len(merged["ctx"]) == 2


# A stand-in for ssh: `ssh -tt -o BatchMode=yes HOST 'REMOTE'` runs REMOTE with sh here (no sshd on CI) in a
# login-like environment (PATH and HOME only), so the --hosts path runs end to end: the hosts file, the scheduler's
# address, the quoting of cd/env/argv, round-robin, and the settings the workers need (GLUONLAB_DATA, PYTHONPATH).
FAKE_SSH = """#!/bin/sh
while [ "$1" = "-tt" ] || [ "$1" = "-o" ]; do [ "$1" = "-o" ] && shift; shift; done
echo "$1" >> "$FAKE_SSH_LOG"
shift
exec env -i PATH="$PATH" HOME="$HOME" sh -c "$1"
"""


def _real_ssh_to_localhost():
    try:
        return subprocess.run(["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=3", "localhost", "true"],
                               capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.parametrize("ssh", ["stand-in", "real"])
def test_launch_over_hosts_through_ssh_gives_the_loopback_result(ssh, tmp_path):
    env = dict(ENV)
    if ssh == "stand-in":
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "ssh").write_text(FAKE_SSH)
        (bin_dir / "ssh").chmod(0o755)
        env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", FAKE_SSH_LOG=str(tmp_path / "ssh.log"))
    elif not _real_ssh_to_localhost():
        pytest.skip("no passwordless ssh to localhost here (CI has no sshd); the stand-in case covers the launcher")
    (tmp_path / "hosts.txt").write_text("localhost   # first\n\n127.0.0.1\n")
    cmd = [sys.executable, "-m", "gluonlab"]
    run = ["run", "3.7", "--quick", "--max-examples", "512"]
    subprocess.run([*cmd, *run, "--out", str(tmp_path / "one")], env=ENV, check=True, capture_output=True)
    proc = subprocess.run([*cmd, "launch", "-n", "2", "-s", "1", "--hosts", str(tmp_path / "hosts.txt"),
                           "--timeout", "60", "--", *run, "--out", str(tmp_path / "my runs")],
                          env=env, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if ssh == "stand-in":
        assert sorted((tmp_path / "ssh.log").read_text().split()) == ["127.0.0.1", "localhost", "localhost"]
    one = json.loads((tmp_path / "one" / "3.7" / "metrics.json").read_text())["final"]
    merged = json.loads((tmp_path / "my runs" / "3.7" / "metrics.json").read_text())["final"]
    assert merged["num_workers"] == 2 and merged["loss"] == pytest.approx(one["loss"], rel=1e-5)
    assert merged["test_acc"] == pytest.approx(one["test_acc"], abs=1e-6)


def _processes():
    """(pid, parent pid, environment) of every live process (/proc)."""
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit():
                continue
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            env = dict(e.split(b"=", 1) for e in (entry / "environ").read_bytes().split(b"\0") if b"=" in e)
        except (OSError, IndexError):
            continue
        if stat[0] != "Z":
            yield int(entry.name), int(stat[1]), env


def _job_processes():
    """{pid: DMLC_ROLE} of the live processes started by some `gluonlab launch` (GLUONLAB_LAUNCH_ID set)."""
    return {pid: env.get(b"DMLC_ROLE", b"").decode() for pid, _, env in _processes() if b"GLUONLAB_LAUNCH_ID" in env}


def test_a_remote_worker_killed_over_real_ssh_stops_the_job_and_leaves_nothing(tmp_path):
    if not _real_ssh_to_localhost():
        pytest.skip("no passwordless ssh to localhost here (CI has no sshd)")
    (tmp_path / "hosts.txt").write_text("localhost\n")
    launcher = subprocess.Popen([sys.executable, "-m", "gluonlab", "launch", "-n", "2", "--hosts",
                                 str(tmp_path / "hosts.txt"), "--timeout", "60", "--", "run", "3.7", "--num-epochs",
                                 "200", "--max-examples", "1024", "--out", str(tmp_path)], env=ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and list(_job_processes().values()).count("worker") < 2:
            time.sleep(0.2)
        time.sleep(2)                                  # let the workers join the kvstore
        victim = next(pid for pid, role in _job_processes().items() if role == "worker")
        os.kill(victim, signal.SIGKILL)
        _, err = launcher.communicate(timeout=30)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert launcher.returncode == 2
    assert "on localhost" in err and "ssh's code 255" in err and "stopped the whole job" in err, err
    time.sleep(1)
    assert _job_processes() == {}


def _children(pid):
    """{pid: DMLC_ROLE} of the processes whose parent is `pid`."""
    return {child: env.get(b"DMLC_ROLE", b"").decode() for child, ppid, env in _processes() if ppid == pid}


def _alive(pid):
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_worker_fails_the_launch_and_leaves_nothing(tmp_path):
    launcher = subprocess.Popen([sys.executable, "-m", "gluonlab", "launch", "-n", "2", "--timeout", "60", "--",
                                 "run", "3.7", "--num-epochs", "200", "--max-examples", "1024",
                                 "--out", str(tmp_path)], env=ENV, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    try:
        deadline, kids = time.monotonic() + 30, {}
        while time.monotonic() < deadline and list(_children(launcher.pid).values()).count("worker") < 2:
            time.sleep(0.2)
        kids = _children(launcher.pid)
        assert sorted(kids.values()) == ["scheduler", "server", "worker", "worker"], kids
        time.sleep(2)                                  # let the workers join the kvstore
        victim = next(pid for pid, role in kids.items() if role == "worker")
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        out, err = launcher.communicate(timeout=30)
        elapsed = time.monotonic() - killed_at
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    assert launcher.returncode != 0
    assert f"(pid {victim}) was killed by SIGKILL; stopped the whole job" in err, err
    assert elapsed < 15
    assert [pid for pid in kids if _alive(pid)] == []


def test_ssh_plan_spreads_roles_over_hosts_and_quotes_commands(monkeypatch):
    monkeypatch.setenv("GLUONLAB_DATA", "/data/with space")
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    monkeypatch.setenv("SSH_AUTH_SOCK", "/tmp/agent")
    roles = dl.plan(["python", "-m", "gluonlab.distributed.worker", "run", "3.7", "--out", "my runs"],
                    num_workers=2, num_servers=1, hosts=["127.0.0.1", "localhost"], port=9091, cwd="/srv/lab dir",
                    python="/opt/py/bin/python")
    assert [r.name for r in roles] == ["scheduler", "server 0", "worker 0", "worker 1"]
    assert roles[0].host == "" and roles[0].env["DMLC_ROLE"] == "scheduler"
    assert [r.host for r in roles[1:]] == ["127.0.0.1", "localhost", "127.0.0.1"]
    argv = roles[2].argv
    assert argv[:5] == ["ssh", "-tt", "-o", "BatchMode=yes", "localhost"]
    remote = shlex.split(argv[5])
    assert remote[:4] == ["cd", "/srv/lab dir", "&&", "exec"]
    assert "DMLC_ROLE=worker" in remote and "DMLC_PS_ROOT_PORT=9091" in remote
    assert "GLUONLAB_KVSTORE=dist_sync" in remote and "DMLC_NUM_WORKER=2" in remote
    assert remote[-2:] == ["--out", "my runs"]
    assert "GLUONLAB_DATA=/data/with space" in remote and "OMP_NUM_THREADS=2" in remote
    assert not any(a.startswith("SSH_AUTH_SOCK=") for a in remote)
    assert shlex.split(roles[1].argv[5])[-3:] == ["/opt/py/bin/python", "-c", "import gluonlab, mxnet"]


def test_loopback_plan_and_free_port():
    roles = dl.plan(["w"], num_workers=1)
    ports = {r.env["DMLC_PS_ROOT_PORT"] for r in roles}
    assert len(ports) == 1 and 0 < int(ports.pop()) < 65536
    assert {r.env["DMLC_PS_ROOT_URI"] for r in roles} == {"127.0.0.1"}
    with pytest.raises(GluonlabError, match="at least one worker"):
        dl.plan(["w"], num_workers=0)


def test_launch_without_a_run_command_is_an_error(capsys):
    from gluonlab import cli
    assert cli.main(["launch", "-n", "2", "--", "list"]) == 2
    assert "launch needs a run command" in capsys.readouterr().err


def test_a_remote_role_ending_with_ssh_code_255_is_named_as_such():
    assert "ssh's code 255" in dl._describe(255, over_ssh=True) and "killed by a signal" in dl._describe(255, True)
    assert dl._describe(255) == "exited with code 255"
    assert dl._describe(-9, over_ssh=True) == "was killed by SIGKILL"
