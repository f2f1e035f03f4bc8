"""gluonlab: the MXNet edition of Dive into Deep Learning (d2l-zh v1), reproduced with Gluon and tested."""
from . import _numpy_compat  # noqa: F401  (first: MXNet 1.9.1 needs numpy.bool, which numpy 1.24 removed)
from . import _openmp_env  # noqa: F401  (before MXNet's first copy: one OpenMP team, see the module)

__version__ = "0.1.0"
