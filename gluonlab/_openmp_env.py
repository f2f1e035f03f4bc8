"""Keep MXNet's OpenMP work in one team of threads: large copies on the calling thread stay one memcpy.

MXNet copies an array of MXNET_CPU_PARALLEL_SIZE (200,000) elements or more with an OpenMP loop on the thread
that asks for the copy: `asnumpy`, `nd.array`, `x[:] = numpy_array` from Python. From the Python thread that
starts a second OpenMP team beside the engine's. libgomp then counts more OpenMP threads than cores and has
every thread spin 100 times instead of 300,000 before it sleeps, so for the rest of the process each parallel
operator pays for waking its threads. Measured on a 2-core VM with 2 threads: after one asnumpy of a million
floats the 3.10 MLP took 0.50-0.52 s an epoch instead of 0.29-0.30; with this setting, 0.29-0.30 either way.
gluonlab sets the threshold to 2^31 - 1 elements (unless the environment sets it) before MXNet reads it, so
those copies are one memcpy on the calling thread and MXNet's operators keep their one team. It also reaches
ParallelAdd, the CPU kvstore's gradient sum, which runs on the engine's priority threads (a team of their own).
The bench runs the book's code (d2lzh) under MXNet's own threshold, as its readers run it (mxnet_default_env).
"""
import os

ENV = "MXNET_CPU_PARALLEL_SIZE"
MXNET_DEFAULT = "200000"
NEVER = str(2 ** 31 - 1)     # MXNet parses an int; 2^31 floats are 8 GB, far beyond any array here


def keep_one_team(environ=os.environ):
    """Set MXNET_CPU_PARALLEL_SIZE so no copy parallelises, unless it is set; return whether it was set here."""
    if environ.get(ENV):
        return False
    environ[ENV] = NEVER
    return True


def mxnet_default_env(env):
    """env for a process that runs the book's code as users run it: MXNet's own threshold where env has
    gluonlab's (set here or inherited from a gluonlab parent); any other value is the user's and is kept."""
    if env.get(ENV) == NEVER:
        env = {**env, ENV: MXNET_DEFAULT}
    return env


keep_one_team()
