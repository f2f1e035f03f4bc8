"""MXNet's environment variables, checked before MXNet is imported. No mxnet import.

MXNet parses these when it loads or starts its engine, and a value it cannot parse aborts the process
(MXNET_CPU_WORKER_NTHREADS=abc: std::terminate, exit status 134) or raises deep inside the first operator
(MXNET_CPU_PARALLEL_SIZE=abc, MXNET_ENGINE_TYPE=Bogus). The list holds the variables MXNet 1.9.1 reads on the
CPU paths gluonlab uses, and the ones gluonlab sets itself (OMP_NUM_THREADS, MXNET_CPU_PARALLEL_SIZE); each
was probed with 'abc'. check() refuses a bad value with one line naming the variable, what it must be and the fix.
"""
import os

from .errors import ConfigError

# variable: (kind, what it is); kinds: "int" (an integer, 0 or more), "count" (1 or more), "bool", or a tuple of
# the accepted names
VARIABLES = {
    "OMP_NUM_THREADS": ("count", "the CPU threads of MXNet's operators"),
    "MXNET_CPU_WORKER_NTHREADS": ("count", "the engine's CPU worker threads"),
    "MXNET_CPU_PRIORITY_NTHREADS": ("count", "the engine's CPU priority threads"),
    "MXNET_GPU_WORKER_NTHREADS": ("count", "the engine's GPU worker threads"),
    "MXNET_CPU_PARALLEL_SIZE": ("int", "the array size from which MXNet copies in parallel"),
    "MXNET_CPU_TEMP_COPY": ("int", "the CPU temporary workspaces"),
    "MXNET_MKLDNN_CACHE_NUM": ("int", "the oneDNN primitive cache size (-1: unbounded)"),
    "MXNET_OPTIMIZER_AGGREGATION_SIZE": ("int", "the weights an optimizer updates at once"),
    "MXNET_EXEC_BULK_EXEC_MAX_NODE_TRAIN": ("int", "the operators bulked into one engine call"),
    "MXNET_EXEC_BULK_EXEC_MAX_NODE_TRAIN_FWD": ("int", "the forward operators bulked into one engine call"),
    "MXNET_EXEC_BULK_EXEC_MAX_NODE_TRAIN_BWD": ("int", "the backward operators bulked into one engine call"),
    "MXNET_USE_NUM_CORES_OPERATOR_TUNING": ("int", "the cores operator tuning assumes"),
    "MXNET_EXEC_BULK_EXEC_TRAIN": ("bool", "whether training bulks operators"),
    "MXNET_EXEC_BULK_EXEC_INFERENCE": ("bool", "whether inference bulks operators"),
    "MXNET_MKLDNN_ENABLED": ("bool", "whether oneDNN kernels are used"),
    "MXNET_ENGINE_TYPE": (("NaiveEngine", "ThreadedEngine", "ThreadedEnginePerDevice"), "MXNet's engine"),
}
_BOOLS = ("0", "1", "true", "false")
_SIGNED = {"MXNET_MKLDNN_CACHE_NUM"}


def problem(name, value, kind):
    """'' when `value` is one MXNet parses for a variable of `kind`, else what it must be."""
    text = value.strip()
    if kind == "bool":
        return "" if text.lower() in _BOOLS else "must be 0 or 1 (or true, false)"
    if isinstance(kind, tuple):
        return "" if text in kind else f"must be one of {', '.join(kind)}"
    low = 1 if kind == "count" else -1 if name in _SIGNED else 0
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not low <= number <= 2 ** 31 - 1:
        return f"must be an integer from {low} to {2 ** 31 - 1}"
    return ""


def check(environ=None):
    """Refuse (ConfigError) the first variable of VARIABLES whose value MXNet could not parse."""
    environ = os.environ if environ is None else environ
    for name, (kind, what) in VARIABLES.items():
        value = environ.get(name)
        if value is None:
            continue
        bad = problem(name, value, kind)
        if bad:
            raise ConfigError(f"the environment variable {name}={value!r:.40} ({what}) {bad}; MXNet would stop "
                              "on it", f"unset {name} (MXNet's default), or set it to a valid value")
