"""`gluonlab launch -n WORKERS [-s SERVERS] [--hosts FILE] -- run ID ...`: a ps-lite job on loopback or over ssh.

The launcher starts one scheduler, the servers and the workers, each in its own process group, with the DMLC_*
variables MXNet's kvstore reads (DMLC_ROLE, DMLC_PS_ROOT_URI, DMLC_PS_ROOT_PORT, DMLC_NUM_SERVER,
DMLC_NUM_WORKER) and GLUONLAB_KVSTORE (dist_sync or dist_async) for the workers. The scheduler's port is a free
one (bound to port 0). Every child's output is echoed with a `[worker 1]` prefix. The job ends when all workers
exit 0; a child that dies, a timeout, Ctrl-C or SIGTERM ends it at once: every process group is killed and the
launcher fails with a message naming what happened. With --hosts the scheduler stays here and servers and workers
go round-robin over the hosts through `ssh -tt` (closing ssh hangs their remote processes up), with this machine's
GLUONLAB_*, MXNET_*, OMP_NUM_THREADS and PYTHONPATH settings (ssh starts them with the remote login environment).
"""
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass

from .. import children
from ..errors import GluonlabError
from .hosts import read_hosts

LOOPBACK = "127.0.0.1"
GRACE_S = 10.0          # how long the scheduler and servers get to exit after the last worker
FORWARDED = ("GLUONLAB_", "MXNET_", "OMP_NUM_THREADS", "PYTHONPATH")   # prefixes of the settings a remote role gets


@dataclass
class Role:
    role: str            # scheduler, server or worker
    index: int
    argv: list           # the command (already wrapped in ssh for a remote host)
    env: dict            # DMLC_* and GLUONLAB_* variables this role needs
    host: str = ""       # '' for this machine

    @property
    def name(self):
        return self.role if self.role == "scheduler" else f"{self.role} {self.index}"


def free_port(host=LOOPBACK):
    """A TCP port nobody listens on now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def root_uri(hosts):
    """The scheduler's address as the workers see it: loopback, or this machine's address towards the hosts."""
    if not hosts:
        return LOOPBACK
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((hosts[0], 9))       # UDP connect sends nothing; it picks the outgoing interface
        return s.getsockname()[0]


def forwarded_env(environ=None):
    """This machine's settings a remote role needs too (data folder, threads, MXNet switches, import path)."""
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if k.startswith(FORWARDED)}


def ssh_argv(host, argv, env, cwd):
    """`ssh -tt host 'cd CWD && env K=V ... ARGV'`: the remote side of one role."""
    assignments = [f"{k}={v}" for k, v in sorted(env.items())]
    remote = f"cd {shlex.quote(cwd)} && exec env {shlex.join(assignments + list(argv))}"
    return ["ssh", "-tt", "-o", "BatchMode=yes", host, remote]


def plan(worker_argv, num_workers, num_servers=1, kvstore="dist_sync", hosts=None, port=None, cwd=None,
         python=sys.executable):
    """The roles of one job: scheduler here, servers and workers here or round-robin over `hosts`."""
    if num_workers < 1 or num_servers < 1:
        raise GluonlabError("a job needs at least one worker and one server", "use -n 2 -s 1 for instance")
    uri = root_uri(hosts)
    common = {"DMLC_PS_ROOT_URI": uri, "DMLC_PS_ROOT_PORT": str(port or free_port("" if hosts else LOOPBACK)),
              "DMLC_NUM_SERVER": str(num_servers), "DMLC_NUM_WORKER": str(num_workers),
              "GLUONLAB_LAUNCH_ID": uuid.uuid4().hex}
    # importing mxnet with DMLC_ROLE=server/scheduler serves; gluonlab first restores numpy.bool (numpy 1.26)
    server_argv = [python, "-c", "import gluonlab, mxnet"]
    roles = [Role("scheduler", 0, server_argv, {**common, "DMLC_ROLE": "scheduler"})]
    remote_env = forwarded_env() if hosts else {}
    specs = [("server", i, server_argv, {}) for i in range(num_servers)]
    specs += [("worker", i, list(worker_argv), {"GLUONLAB_KVSTORE": kvstore}) for i in range(num_workers)]
    for k, (role, index, argv, extra) in enumerate(specs):
        env = {**common, **extra, "DMLC_ROLE": role}
        if hosts:
            host = hosts[k % len(hosts)]
            roles.append(Role(role, index, ssh_argv(host, argv, {**remote_env, **env}, cwd or os.getcwd()), {}, host))
        else:
            roles.append(Role(role, index, argv, env))
    return roles


