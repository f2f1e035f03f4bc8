"""Child processes that die with their parent: compare's workers, bench's measurements, launch's roles.

Parent side:
- popen(argv, ...): subprocess.Popen in a session (and process group) of its own, so a terminal's Ctrl-C reaches
  only the parent, and stop() can signal the child with everything it started (a DataLoader's workers).
- stop(procs, grace): SIGTERM to each child's group, SIGKILL to what is left after `grace` seconds, every child
  reaped; SIGINT and SIGTERM are held off meanwhile, so a second Ctrl-C cannot cut the cleanup short.
- terminating(): inside it SIGTERM raises Terminated (a KeyboardInterrupt), so `finally` blocks run: children
  stopped, temporary folders removed, locks dropped, one line printed (cli.main).
Child side:
- child_setup(): SIGTERM raises SystemExit (the child's own cleanup runs; processes it forks get the default
  back), and a watchdog thread ends the child's whole group within a second once its parent is gone (a
  parent killed with SIGKILL leaves no orphan running).
No mxnet import.
"""
import contextlib
import os
import signal
import subprocess
import threading
import time

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread inside terminating()."""


def _raise_terminated(signum, frame):
    raise Terminated


@contextlib.contextmanager
def terminating():
    """SIGTERM raises Terminated inside the block (main thread only; elsewhere the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def popen(argv, **kwargs):
    """subprocess.Popen(argv, **kwargs) in a new session: the child's pid is its process group's id."""
    return subprocess.Popen(argv, start_new_session=True, **kwargs)


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop(procs, grace=2.0):
    """End each child's process group (SIGTERM, then SIGKILL after `grace` seconds) and reap the children.
    Idempotent; SIGINT and SIGTERM wait until it is done."""
    procs = [p for p in procs if p is not None]
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        for proc in procs:
            if proc.poll() is None:
                _signal_group(proc, signal.SIGTERM if grace else signal.SIGKILL)
        end = time.monotonic() + grace
        while any(p.poll() is None for p in procs) and time.monotonic() < end:
            time.sleep(0.05)
        for proc in procs:
            _signal_group(proc, signal.SIGKILL)      # the child if still there, and what it left in its group
            proc.wait()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def run(argv, timeout=None, **kwargs):
    """(returncode, stdout, stderr) of a child run to its end; on a timeout (subprocess.TimeoutExpired) or any
    exception here (Ctrl-C, SIGTERM) its group is stopped first."""
    proc = popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                 **kwargs)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        stop([proc])
        proc.communicate()
        raise
    stop([proc], grace=0)                            # grandchildren left in its group
    return proc.returncode, out, err


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


def _default_sigterm():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def child_setup(poll_s=0.5):
    """In a child started by popen: SIGTERM ends it through SystemExit (finally blocks and temporary folders
    run), and once its parent is gone its whole group is ended (SIGTERM, SIGKILL a second later).

    A process it forks (a DataLoader's pool workers, as d2lzh's 4) gets SIGTERM's default back: Pool.terminate
    (DataLoader.__del__) ends its workers with SIGTERM and joins them, and a worker blocked inside MXNet never
    returns to Python to run a Python handler, so the join waited for ever (the book's loader hung 1 run in 10)."""
    signal.signal(signal.SIGTERM, _exit_on_signal)
    os.register_at_fork(after_in_child=_default_sigterm)
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_s)
        leader = os.getpgrp() == os.getpid()         # popen made it one: its group is what it started
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if leader:
                os.killpg(0, sig)
            else:
                os.kill(os.getpid(), sig)
            time.sleep(1.0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
