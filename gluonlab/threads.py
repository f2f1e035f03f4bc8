"""CPU threads for MXNet's operators: OMP_NUM_THREADS, chosen per workload, set before mxnet loads.

MXNet reads OMP_NUM_THREADS once, when libmxnet loads; setting it later changes nothing. So the CLI sets it before
anything imports mxnet (gluonlab/cli.py imports no mxnet at module level), and `gluonlab bench` runs every side of
every workload in its own subprocess with its own value.

The automatic default, from measurements on a 2-core machine (each run alone, MXNet 1.9.1, OpenBLAS):
- 'matmul' workloads (big GEMMs, recurrent cells): all cores. GEMM 100 GFLOP/s on one core, 170-200 on two;
  6.7 hybridized, book settings: Gluon GRU LM 0.90-0.95 -> 0.51-0.56 s/epoch and scratch GRU 0.57-0.65 ->
  0.38-0.41 s/epoch going from 1 to 2 threads; the 3.10 MLP's epoch 0.75 -> 0.56-0.64 s.
- 'conv' workloads (the convolutional networks of chapters 5 and 9): all cores. MXNet's own default on x86 is
  half the logical CPUs, one thread on a 2-vCPU machine; on the 2-core Zen 3 VM a second thread took a training
  step of AlexNet (batch 32, 224 px) from 3.67 to 2.05 s and of d2lzh.resnet18 (batch 64, 96 px) from 45.0 to 28.3 s,
  and the 5.5 LeNet's epoch from 9.6 to 6.4-6.5 s (hybridized, book settings).
- 'small' workloads (many tiny operators: softmax regression, linear regression, house prices, 8.1 at batch 1):
  one thread. A second thread costs about a third more time there (OpenMP fork/join on every small op).
An explicit --threads N (or OMP_NUM_THREADS in the environment) always wins over the default.
"""
import os
import sys

from .errors import ConfigError

ENV = "OMP_NUM_THREADS"
KINDS = ("small", "matmul", "conv")

# Section ids (book and course) whose work is dominated by large matrix products or recurrent cells.
_MATMUL_SECTIONS = {"3.9", "3.10", "3.13", "6.2", "6.4", "6.5", "6.7", "6.8", "6.9", "6.10", "8.5",
                    "S4.5", "S4.6", "S4.7", "S4.8"}
# Sections that train convolutional networks (oneDNN convolutions, compute-bound)
_CONV_SECTIONS = {"5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12",
                  "9.1", "9.2", "9.7", "9.10", "9.11", "9.12", "9.13"}
_SMALL_SECTIONS = {"3.2", "3.3", "3.6", "3.7", "3.11", "3.12", "3.16", "8.1", "8.2"}
# 8.3: one thread per operator, so that each of its two CPU contexts' products can have a core of its own
_SMALL_SECTIONS.add("8.3")


def num_cores():
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                       # not Linux
        return os.cpu_count() or 1


def auto_threads(kind):
    """The default thread count for a workload kind ('small', 'matmul' or 'conv')."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return 1 if kind == "small" else num_cores()


def section_kind(sid):
    """'small', 'matmul', 'conv' or None (no measurement: leave MXNet's own default) for a section id."""
    if sid in _MATMUL_SECTIONS:
        return "matmul"
    if sid in _CONV_SECTIONS:
        return "conv"
    return "small" if sid in _SMALL_SECTIONS else None


def env_for(threads, keep_set=False):
    """os.environ for a gluonlab child process: OMP_NUM_THREADS set to `threads` (keep_set: unless the environment
    sets it already), and this gluonlab importable, from a source checkout too (its folder first on PYTHONPATH)."""
    env = dict(os.environ)
    if not (keep_set and ENV in env):
        env[ENV] = str(int(threads))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def max_threads():
    """The most threads a run may ask for: four per CPU core of this machine (more only makes OpenMP fail to
    create them, which aborts the process)."""
    return 4 * (os.cpu_count() or 1)


def check(threads, option="--threads"):
    """Refuse a thread count outside [1, max_threads()] (a ConfigError naming the option); return it."""
    if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= max_threads():
        raise ConfigError(f"{option} must be an integer from 1 to {max_threads()} (4 per CPU core here), "
                          f"got {threads}", f"use {option} {num_cores()} (this machine's cores) or leave it out"
                          if option.startswith("--") else f"set {ENV} to a number from 1 to {max_threads()}")
    return threads


def apply(threads):
    """Set OMP_NUM_THREADS for this process; refuse once mxnet is loaded with another value."""
    threads = check(int(threads))
    if "mxnet" in sys.modules and os.environ.get(ENV) != str(threads):
        raise ConfigError(f"mxnet is already loaded; {ENV}={threads} would not take effect",
                          "set the thread count before importing mxnet (the CLI does this)")
    os.environ[ENV] = str(threads)
    return threads


def choose(explicit, kinds):
    """Thread count for a run: --threads, else the environment's value, else the default of the kinds given."""
    if explicit:
        return int(explicit)
    if os.environ.get(ENV):
        try:
            return check(int(os.environ[ENV]), f"the environment's {ENV}")
        except ValueError:
            raise ConfigError(f"the environment's {ENV} is {os.environ[ENV]!r}, not a number",
                              f"unset {ENV}, or set it to a number from 1 to {max_threads()}") from None
    known = [k for k in kinds if k]
    if not known:
        return None
    return max(auto_threads(k) for k in known)
