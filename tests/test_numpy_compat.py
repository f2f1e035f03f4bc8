"""numpy.bool is restored where numpy removed it (1.24+), and left alone elsewhere."""
import subprocess
import sys
import types

from gluonlab import _numpy_compat


def _fake(version, **names):
    return types.SimpleNamespace(__version__=version, **names)


def test_alias_set_from_numpy_1_24_on():
    for version in ("1.24.0", "1.26.4"):
        np = _fake(version)
        assert _numpy_compat.restore_bool_alias(np) is True and np.bool is bool


def test_alias_left_alone_before_1_24_or_when_present():
    np = _fake("1.23.5")
    assert _numpy_compat.restore_bool_alias(np) is False and not hasattr(np, "bool")
    marker = object()
    np = _fake("2.1.0", bool=marker)
    assert _numpy_compat.restore_bool_alias(np) is False and np.bool is marker


def test_importing_gluonlab_first_lets_mxnet_import():
    code = "import gluonlab, mxnet, numpy; print(getattr(numpy, 'bool', bool) is bool or numpy.__version__ < '1.24')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"
