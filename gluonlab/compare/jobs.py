"""compare's runs, one per (section, seed): in this process one after another, or several at a time in children.

With jobs > 1 each run is `python -m gluonlab.compare.child` with OMP_NUM_THREADS = cores // jobs (unless the
environment sets it): MXNet reads the thread count once, when it loads, so a child per run is the only way to
give each run its own. Runs start longest first, so the command does not end waiting on a long one alone.
Measured on a 2-core AMD EPYC, chapter 6's recurrent training loses little with one thread instead of two
(6.8: scratch LSTM 0.39 vs 0.35 s an epoch, Gluon LSTM 0.50 vs 0.33), and two one-thread runs side by side
each keep their one-thread speed, so two at a time finish the book sooner.

The workers die with compare (gluonlab.children): each runs in a process group of its own, which compare ends
when it ends, however it ends (Ctrl-C, SIGTERM, an error), and a worker whose parent is gone ends itself. A fault
of the machine in a run (an OutputError: a full disk, a folder another run holds) is not a verdict: it ends the
comparison with that one line, and no report is written.
"""
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import children, records, threads
from ..errors import OutputError

# Seconds each long section took at the book's settings, one seed, two at a time with one thread each (2-core AMD
# EPYC, `gluonlab compare --all`). Only the order runs start in; OUT/compare.json's times from a previous run win.
EXPECTED_S = {"6.8": 134, "6.7": 105, "6.9": 103, "6.4": 82, "6.10": 55, "5.10": 49, "6.5": 45, "8.2": 17,
              "3.13": 11, "3.16": 7}


@dataclass(frozen=True)
class Job:
    sid: str
    seed: int
    quick: bool
    ctx: str
    out_root: str               # the run's record goes to OUT_ROOT/<sid>/


def run_here(job, echo=None):
    """Run one job in this process: its record (plain JSON types) or {'error': 'Type: message'}. An OutputError
    (the machine's fault, not the section's) propagates."""
    from .. import registry
    from ..errors import DataError
    from ..runner import config_for, run_section
    try:
        sec = registry.get(job.sid)
        cfg = config_for(sec, quick=job.quick, seed=job.seed, ctx=job.ctx)
        record, _ = run_section(sec, cfg, out_root=job.out_root, echo=echo)
        return records.jsonable(record)
    except OutputError:
        raise
    except DataError as err:     # data this machine does not have (chapter 9's downloads): NO DATA, not a failure
        return {"error": f"DataError: {err.message}", "no_data": True}
    except Exception as err:     # a crashing section is a verdict, not the end of the comparison
        return {"error": f"{type(err).__name__}: {err}"}


def expected_order(jobs, previous=None):
    """Longest expected first: previous per-section seconds where known, else EXPECTED_S, else 1 s."""
    known = {**EXPECTED_S, **(previous or {})}
    return sorted(jobs, key=lambda j: -float(known.get(j.sid, 1.0)))


