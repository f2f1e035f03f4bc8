"""The book's 3.7 notebook, written with `from gluonlab import d2l`, run cell by cell in a real Jupyter kernel.

The kernel is this interpreter's ipykernel (a kernel spec pinned to sys.executable, so no other `python3` kernel
on the machine can stand in), started in a temporary directory with matplotlib's inline backend (the MPLBACKEND=Agg
that conftest sets for the test process is removed from the kernel's environment). The notebook must train and
print the book's line, show no Out[] for train_ch3 (it returns None), draw its figures as SVG (use_svg_display on
IPython 8+), raise nothing, and write nothing into the repository.
"""
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat not installed: pip install -e .[test]")
nbclient = pytest.importorskip("nbclient", reason="nbclient not installed: pip install -e .[test]")
pytest.importorskip("ipykernel", reason="ipykernel not installed: pip install -e .[test]")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402  (nbclient depends on jupyter_client)
from jupyter_client.manager import KernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "tests" / "notebooks" / "d2l_softmax_regression.ipynb"
TRAIN_LINE = re.compile(r"^epoch 1, loss \d\.\d{4}, train acc \d\.\d{3}, test acc (\d\.\d{3})$")
SVG, PNG = "image/svg+xml", "image/png"

# Appended to the executed copy (never to the file): where and how the kernel ran.
PROBE = ("import json, os, sys, matplotlib\n"
         "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix, 'cwd': os.getcwd(),\n"
         "                  'MPLBACKEND': os.environ.get('MPLBACKEND'), 'backend': matplotlib.get_backend(),\n"
         "                  'GLUONLAB_DATA': os.environ.get('GLUONLAB_DATA')}))")


def _kernel_manager(workdir):
    """A KernelManager whose only `python3` spec runs this interpreter's ipykernel."""
    spec_dir = workdir / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (gluonlab test)", "language": "python"}))
    specs = KernelSpecManager(kernel_dirs=[str(workdir / "kernels")])
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


def _kernel_env(workdir, cache_dir):
    env = dict(os.environ)                    # GLUONLAB_DATA (set by CI or conftest) is inherited
    env.pop("MPLBACKEND", None)               # conftest's Agg: the kernel picks inline itself, as for a reader
    env.pop("GLUONLAB_PROGRESS", None)        # as a reader's notebook runs: no bar may reach the cell's output
    env["IPYTHONDIR"] = str(workdir / "ipython")   # no user profile/startup files (they could set figure formats)
    env["PYTHONDONTWRITEBYTECODE"] = "1"      # no __pycache__ written into the repo by the kernel's imports
    env["GLUONLAB_CACHE"] = str(cache_dir)    # the decoded Fashion-MNIST cache outside the repo
    return env


def _cache_dir(throwaway):
    """GLUONLAB_CACHE as set when it points outside the repo (reuse it), else a throwaway directory."""
    given = os.environ.get("GLUONLAB_CACHE")
    if given:
        path = Path(given).expanduser().resolve()
        if ROOT not in path.parents and path != ROOT:
            return path
    return Path(throwaway)


