"""compare and bench own their lifecycle: their output folder is locked, their children (and the children's own
children) end with them, however they end, their temporary folders go, Ctrl-C and SIGTERM print one line, a
section another run holds is said on stderr, and a full disk ends compare with one line and no half report.

The workloads are stubbed: compare's worker command and bench's child command are small programs that call the
real gluonlab.children.child_setup, start a grandchild, write their pids and wait, so the signals meet the real
parent code and the real child-side watchdog within a second or two.
"""
import contextlib
import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gluonlab import cli, outdir, records, runner
from gluonlab.compare import jobs as compare_jobs
from gluonlab.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^gluonlab: error: [^\n]+; fix: [^\n]+\n$")

# a child that behaves like a long job: it takes what a real one takes (a section folder's lock for compare),
# starts a grandchild in its group, says its pids, and waits
STUB = """
import json, os, subprocess, sys, time
from gluonlab import children, outdir
children.child_setup()
if sys.argv[1] == "compare":
    job = json.loads(sys.stdin.readline())["job"]
    outdir.lock(os.path.join(job["out_root"], job["sid"]))
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
with open(os.path.join(os.environ["PIDS"], str(os.getpid())), "w") as f:
    f.write(f"{os.getpid()} {grandchild.pid}")
time.sleep(300)
"""

DRIVER = """
import sys
from gluonlab import cli
from gluonlab.bench import runner
from gluonlab.compare import jobs
jobs.Worker.COMMAND = (sys.executable, "-c", {stub!r}, "compare")
runner.CHILD = (sys.executable, "-c", {stub!r}, "bench")
sys.exit(cli.main(sys.argv[1:]))
""".format(stub=STUB)


def alive(pid):
    """Whether `pid` is a live process: any of its threads not yet a zombie (a zombie left for init to reap
    counts as gone; its files, and so its locks, go with its last thread)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                    return True
        except OSError:
            continue
    return False


def start(argv, tmp_path):
    """The CLI with stubbed children, in a session of its own as a shell's job; waits until the children have
    said their pids. Returns (process, [child and grandchild pids])."""
    pids, tmp = tmp_path / "pids", tmp_path / "tmp"
    pids.mkdir()
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PIDS": str(pids), "TMPDIR": str(tmp), "GLUONLAB_PROGRESS": "0"}
    # Ctrl-C as a terminal's job gets it, even when pytest runs with SIGINT ignored (started by `nohup ... &`)
    driver = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n" + DRIVER
    proc = subprocess.Popen([sys.executable, "-c", driver, *argv], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    expected = 2 if argv[0] == "compare" else 1
    deadline = time.monotonic() + 120
    while len(list(pids.iterdir())) < expected and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)                                      # the pid files are written whole
    assert proc.poll() is None, proc.communicate()
    children = [int(p) for f in pids.iterdir() for p in f.read_text().split()]
    assert len(children) == 2 * expected and all(alive(p) for p in children)
    return proc, children


def assert_all_gone_within(seconds, pids):
    deadline = time.monotonic() + seconds
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if alive(p)], "processes left behind"


@contextlib.contextmanager
def held_by_another_process(folder):
    """`folder` locked by another process (the lock is re-entrant within one), as a `run` there holds it."""
    holder = subprocess.Popen([sys.executable, "-c", "import time; from gluonlab import outdir; "
                               f"outdir.lock({str(folder)!r}); print('held', flush=True); time.sleep(300)"],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


def assert_lock_free(*folders):
    for folder in folders:
        outdir.release(outdir.lock(folder))


COMPARE = ["compare", "3.7", "--quick", "--seeds", "2", "--jobs", "2"]


def send(proc, how):
    """`kill PID` (SIGTERM to the process alone), `kill -9 PID`, or Ctrl-C (SIGINT to the terminal's
    foreground process group, which `start` made the CLI's own)."""
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, {"kill": signal.SIGTERM, "kill -9": signal.SIGKILL}[how])


