"""Shared fixtures and markers: seed (printed on failure), --runslow, gpu/oracle skips, data location."""
import os
from pathlib import Path

import pytest

import gluonlab  # noqa: F401  (first: on numpy 1.26, Python 3.12+, it restores numpy.bool before a test imports mxnet)

ROOT = Path(__file__).resolve().parents[1]
_SHARED = ROOT.parent / "shared" / "data"
if not os.environ.get("GLUONLAB_DATA") and _SHARED.is_dir():
    os.environ["GLUONLAB_DATA"] = str(_SHARED)    # as CI sets it
elif os.environ.get("GLUONLAB_DATA"):             # may be relative; tests that chdir must still find it
    os.environ["GLUONLAB_DATA"] = os.path.abspath(os.path.expanduser(os.environ["GLUONLAB_DATA"]))
os.environ.setdefault("GLUONLAB_PROGRESS", "0")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="also run @slow reproductions")


def pytest_collection_modifyitems(config, items):
    skip_slow = pytest.mark.skip(reason="long reproduction: run with --runslow")
    for item in items:
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(skip_slow)


@pytest.fixture
def seed(request):
    """Seed python, numpy and mxnet; the seed shows in the failure report."""
    from gluonlab import devices
    value = 42
    devices.seed(value)
    request.node.user_properties.append(("seed", value))
    return value


@pytest.fixture
def has_gpu():
    from gluonlab import devices
    if devices.num_gpus() == 0:
        pytest.skip("no GPU on this machine (CPU wheel or no device)")
    return True


@pytest.fixture(scope="session")
def d2lzh():
    """The book's own package, with its broken-on-modern-IPython SVG switch made a no-op.

    d2lzh.use_svg_display calls IPython.display.set_matplotlib_formats, which IPython 8 removed.
    """
    d2l = pytest.importorskip("d2lzh", reason="d2lzh not installed: pip install --no-deps d2lzh==1.0.0")
    d2l.use_svg_display = lambda: None
    return d2l


def stop_after_first_checkpoint(argv):
    """Run `gluonlab ARGV` in this process and stop it (as Ctrl-C does) right after its first checkpoint."""
    from gluonlab import cli
    from gluonlab.train import checkpoint
    real_save = checkpoint.Stage.save

    def save_then_stop(stage, epoch, hist):
        real_save(stage, epoch, hist)
        raise KeyboardInterrupt
    checkpoint.Stage.save = save_then_stop
    try:
        assert cli.main(argv) == 130
    finally:
        checkpoint.Stage.save = real_save