def _repo_files():
    """{path: (mtime_ns, size)} of the working tree, .git and .venv left out."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if not (dirpath == str(ROOT) and d in (".git", ".venv"))]
        for name in filenames:
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except FileNotFoundError:
                continue
            out[p] = (st.st_mtime_ns, st.st_size)
    return out


def _execute(nb, workdir):
    """Run every cell of nb in a fresh kernel started in workdir; returns nb with its outputs."""
    with tempfile.TemporaryDirectory(prefix="gluonlab-nbcache-") as tmp_cache:
        client = nbclient.NotebookClient(
            nb, km=_kernel_manager(workdir), timeout=120, startup_timeout=60, allow_errors=True,
            resources={"metadata": {"path": str(workdir)}})
        client.execute(env=_kernel_env(workdir, _cache_dir(tmp_cache)))
    return nb


def _code_cell(nb, snippet):
    cells = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(cells) == 1, f"expected one code cell containing {snippet!r}, found {len(cells)}"
    return cells[0]


def _stream(cell, names=("stdout",)):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name in names)


def _mimetypes(cell):
    return [set(o.data) for o in cell.outputs if o.output_type == "display_data"]


def _errors(nb):
    return [(i, o.ename, o.evalue, "\n".join(o.traceback)) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.outputs if o.output_type == "error"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """(the executed notebook, the probe's report, repo files added or changed while it ran, seconds)."""
    workdir = tmp_path_factory.mktemp("notebook")
    source_text = NOTEBOOK.read_text()
    nb = nbformat.reads(source_text, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    before, start = _repo_files(), time.monotonic()
    _execute(nb, workdir)
    seconds = time.monotonic() - start
    after = _repo_files()
    written = sorted(p for p, stat in after.items() if before.get(p) != stat)
    assert NOTEBOOK.read_text() == source_text, "the notebook file itself was rewritten"
    probe = json.loads(_stream(nb.cells[-1]))
    return nb, probe, written, seconds


def test_committed_notebook_is_clean():
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit the notebook with outputs cleared"


def test_kernel_is_this_interpreter_with_inline_backend(executed):
    _, probe, _, _ = executed
    assert probe["executable"] == sys.executable and probe["prefix"] == sys.prefix, probe
    # ipykernel sets MPLBACKEND to its inline backend when the variable is unset; Agg must not get through
    assert probe["MPLBACKEND"] in (None, "module://matplotlib_inline.backend_inline"), probe
    assert "inline" in probe["backend"].lower(), probe
    assert probe["GLUONLAB_DATA"] == os.environ.get("GLUONLAB_DATA"), probe


def test_no_cell_raises(executed):
    nb = executed[0]
    errors = _errors(nb)
    assert not errors, "cell {} raised {}: {}\n{}".format(*errors[0])


def test_train_ch3_prints_one_book_line_and_no_out_value(executed):
    cell = _code_cell(executed[0], "d2l.train_ch3(")
    lines = _stream(cell, ("stdout", "stderr")).splitlines()
    assert len(lines) == 1, f"train_ch3's cell printed {lines!r}, not one line"
    match = TRAIN_LINE.match(lines[0])
    assert match, f"not the book's line: {lines[0]!r}"
    assert float(match.group(1)) > 0.7, lines[0]
    assert not [o for o in cell.outputs if o.output_type == "execute_result"], \
        "train_ch3 returns None: the cell must show no Out[] value"


@pytest.mark.parametrize("snippet", ["d2l.semilogy(", "d2l.show_fashion_mnist("])
def test_figures_are_svg(executed, snippet):
    cell = _code_cell(executed[0], snippet)
    shown = _mimetypes(cell)
    assert len(shown) == 1, f"{snippet} displayed {len(shown)} figures: {shown}"
    assert SVG in shown[0], f"{snippet} displayed {sorted(shown[0])}, not {SVG}: use_svg_display did nothing"


def test_nothing_written_into_the_repo(executed):
    _, probe, written, _ = executed
    assert Path(probe["cwd"]).resolve() != ROOT and ROOT not in Path(probe["cwd"]).resolve().parents, probe
    assert not written, f"the notebook's run wrote into the repository: {written}"


def test_runs_well_under_a_minute(executed):
    assert executed[3] < 60, f"the notebook took {executed[3]:.1f} s"


def test_set_figsize_gives_svg_where_the_default_is_png(tmp_path):
    """The SVG check can fail: a plain inline figure is PNG; after d2l.set_figsize() the same plot is SVG."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("%matplotlib inline\nfrom gluonlab import d2l"),
        nbformat.v4.new_code_cell("d2l.plt.plot([1, 2, 3], [1, 4, 9]);"),
        nbformat.v4.new_code_cell("d2l.set_figsize()\nd2l.plt.plot([1, 2, 3], [1, 4, 9]);"),
    ])
    _execute(nb, tmp_path)
    assert not _errors(nb), _errors(nb)[0]
    default, after = _mimetypes(nb.cells[1]), _mimetypes(nb.cells[2])
    assert len(default) == 1 and PNG in default[0] and SVG not in default[0], default
    assert len(after) == 1 and SVG in after[0] and PNG not in after[0], after
