"""Every workload of `gluonlab bench`: importing this module imports each workload module, which registers its
workloads (workloads.register); names() and get() look them up. The workload modules import workloads.py, the
registry, and never this module."""
from . import airfoil, batch_norm, cnn, fashion, house, hybrid, lenet, rnn, word2vec  # noqa: F401  (they register)
from .workloads import WORKLOADS


def names():
    """Every workload name, in the order the modules register them."""
    return list(WORKLOADS)


def get(name):
    """The Workload registered as `name` (KeyError naming the known ones if none)."""
    if name not in WORKLOADS:
        raise KeyError(f"unknown workload {name!r}; known: {', '.join(WORKLOADS)}")
    return WORKLOADS[name]