class Job:
    """The running children of one plan; `wait` returns when the workers are done or raises on a failure."""

    def __init__(self, roles, echo=print):
        self.roles, self.echo, self.procs, self._threads = roles, echo, [], []

    def start(self):
        for role in self.roles:
            proc = children.popen(role.argv, env={**os.environ, **role.env}, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.procs.append(proc)
            t = threading.Thread(target=self._pump, args=(role.name, proc.stdout), daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def _pump(self, name, stream):
        for raw in iter(stream.readline, b""):
            self.echo(f"[{name}] {raw.decode(errors='replace').rstrip()}")

    def wait(self, timeout):
        """Poll until every worker exits 0; raise GluonlabError on a death or on the timeout."""
        deadline, left_at = time.monotonic() + timeout, None
        workers = [p for r, p in zip(self.roles, self.procs) if r.role == "worker"]
        while not all(p.poll() == 0 for p in workers):
            for role, proc in zip(self.roles, self.procs):
                code = proc.poll()
                if code == 0 and role.role != "worker":
                    # the scheduler and servers leave as soon as the workers finalize, just before they exit
                    left_at = left_at or time.monotonic()
                    if time.monotonic() - left_at < GRACE_S:
                        continue
                if code is not None and code != 0 or code == 0 and role.role != "worker":
                    raise GluonlabError(f"{role.name}{' on ' + role.host if role.host else ''} (pid {proc.pid}) "
                                        f"{_describe(code, bool(role.host))}; stopped the whole job",
                                        "see that process's lines above (prefixed with its name)")
            if time.monotonic() > deadline:
                raise GluonlabError(f"the job did not finish within {timeout:g} s; stopped the whole job",
                                    "raise --timeout, or look for a worker that hangs")
            time.sleep(0.1)
        end = time.monotonic() + GRACE_S     # scheduler and servers leave once the workers have finalized
        while any(p.poll() is None for p in self.procs) and time.monotonic() < end:
            time.sleep(0.1)

    def stop(self):
        """Kill every child's process group and reap it; idempotent."""
        children.stop(self.procs, grace=0)
        for t in self._threads:
            t.join(timeout=2)


def _describe(code, over_ssh=False):
    if code is not None and code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    if over_ssh and code == 255:
        return "ended with ssh's code 255 (the connection failed, or the remote process was killed by a signal)"
    return f"exited with code {code}" if code else "exited before the workers finished"


def launch(worker_argv, num_workers, num_servers=1, kvstore="dist_sync", hosts=None, timeout=3600.0,
           echo=print):
    """Run one job to the end; every child is gone when this returns or raises."""
    job = Job(plan(worker_argv, num_workers, num_servers, kvstore, hosts), echo)
    with children.terminating():                  # SIGTERM raises, so the finally below runs
        try:
            job.start().wait(timeout)
        finally:
            job.stop()
    return 0


def _cmd_launch(args, extra):
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or command[0] != "run":
        raise GluonlabError("launch needs a run command after --", "e.g. gluonlab launch -n 2 -- run 3.7 --quick")
    hosts = getattr(args, "host_list", None) or (read_hosts(args.hosts) if args.hosts else None)
    check_worker_command(command)
    worker_argv = [sys.executable, "-m", "gluonlab.distributed.worker", *command]
    echo = lambda line: print(line, flush=True)   # noqa: E731
    launch(worker_argv, args.workers, args.servers, args.kvstore, hosts, args.timeout, echo)
    print(f"launch: {args.workers} worker(s) and {args.servers} server(s) finished", flush=True)
    return 0


def check_worker_command(command):
    """Check the workers' `run ...` command as `gluonlab run` would, before any process starts (a bad option
    would otherwise end every worker the same way, after the servers are up)."""
    from .. import cli
    args, extra = cli.build_parser().parse_known_args(list(command))
    if args.resume:
        raise GluonlabError("launched workers keep no checkpoints (the servers hold the optimizer state), so "
                             "--resume has nothing to continue", "drop --resume from the run command")
    cli.prepare_run(args, extra, set_threads=False)


def register(sub):
    """The `launch` verb (one of cli.VERBS)."""
    import argparse
    p = sub.add_parser("launch", help="run sections on several workers with kvstore dist_sync (ps-lite)")
    p.add_argument("-n", "--workers", type=int, required=True, help="number of workers")
    p.add_argument("-s", "--servers", type=int, default=1, help="number of servers (default 1)")
    p.add_argument("--hosts", default=None, help="file of ssh hosts, one a line (default: this machine)")
    p.add_argument("--kvstore", choices=["dist_sync", "dist_async"], default="dist_sync")
    p.add_argument("--timeout", type=float, default=3600.0, help="stop the job after S seconds (default 3600)")
    p.add_argument("command", nargs=argparse.REMAINDER, help="-- run ID ... [run options]")
    p.set_defaults(func=_cmd_launch)