def previous_times(out):
    """Per-section seconds from OUT/compare.json of an earlier run ({} when there is none or it is unreadable)."""
    try:                            # read_regular: a FIFO or a link there is not read (nor waited on)
        return json.loads(records.read_regular(Path(out) / "compare.json"))["timing"]["sections"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


class Worker:
    """A child process (`python -m gluonlab.compare.child`) that runs the jobs sent to it one at a time: it
    imports MXNet and the sections once (about 1.2 s a process here), not once per run."""

    COMMAND = (sys.executable, "-m", "gluonlab.compare.child")

    def __init__(self, folder, env):
        self.folder, self.env, self.proc, self.err = Path(folder), env, None, None

    def run(self, job):
        """(record or error, printed lines) of one job; a worker that died is replaced for the next job."""
        if self.proc is None or self.proc.poll() is not None:
            self._close_stderr()
            self.err = open(self.folder / "stderr.txt", "w")
            self.proc = children.popen(list(self.COMMAND), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=self.err, text=True, env=self.env)
        result = self.folder / f"{job.sid}-seed{job.seed}.json"
        try:
            self.proc.stdin.write(json.dumps({"job": asdict(job), "result": str(result)}) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        except OSError:                                   # the worker died before it read the job
            answer = ""
        if answer.strip() == "done":
            got = json.loads(result.read_text())
            result.unlink()
            return got["record"], got["lines"]
        if answer.startswith("fatal "):                   # the machine refused the run's files (child.py)
            message, fix = json.loads(answer[len("fatal "):])
            return {"error": f"OutputError: {message}", "fatal": [message, fix]}, []
        self.proc.wait()
        self.err.flush()
        tail = (self.folder / "stderr.txt").read_text(errors="replace").strip().splitlines()[-3:]
        return {"error": f"the run's process ended with exit status {self.proc.returncode}: "
                         + " | ".join(tail)}, []

    def close(self, kill=False):
        """End the worker: at the end of its input (kill=False), or with its process group (children.stop)."""
        if self.proc is not None and self.proc.poll() is None:
            if kill:
                children.stop([self.proc])
            else:
                try:
                    self.proc.stdin.close()               # end of input: the worker exits
                except OSError:
                    pass
                self.proc.wait()
        self._close_stderr()

    def _close_stderr(self):
        if self.err is not None:
            self.err.close()
            self.err = None


WORK_PREFIX = ".compare-work-"


def run_parallel(jobs, n, done, previous=None, out=None):
    """Run `jobs` on n worker processes, longest first; done(job, record, lines, wall_s) as each finishes (called
    under a lock, from the thread that waited for that worker). Returns the threads each worker had.

    However it ends (all done, Ctrl-C, SIGTERM under children.terminating, a fatal OutputError from a run, which
    is raised here), every worker and its group is gone and the temporary folder removed before it returns. The
    temporary folder lies in `out` (compare's folder, which the caller has locked), so a compare killed with
    SIGKILL leaves it there, not in /tmp, and the next compare on that folder removes it."""
    env = threads.env_for(max(1, threads.num_cores() // n), keep_set=True)
    pending, lock, stop, fatal = expected_order(jobs, previous), threading.Lock(), threading.Event(), []
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        for stale in Path(out).glob(WORK_PREFIX + "*"):    # the lock is ours: a killed compare's
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX if out is not None else "gluonlab-compare-", dir=out) as tmp:
        workers = [Worker(Path(tmp) / f"worker{i}", env) for i in range(min(n, len(jobs)))]

        def serve(worker):
            try:
                worker.folder.mkdir()
                while not stop.is_set():
                    with lock:
                        if not pending:
                            return
                        job = pending.pop(0)
                    start = time.perf_counter()
                    record, lines = worker.run(job)
                    with lock:
                        if stop.is_set():
                            return
                        if "fatal" in record:
                            fatal.append(record["fatal"])
                            stop.set()
                            return
                        done(job, record, lines, time.perf_counter() - start)
            except Exception as err:                      # noqa: BLE001 - reported by the main thread
                if not stop.is_set():
                    fatal.append(err)
                    stop.set()

        pool = [threading.Thread(target=serve, args=(w,), daemon=True) for w in workers]
        try:
            for t in pool:
                t.start()
            while any(t.is_alive() for t in pool) and not stop.is_set():
                time.sleep(0.1)                           # wakes for Ctrl-C and SIGTERM
        finally:
            interrupted = stop.is_set() or any(t.is_alive() for t in pool)
            stop.set()
            for w in workers:                             # no child outlives the command
                w.close(kill=interrupted)
            for t in pool:
                t.join()
    if fatal:
        if isinstance(fatal[0], Exception):
            raise fatal[0]
        raise OutputError(*fatal[0])
    return int(env[threads.ENV])


class InOrder:
    """Echo each job's printed lines under its heading in the order of `work` (section order, then seed), however
    the jobs finish: a job's lines wait until every job before it has been echoed."""

    def __init__(self, work, echo, heading):
        self.work, self.echo, self.heading = list(work), echo, heading
        self.pending, self.next = {}, 0

    def done(self, job, lines):
        if not self.echo:
            return
        self.pending[job] = lines
        while self.next < len(self.work) and self.work[self.next] in self.pending:
            current = self.work[self.next]
            self.echo(self.heading(current))
            for line in self.pending.pop(current):
                self.echo(line)
            self.next += 1
