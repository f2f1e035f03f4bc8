"""Running d2lzh's own helpers as a user runs them offline, on gluonlab's verified data files.

Fashion-MNIST: d2lzh.load_data_fashion_mnist(root=...) goes through gluon's FashionMNIST, which checks each .gz
file's sha1 against its own mirror's and downloads again on a mismatch. `fashion_root` verifies the decompressed
content with gluonlab.data.resolve (content sha1), links the four files into a temp root, and for exactly those
files replaces gluon's expected sha1 with the files' actual gzip sha1 (so gluon loads them and never downloads).
Jay Chou lyrics: d2lzh.load_data_jay_lyrics() opens ../data/jaychou_lyrics.txt.zip relative to the working
directory; `lyrics_cwd` makes a temp working directory whose ../data/ links the verified zip.
"""
import contextlib
import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from mxnet.gluon.data.vision import datasets as gvision
from mxnet.gluon.utils import check_sha1

from ..data.book_layout import expect_sha1s
from ..data.resolve import content_sha1, resolve

_FASHION = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


@contextlib.contextmanager
def fashion_root(max_examples=None):
    """A root folder for gluon's FashionMNIST holding the verified files; gluon's sha1 check relaxed for them.

    max_examples keeps the first n examples of each split (smoke runs), as gluonlab's loader does.
    """
    with tempfile.TemporaryDirectory(prefix="d2lzh-fashion-") as root:
        actual = {}
        for name in _FASHION:
            src = resolve(name)                      # content sha1 verified here
            os.symlink(os.path.abspath(src), os.path.join(root, name))
            actual[name] = content_sha1(src, gz=False)     # the .gz bytes, as gluon checks them
        original = gvision.FashionMNIST._get_data

        def _get_data(self):
            expect_sha1s(self, lambda path, name, sha1: actual.get(name, sha1))
            original(self)
            assert all(check_sha1(os.path.join(root, n), actual[n]) for n in actual)
            if max_examples:
                self._data, self._label = self._data[:max_examples], self._label[:max_examples]
        gvision.FashionMNIST._get_data = _get_data
        try:
            yield root
        finally:
            gvision.FashionMNIST._get_data = original


@contextlib.contextmanager
def lyrics_cwd():
    """Work in a temp folder whose ../data/jaychou_lyrics.txt.zip is the verified zip."""
    zip_path = resolve("jaychou_lyrics.txt.zip")
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="d2lzh-lyrics-") as tmp:
        (Path(tmp) / "data").mkdir()
        (Path(tmp) / "work").mkdir()
        os.symlink(os.path.abspath(zip_path), Path(tmp) / "data" / "jaychou_lyrics.txt.zip")
        os.chdir(Path(tmp) / "work")
        try:
            yield
        finally:
            os.chdir(old)


class _TimedLines(io.TextIOBase):
    """A stdout stand-in that stamps every complete line with time.perf_counter()."""

    def __init__(self):
        self.lines, self._buf = [], ""

    def write(self, s):
        self._buf += s
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            self.lines.append((time.perf_counter(), line))
        return len(s)


def run_printing(fn, *args, **kwargs):
    """Call fn (a d2lzh helper that prints per epoch); return [(time, line)] of its printed lines and the start."""
    out = _TimedLines()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        fn(*args, **kwargs)
    sys.stdout.flush()
    return start, out.lines


def epoch_times(start, lines, pattern=r"^epoch \d+"):
    """Seconds between consecutive epoch lines (the first from `start`): each epoch's training and evaluation."""
    stamps = [t for t, line in lines if re.match(pattern, line)]
    return [b - a for a, b in zip([start] + stamps[:-1], stamps)]


def value_after(line, name):
    """The number printed after `name` in one line (e.g. 'test acc', 'perplexity'), or None."""
    m = re.search(re.escape(name) + r"\s+([-+0-9.eEinfa]+)", line)
    return float(m.group(1)) if m else None


def last_value(lines, name):
    """The last number printed after `name` in [(time, line)], or None."""
    for _, line in reversed(lines):
        value = value_after(line, name)
        if value is not None:
            return value
    return None
