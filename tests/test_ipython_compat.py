"""IPython.display.set_matplotlib_formats is given back (forwarding to matplotlib_inline) where IPython lacks it,
and left alone where it has it; importing gluonlab.d2l does it, so the book's 3.2 cell runs on IPython 8+."""
import subprocess
import sys
import types

import pytest

from gluonlab import _ipython_compat


def test_restored_where_missing_and_forwarded(monkeypatch):
    backend = pytest.importorskip("matplotlib_inline.backend_inline")
    calls = []
    monkeypatch.setattr(backend, "set_matplotlib_formats", lambda *f, **kw: calls.append((f, kw)))
    display = types.SimpleNamespace()
    assert _ipython_compat.restore(display) is True
    display.set_matplotlib_formats("svg", quality=90)
    assert calls == [(("svg",), {"quality": 90})]


def test_left_alone_where_present():
    marker = object()
    display = types.SimpleNamespace(set_matplotlib_formats=marker)
    assert _ipython_compat.restore(display) is False and display.set_matplotlib_formats is marker


def test_importing_d2l_lets_the_books_3_2_cell_run():
    pytest.importorskip("IPython")
    code = ("from gluonlab import d2l\nfrom IPython import display\nimport IPython\n"
            "display.set_matplotlib_formats('svg')\n"
            "print(int(IPython.version_info[0]), display.set_matplotlib_formats.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    major, module = out.stdout.split()
    assert module == ("gluonlab._ipython_compat" if int(major) >= 8 else "IPython.core.pylabtools")
