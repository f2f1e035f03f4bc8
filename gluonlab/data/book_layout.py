"""The book's data where the book's own notebooks look: `gluonlab data book DIR`.

The notebooks of d2l-zh v1 sit one folder deep (DIR/chapter_deep-learning-basics/kaggle-house-price.ipynb) and
open `../data/...` and `../img/...`; chapter 3's Fashion-MNIST cells call gluon's own
`gdata.vision.FashionMNIST()`, which reads $MXNET_HOME/datasets/fashion-mnist (default ~/.mxnet) and downloads
each .gz file again unless the sha1 of its *gzip bytes* is the one gluon lists (mxnet/gluon/data/vision/
datasets.py). Copies from Zalando's bucket or the Debian package hold the same images in other gzip bytes, so
gluon refuses them. `lay_out` puts every verified file where the notebooks look, and writes Fashion-MNIST in
gluon's own bytes: a gzip member is a header (flags, time stamp, file name) and a deflate stream; the copies
differ only in the header, so the header is set to the one of gluon's file, and the result is kept only when its
sha1 is gluon's.
"""
import hashlib
import os
import shutil
from pathlib import Path

from ..errors import DataError
from ..records import atomic_path
from .resolve import FILES, FIX, resolve

# gluon's FashionMNIST: each file's gzip sha1 (as datasets.py lists it) and its gzip header (GNU gzip, default
# level, with the original file name and time stamp: Zalando's files, which gluon's mirror holds byte for byte).
GLUON_FASHION = {
    "train-images-idx3-ubyte.gz": "0cf37b0d40ed5169c6b3aba31069a9770ac9043d",
    "train-labels-idx1-ubyte.gz": "236021d52f1e40852b06a4c3008d8de8aef1e40b",
    "t10k-images-idx3-ubyte.gz": "626ed6a7c06dd17c0eec72fa3be1740f146a2863",
    "t10k-labels-idx1-ubyte.gz": "17f9ab60e7257a1620f4ad76bbbaf857c3920701",
}
GLUON_MTIME = None       # filled below once known
_FTEXT, _FHCRC, _FEXTRA, _FNAME, _FCOMMENT = 1, 2, 4, 8, 16


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


def _deflate_part(raw):
    """The bytes of a gzip member after its header (the deflate stream and the CRC/size trailer)."""
    if raw[:3] != b"\x1f\x8b\x08":
        raise DataError("not a gzip file", f"delete it and fetch it again: {FIX}")
    flags, pos = raw[3], 10
    if flags & _FEXTRA:
        pos += 2 + int.from_bytes(raw[pos:pos + 2], "little")
    for flag in (_FNAME, _FCOMMENT):
        if flags & flag:
            pos = raw.index(b"\0", pos) + 1
    return raw[pos + (2 if flags & _FHCRC else 0):]


def gluon_bytes(name, src):
    """The bytes of `src` (a verified copy of Fashion-MNIST file `name`) that gluon's sha1 check accepts, or None
    when the copy's deflate stream is not the one of gluon's file (then no header makes it pass)."""
    raw = Path(src).read_bytes()
    if hashlib.sha1(raw).hexdigest() == GLUON_FASHION[name]:
        return raw
    header = b"\x1f\x8b\x08" + bytes([_FNAME]) + GLUON_MTIME[name].to_bytes(4, "little") + b"\x00\x03"
    fixed = header + name[:-3].encode() + b"\0" + _deflate_part(raw)
    return fixed if hashlib.sha1(fixed).hexdigest() == GLUON_FASHION[name] else None


def _place(name, src, dest):
    """Put the verified file `src` at `dest`: gluon's bytes for Fashion-MNIST, else a copy. Returns a note."""
    if name in GLUON_FASHION:
        data = gluon_bytes(name, src)
        if data is None:
            raise DataError(f"{src} holds the right images, but in a gzip stream other than gluon's, so gluon's "
                            f"FashionMNIST would download it again",
                            "fetch it from gluon's mirror: gluonlab data fetch (after deleting this copy)")
        if dest.is_file() and dest.read_bytes() == data:
            return "already there"
        with atomic_path(dest) as tmp:
            Path(tmp).write_bytes(data)
        return "written in gluon's gzip bytes"
    if dest.is_file() and dest.stat().st_size == Path(src).stat().st_size and \
            hashlib.sha1(dest.read_bytes()).digest() == hashlib.sha1(Path(src).read_bytes()).digest():
        return "already there"
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)
    return "copied"


def lay_out(book_dir, names=None, report=print):
    """Put every dataset file the book's notebooks read where they read it (see `target`); report one line per
    file. Returns the names that could not be placed (each reported with why), after trying every file."""
    missing = []
    for name in names or FILES:
        dest = target(name, book_dir)
        try:
            src = resolve(name, download=False)
            dest.parent.mkdir(parents=True, exist_ok=True)
            note = _place(name, src, dest)
        except DataError as e:
            missing.append(name)
            report(f"{name:<30} MISSING  {e.message.splitlines()[0][:160]}")
            continue
        report(f"{name:<30} {note:<28} {dest}")
    return missing
