"""`gluonlab data book DIR`: the book's data where the book's own notebooks look, gluon's FashionMNIST offline."""
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gluonlab import cli
from gluonlab.data import book_layout, resolve as res
from gluonlab.reference import notebooks
from tests.conftest import ROOT

FASHION = list(book_layout.GLUON_FASHION)
OTHERS = [n for n in res.FILES if n not in book_layout.GLUON_FASHION]
NO_DOWNLOAD = "http://127.0.0.1:9/"         # MXNET_GLUON_REPO: any download gluon tries fails at once


def _sha1(path):
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def reader(tmp_path, monkeypatch):
    """A reader's machine: an empty HOME, the book's folder with one chapter folder; returns (home, book)."""
    home, book = tmp_path / "home", tmp_path / "d2l-zh"
    (book / "chapter_deep-learning-basics").mkdir(parents=True)
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("MXNET_HOME", raising=False)
    return home, book


def test_gluon_lists_the_sha1s_we_expect():
    import mxnet.gluon.data.vision.datasets as datasets
    source = Path(datasets.__file__).read_text()
    fashion = source[source.index("class FashionMNIST"):source.index("class CIFAR10")]
    assert dict(re.findall(r"'([\w-]+\.gz)',\s*'([0-9a-f]{40})'", fashion)) == book_layout.GLUON_FASHION


def test_data_book_puts_each_file_where_the_notebooks_look(reader, capsys):
    home, book = reader
    assert cli.main(["data", "book", str(book / "chapter_deep-learning-basics")]) == 0   # a chapter: its parent
    out = capsys.readouterr().out
    for name in OTHERS:
        assert _sha1(book_layout.target(name, book)) == _sha1(res.resolve(name, download=False))
        assert book_layout.target(name, book) == book / ("" if name.startswith("img/") else "data") / name
    for name in FASHION:
        copy = home / ".mxnet" / "datasets" / "fashion-mnist" / name
        assert res.content_sha1(copy) == res.FILES[name].sha1
    assert len(out.splitlines()) == 1 + len(res.FILES)
    assert cli.main(["data", "book", str(book)]) == 0
    assert capsys.readouterr().out.count("already there") == len(res.FILES)


def test_data_book_keeps_a_copy_in_gluons_own_bytes(reader, monkeypatch, capsys):
    """A reader whose ~/.mxnet already holds gluon's own download (the book's d2lzh reads it without gluonlab)
    keeps it: a verified copy from another mirror would make plain d2lzh download again."""
    home, book = reader
    name = FASHION[0]
    own = home / ".mxnet" / "datasets" / "fashion-mnist" / name
    own.parent.mkdir(parents=True)
    own.write_bytes(b"gluon's own gzip bytes")          # stands for them: gluon's listed sha1 is set to theirs
    monkeypatch.setitem(book_layout.GLUON_FASHION, name, _sha1(own))
    assert cli.main(["data", "book", str(book)]) == 0
    assert own.read_bytes() == b"gluon's own gzip bytes"
    assert "already there, gluon's own bytes" in capsys.readouterr().out


@pytest.fixture
def no_data(reader, monkeypatch):
    """The reader's machine with no dataset file anywhere gluonlab looks; returns the book's folder."""
    _, book = reader
    monkeypatch.setattr(res, "REPO_DATA", book / "no-data")
    monkeypatch.setenv("GLUONLAB_DATA", str(book / "no-data"))
    for name, spec in list(res.FILES.items()):
        monkeypatch.setitem(res.FILES, name, res.DataFile(spec.name, spec.sha1, spec.urls))   # no system places
    return book


def test_data_book_without_data_says_one_line_per_file_then_one_fix(no_data, capsys):
    book = no_data
    assert cli.main(["data", "book", str(book)]) == 2
    captured = capsys.readouterr()
    assert [line.split()[1] for line in captured.out.splitlines()[1:]] == ["MISSING"] * len(res.FILES)
    assert captured.err.count("\n") == 1 and captured.err.startswith("fix: gluonlab data fetch")


def test_data_check_prints_the_fix_beside_missing(no_data, capsys):
    assert cli.main(["data", "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(res.FILES) and all("MISSING  fix: gluonlab data fetch" in line for line in lines)


def _python(code, home, cwd):
    env = {**os.environ, "HOME": str(home), "MXNET_GLUON_REPO": NO_DOWNLOAD, "PYTHONPATH": str(ROOT),
           "MPLBACKEND": "Agg"}
    env.pop("MXNET_HOME", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=600)


BOOK_CELLS = ("from mxnet.gluon import data as gdata\n"
              "mnist_train = gdata.vision.FashionMNIST(train=True)\n"
              "mnist_test = gdata.vision.FashionMNIST(train=False)\n"
              "print(len(mnist_train), len(mnist_test), mnist_train[0][0].shape)\n")


def test_gluons_own_fashion_mnist_reads_the_copies_offline(reader):
    home, book = reader
    assert cli.main(["data", "book", str(book)]) == 0
    before = {n: _sha1(home / ".mxnet/datasets/fashion-mnist" / n) for n in FASHION}
    p = _python("from gluonlab import d2l\n" + BOOK_CELLS, home, book / "chapter_deep-learning-basics")
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.split() == ["60000", "10000", "(28,", "28,", "1)"]
    assert {n: _sha1(home / ".mxnet/datasets/fashion-mnist" / n) for n in FASHION} == before   # nothing fetched
    if any(before[n] != sha1 for n, sha1 in book_layout.GLUON_FASHION.items()):
        # other bytes than gluon's: without gluonlab, gluon downloads (numpy.bool set as MXNet needs on 3.12+)
        bare = _python("import numpy\nnumpy.bool = bool\n" + BOOK_CELLS, home, book)
        assert bare.returncode != 0 and "127.0.0.1" in bare.stderr


REPO = notebooks.find_repo()


@pytest.mark.slow
@pytest.mark.skipif(REPO is None, reason="GLUONLAB_D2L_ZH does not name a d2l-zh clone (v1 branch)")
def test_the_books_35_notebook_runs_offline_headless_and_in_jupyter(reader, monkeypatch):
    """The acceptance: the book's own 3.5 notebook, its import line changed, after `gluonlab data book`."""
    nbformat = pytest.importorskip("nbformat")
    from tests import test_notebook_jupyter as jupyter
    home, book = reader
    assert cli.main(["data", "book", str(book)]) == 0
    cells = notebooks.for_side(notebooks.code_cells(notebooks.book_markdown("3.5", REPO)), "gluonlab")
    chapter = book / "chapter_deep-learning-basics"
    script = "\n".join(line for c in cells for line in c.split("\n") if not line.startswith("%"))
    p = _python(script + "\nprint('done', len(mnist_train), len(mnist_test))", home, chapter)
    assert p.returncode == 0 and p.stdout.split()[-3:] == ["done", "60000", "10000"], p.stderr[-2000:]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    monkeypatch.setenv("MXNET_GLUON_REPO", NO_DOWNLOAD)
    jupyter._execute(nb, chapter)
    assert jupyter._errors(nb) == []
    assert "(60000, 10000)" in str(nb.cells[2].outputs)