@pytest.mark.parametrize("how,line,code", [("kill", "gluonlab: terminated\n", 143),
                                           ("ctrl-c", "gluonlab: interrupted\n", 130)])
def test_a_signal_to_compare_ends_its_workers_and_their_children(how, line, code, tmp_path):
    out = tmp_path / "c"
    proc, kids = start(COMPARE + ["--out", str(out)], tmp_path)
    send(proc, how)
    _, err = proc.communicate(timeout=5)
    assert proc.returncode == code and err == line, (proc.returncode, err)
    assert_all_gone_within(5, kids)
    assert not list((tmp_path / "tmp").iterdir()) and not list(out.glob(".compare-work-*")), "temp folder removed"
    assert_lock_free(out, out / "runs" / "seed0" / "3.7", out / "runs" / "seed1" / "3.7")
    assert not (out / "compare.md").exists()


def test_workers_end_when_compare_is_killed(tmp_path):
    proc, kids = start(COMPARE + ["--out", str(tmp_path / "c")], tmp_path)
    send(proc, "kill -9")                                # no cleanup in the parent at all
    proc.wait(timeout=5)
    assert_all_gone_within(5, kids)
    assert_lock_free(tmp_path / "c", tmp_path / "c" / "runs" / "seed0" / "3.7")
    left = list((tmp_path / "c").glob(".compare-work-*"))
    assert len(left) == 1 and not list((tmp_path / "tmp").iterdir()), "its temp folder is in --out, not in /tmp"
    compare_jobs.run_parallel([], 2, lambda *a: None, out=tmp_path / "c")     # the next compare on that folder
    assert not left[0].exists(), "the next compare removes the killed one's temp folder"


@pytest.mark.parametrize("how", ["kill", "kill -9", "ctrl-c"])
def test_bench_ends_its_child_with_it(how, tmp_path):
    report = tmp_path / "b" / "bench.json"
    proc, kids = start(["bench", "--quick", "--workload", "softmax", "--json", str(report)], tmp_path)
    send(proc, how)
    _, err = proc.communicate(timeout=5)
    if how != "kill -9":
        assert err == {"kill": "gluonlab: terminated\n", "ctrl-c": "gluonlab: interrupted\n"}[how], err
    assert_all_gone_within(5, kids)
    assert_lock_free(report.parent)
    assert not report.exists()


def test_bench_locks_its_report_folder(tmp_path, monkeypatch, capsys):
    from gluonlab.bench import runner
    monkeypatch.setattr(runner, "bench_workload", lambda *a, **k: pytest.fail("ran"))
    with held_by_another_process(tmp_path):
        assert cli.main(["bench", "--quick", "--json", str(tmp_path / "bench.json")]) == 2
    err = capsys.readouterr().err
    assert ERROR_LINE.match(err) and f"another run is writing in {tmp_path}" in err, err


