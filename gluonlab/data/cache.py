"""Fashion-MNIST decoded once into float32 NDArrays, cached on disk in MXNet's own format (nd.save).

One file per split under $GLUONLAB_CACHE (default data/cache/): `fashion-mnist-<split>-<key>.nd`, where the key
is the source files' content sha1 (images, then labels). The file holds X (N, 1, 28, 28) float32 in [0, 1] (as
ToTensor gives), y (N,) int32, the key again as bytes, and "sha1", the sha1 of X's and y's bytes taken when it was
built. A file whose stored key, shapes or dtypes do not match, or that nd.load cannot read, is rebuilt; one whose
arrays do not give back their sha1 (changed on disk) is rebuilt with one line on stderr saying so. Stale files of
the same split are removed, so the cache never holds more than the dataset's float32 size (188 MB train + 31 MB
test). A build holds a lock on the folder, removes the temp files an interrupted build left, and writes
atomically (array_files.save_ndarrays: read back and checked); a full disk is one OutputError that names
GLUONLAB_CACHE.
"""
import hashlib
import os
import sys
from pathlib import Path

import numpy as np
from mxnet import base, nd

from ..array_files import save_ndarrays
from . import fashion_idx
from .resolve import FILES, REPO_DATA, locked, resolve

ENV = "GLUONLAB_CACHE"
_SPLIT_NAMES = {True: "train", False: "test"}


def cache_dir():
    return Path(os.environ[ENV]).expanduser() if os.environ.get(ENV) else REPO_DATA / "cache"


def cache_key(train=True):
    """The source files' content sha1, images then labels (resolve has verified the files against them)."""
    images_file, labels_file = fashion_idx.FILES[bool(train)]
    return f"{FILES[images_file].sha1}-{FILES[labels_file].sha1}"


def cache_path(train=True):
    return cache_dir() / f"fashion-mnist-{_SPLIT_NAMES[bool(train)]}-{cache_key(train)}.nd"


def _key_array(key):
    return nd.array(np.frombuffer(key.encode("ascii"), dtype=np.uint8), dtype="uint8")


def content_sha1(X, y):
    """sha1 of the arrays' bytes (X, then y), as 40 hex digits."""
    h = hashlib.sha1(X.asnumpy().tobytes())
    h.update(y.asnumpy().tobytes())
    return h.hexdigest()


def _read(path, key, say=True):
    """(X, y) from a cache file, or None when it is missing, unreadable, not this key's data or changed since
    it was built (the last said on stderr, when `say`)."""
    if not path.is_file():
        return None
    try:
        saved = nd.load(str(path))
    except (base.MXNetError, OSError, ValueError):
        return None
    if not isinstance(saved, dict) or set(saved) != {"X", "y", "key", "sha1"}:
        return None
    X, y, stored = saved["X"], saved["y"], saved["key"]
    if stored.asnumpy().tobytes() != key.encode("ascii"):
        return None
    if X.dtype != np.float32 or y.dtype != np.int32 or X.ndim != 4 or X.shape[1:] != (1, 28, 28) \
            or y.shape != (X.shape[0],):
        return None
    if saved["sha1"].asnumpy().tobytes() != content_sha1(X, y).encode("ascii"):
        if say:
            print(f"gluonlab: note: the decoded cache {path} does not match the content hash it was built with "
                  "(changed on disk); rebuilding it", file=sys.stderr, flush=True)
        return None
    return X, y


def _build(train, path, key):
    images, labels = fashion_idx.load_arrays(train)
    X = nd.array(images, dtype="float32").expand_dims(1) / 255
    y = nd.array(labels, dtype="int32")
    split = _SPLIT_NAMES[bool(train)]
    for stale in [*path.parent.glob(f"fashion-mnist-{split}-*.nd"), *path.parent.glob(f".fashion-mnist-{split}-*.tmp")]:
        if stale != path:                  # other keys' files, and temp files of a build that was interrupted
            stale.unlink(missing_ok=True)
    digest = nd.array(np.frombuffer(content_sha1(X, y).encode("ascii"), dtype=np.uint8), dtype="uint8")
    save_ndarrays({"X": X, "y": y, "key": _key_array(key), "sha1": digest}, path, elsewhere=_ELSEWHERE)
    return X, y


_ELSEWHERE = f"point {ENV} at another folder for the decoded cache"


def load_tensors(train=True):
    """(X float32 (N, 1, 28, 28) in [0, 1], y int32 (N,)) from the cache, building it when needed."""
    images_file, labels_file = fashion_idx.FILES[bool(train)]
    resolve(images_file), resolve(labels_file)   # the sources must exist and match their sha1
    key, path = cache_key(train), cache_path(train)
    got = _read(path, key)
    if got is not None:
        return got
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from ..errors import output_error
        raise output_error(e.filename or path.parent, e, "create", _ELSEWHERE) from None
    with locked(path.parent):             # one build at a time: temp files found now are an interrupted build's
        return _read(path, key, say=False) or _build(train, path, key)   # another process may have built it
