"""MXNet 1.9.1 on numpy 1.24-1.26: give numpy back the `bool` alias numpy 1.24 removed, before MXNet loads.

numpy<1.24 has no wheel for Python 3.12 and later, so there gluonlab installs numpy 1.26, and MXNet 1.9.1 reads
`numpy.bool` (its numpy-compatible arrays and its dtype tables) when it is imported and when it runs. Every part
of gluonlab imports this module first (gluonlab/__init__.py), so a notebook that imports gluonlab and then
MXNet works. numpy 2 removes a dozen more names MXNet 1.9.1 uses; it is not supported.
"""
import numpy


def restore_bool_alias(np=numpy):
    """Set np.bool = bool where numpy no longer has it; return whether it was set."""
    if "bool" in vars(np):
        return False
    major, minor = (int(part) for part in np.__version__.split(".")[:2])
    if (major, minor) < (1, 24):          # the deprecated alias still works (with a warning) before 1.24
        return False
    np.bool = bool
    return True


restore_bool_alias()