def test_compare_locks_its_folder_and_says_when_another_run_holds_a_section(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compare_jobs, "run_here", lambda *a, **k: pytest.fail("ran"))
    for held in (tmp_path, tmp_path / "runs" / "seed0" / "3.7"):
        with held_by_another_process(held):
            assert cli.main(["compare", "3.7", "--quick", "--jobs", "1", "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert ERROR_LINE.match(err) and f"another run is writing in {held}" in err, err
    assert sorted(p.name for p in (tmp_path / "runs" / "seed0").iterdir()) == ["3.7"], "only the holder's"


def test_a_full_disk_while_writing_the_report_leaves_the_old_report_whole(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compare_jobs, "run_here", lambda job, echo=None: {"error": "RuntimeError: stub"})
    for name in ("compare.json", "compare.md"):
        (tmp_path / name).write_text("old " + name)
    real_sync, calls = records.sync, []

    def second_is_full(path):
        calls.append(path)
        if len(calls) == 2:                              # the Markdown, after the JSON was written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_sync(path)
    monkeypatch.setattr(records, "sync", second_is_full)
    assert cli.main(["compare", "3.7", "--quick", "--jobs", "1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert ERROR_LINE.match(err) and "No space left on device" in err, err
    assert {p.name: p.read_text() for p in tmp_path.iterdir() if p.is_file()} == \
        {"compare.json": "old compare.json", "compare.md": "old compare.md"}


def test_a_full_disk_in_a_run_ends_compare_with_one_line(tmp_path, monkeypatch, capsys):
    def full(sec, cfg, out_root, **kwargs):
        raise OutputError(f"cannot write {out_root}/metrics.json: No space left on device", "free some space")
    monkeypatch.setattr(runner, "run_section", full)
    assert cli.main(["compare", "3.7", "--quick", "--jobs", "1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert ERROR_LINE.match(err) and "No space left on device" in err, err
    assert not (tmp_path / "compare.md").exists() and not (tmp_path / "compare.json").exists()


def test_a_full_disk_in_a_worker_ends_compare_with_one_line_and_stops_the_others(tmp_path, monkeypatch):
    worker = ("import sys\nfrom gluonlab import runner\nfrom gluonlab.compare import child\n"
              "from gluonlab.errors import OutputError\n"
              "def full(sec, cfg, out_root, **kwargs):\n"
              "    raise OutputError('cannot write ' + out_root + ': No space left on device', 'free space')\n"
              "runner.run_section = full\nsys.exit(child.main())\n")
    driver = ("import sys\nfrom gluonlab import cli\nfrom gluonlab.compare import jobs\n"
              f"jobs.Worker.COMMAND = (sys.executable, '-c', {worker!r})\nsys.exit(cli.main(sys.argv[1:]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path), "GLUONLAB_PROGRESS": "0"}
    res = subprocess.run([sys.executable, "-c", driver, *COMPARE, "--out", str(tmp_path / "c")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and ERROR_LINE.match(res.stderr), res.stderr
    assert "No space left on device" in res.stderr and not (tmp_path / "c" / "compare.md").exists()
    assert not list(tmp_path.glob("gluonlab-compare-*")) and not list((tmp_path / "c").glob(".compare-work-*")), \
        "the temporary folder is removed"


def test_the_real_children_set_themselves_up_to_die_with_their_parent():
    """The stubs above call children.child_setup; so do the real compare worker and bench child."""
    for module in ("compare/child.py", "bench/child.py"):
        assert "children.child_setup()" in (ROOT / "gluonlab" / module).read_text(), module


FORKED_AND_STUCK_IN_C = """
import ctypes, os, signal, sys, time
from gluonlab import children
children.child_setup()
pid = os.fork()
if pid == 0:                                  # as a DataLoader's worker blocked inside MXNet (a C++ wait that
    libc = ctypes.CDLL(None)                  # restarts after a signal): a second lock of a plain pthread mutex
    mutex = ctypes.create_string_buffer(64)
    libc.pthread_mutex_lock(mutex)
    libc.pthread_mutex_lock(mutex)
    os._exit(0)
time.sleep(1)
os.kill(pid, signal.SIGTERM)                  # what Pool.terminate() sends, then it joins the worker
for _ in range(100):
    if os.waitpid(pid, os.WNOHANG)[0]:
        print("ended")
        sys.exit(0)
    time.sleep(0.1)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
print("still there after SIGTERM")
"""


def test_a_process_forked_in_a_child_ends_on_sigterm_even_when_stuck_in_c():
    """A bench child's DataLoader workers (d2lzh's 4, forked) must end on SIGTERM, or DataLoader.__del__ waits
    in Pool.terminate() for ever: child_setup's SIGTERM handler (SystemExit) is not inherited by forks, since a
    process stuck in C never runs a Python handler."""
    res = subprocess.run([sys.executable, "-c", FORKED_AND_STUCK_IN_C], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.stdout.strip() == "ended", (res.stdout, res.stderr)
