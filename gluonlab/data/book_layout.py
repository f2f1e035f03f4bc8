"""The book's data where the book's own notebooks look: `gluonlab data book DIR`.

The notebooks of d2l-zh v1 sit one folder deep (DIR/chapter_deep-learning-basics/kaggle-house-price.ipynb) and
open `../data/...` and `../img/...`; chapter 3's Fashion-MNIST cells call gluon's own
`gdata.vision.FashionMNIST()`, which reads $MXNET_HOME/datasets/fashion-mnist (default ~/.mxnet) and downloads a
file again unless the sha1 of its *gzip bytes* is the one gluon lists (mxnet/gluon/data/vision/datasets.py,
checked by gluon.utils.download before it reads anything). Copies from Zalando's bucket, the Debian package or
other mirrors hold the same images in other gzip bytes (the Debian copy differs from Zalando's by the header: no
file name, another time stamp), and gluon's own bytes cannot be rebuilt from them: no header with the original
name and a 2017 time stamp in front of the same deflate stream gives gluon's sha1 (all 31.5 million were tried).
So `lay_out` copies each verified file where the notebooks look, Fashion-MNIST as it is, and `gluon_accepts_
verified` (installed by `from gluonlab import d2l`, the one line a reader changes) lets gluon's FashionMNIST take a
file whose bytes differ from its own when its decompressed content has Fashion-MNIST's sha1: the same images gluon
would download. A copy in gluon's own bytes (fetched from gluon's mirror) passes without it.
"""
import hashlib
import os
import shutil
from pathlib import Path

from ..errors import DataError
from ..records import atomic_path
from .resolve import FILES, content_sha1, resolve

# gluon's FashionMNIST: each file's gzip sha1, as datasets.py lists it (tests check them against mxnet's source).
GLUON_FASHION = {
    "train-images-idx3-ubyte.gz": "0cf37b0d40ed5169c6b3aba31069a9770ac9043d",
    "train-labels-idx1-ubyte.gz": "236021d52f1e40852b06a4c3008d8de8aef1e40b",
    "t10k-images-idx3-ubyte.gz": "626ed6a7c06dd17c0eec72fa3be1740f146a2863",
    "t10k-labels-idx1-ubyte.gz": "17f9ab60e7257a1620f4ad76bbbaf857c3920701",
}
_SPLITS = ("_train_data", "_train_label", "_test_data", "_test_label")     # gluon's (name, sha1) attributes


def mxnet_fashion_dir():
    """Where gluon's FashionMNIST() looks by default: $MXNET_HOME/datasets/fashion-mnist (~/.mxnet without it)."""
    return Path(os.environ.get("MXNET_HOME") or "~/.mxnet").expanduser() / "datasets" / "fashion-mnist"


def target(name, book_dir):
    """Where the book's notebooks look for dataset file `name`."""
    if name in GLUON_FASHION:
        return mxnet_fashion_dir() / name
    if name.startswith("img/"):
        return Path(book_dir) / name
    return Path(book_dir) / "data" / name


def expect_sha1s(dataset, sha1_for):
    """Set the gzip sha1 that gluon's FashionMNIST `dataset` expects of each file to sha1_for(path, name, gluon's
    sha1); called in its _get_data, before gluon checks (and else downloads) the files in its root."""
    for attr in _SPLITS:
        name, sha1 = getattr(dataset, attr)
        setattr(dataset, attr, (name, sha1_for(os.path.join(dataset._root, name), name, sha1)))


def _verified_sha1(path, name, sha1):
    """The file's own gzip sha1 when its content is verified Fashion-MNIST, else gluon's (gluon then downloads)."""
    if name not in FILES or not os.path.isfile(path):
        return sha1
    own = hashlib.sha1(Path(path).read_bytes()).hexdigest()
    return own if own == sha1 or content_sha1(path) == FILES[name].sha1 else sha1


def gluon_accepts_verified():
    """Let gluon's FashionMNIST read, from any root, a file whose content is verified Fashion-MNIST, whatever
    mirror's gzip bytes hold it (see the module's docstring). Idempotent."""
    from mxnet.gluon.data.vision import datasets
    cls = datasets.FashionMNIST
    if getattr(cls._get_data, "_gluonlab", False):
        return
    original = cls._get_data

    def _get_data(self):
        expect_sha1s(self, _verified_sha1)
        original(self)
    _get_data._gluonlab = True
    cls._get_data = _get_data


def _place(name, src, dest):
    """Copy the verified file `src` to `dest` unless it is there already; return what was done. A Fashion-MNIST
    file in gluon's own bytes at `dest` stays: gluon (and the book's d2lzh) reads it without gluonlab."""
    note = "copied"
    if name in GLUON_FASHION and dest.is_file() and \
            hashlib.sha1(dest.read_bytes()).hexdigest() == GLUON_FASHION[name]:
        return "already there, gluon's own bytes"
    if name in GLUON_FASHION:
        ours = hashlib.sha1(Path(src).read_bytes()).hexdigest() == GLUON_FASHION[name]
        note = "copied, gluon's own bytes" if ours else "copied; gluon reads it after `from gluonlab import d2l`"
    if dest.is_file() and dest.stat().st_size == Path(src).stat().st_size and \
            hashlib.sha1(dest.read_bytes()).digest() == hashlib.sha1(Path(src).read_bytes()).digest():
        return "already there"
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)
    return note


def lay_out(book_dir, names=None, report=None):
    """Put every dataset file the book's notebooks read (or those of `names`) where they read it (see `target`).
    With `report`: one line per file to it, and the names that could not be placed are returned after every file
    was tried; without: quietly, and the first file that cannot be had raises its DataError."""
    missing = []
    for name in names or FILES:
        dest = target(name, book_dir)
        try:
            src = resolve(name, download=False)
            dest.parent.mkdir(parents=True, exist_ok=True)
            note = _place(name, src, dest)
        except DataError as e:
            if report is None:
                raise
            missing.append(name)
            why = e.message.split(";")[0]
            report(f"{name:<30} MISSING" + ("" if why.endswith("was not found") else f"  {why}"))
            continue
        if report:
            report(f"{name:<30} {dest}  ({note})")
    return missing
