"""Fashion-MNIST decoded once into float32 NDArrays, cached on disk in MXNet's own format (nd.save).

One file per split under $GLUONLAB_CACHE (default data/cache/): `fashion-mnist-<split>-<key>.nd`, where the key
is the source files' content sha1 (images, then labels). The file holds X (N, 1, 28, 28) float32 in [0, 1] (as
ToTensor gives), y (N,) int32, and the key again as bytes; a file whose stored key, shapes or dtypes do not match,
or that nd.load cannot read, is rebuilt. Stale files of the same split are removed, so the cache never holds
more than the dataset's float32 size (188 MB train + 31 MB test). Writes are atomic (records.atomic_path).
"""
import os
from pathlib import Path

import numpy as np
from mxnet import base, nd

from ..records import atomic_path
from .resolve import FILES, REPO_DATA, resolve

ENV = "GLUONLAB_CACHE"
_SPLITS = {True: ("train", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
           False: ("test", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def cache_dir():
    return Path(os.environ[ENV]).expanduser() if os.environ.get(ENV) else REPO_DATA / "cache"


def cache_key(train=True):
    """The source files' content sha1, images then labels (resolve has verified the files against them)."""
    _, images_file, labels_file = _SPLITS[bool(train)]
    return f"{FILES[images_file].sha1}-{FILES[labels_file].sha1}"


def cache_path(train=True):
    return cache_dir() / f"fashion-mnist-{_SPLITS[bool(train)][0]}-{cache_key(train)}.nd"


def _key_array(key):
    return nd.array(np.frombuffer(key.encode("ascii"), dtype=np.uint8), dtype="uint8")


def _read(path, key):
    """(X, y) from a cache file, or None when it is missing, unreadable or not this key's data."""
    if not path.is_file():
        return None
    try:
        saved = nd.load(str(path))
    except (base.MXNetError, OSError, ValueError):
        return None
    if not isinstance(saved, dict) or set(saved) != {"X", "y", "key"}:
        return None
    X, y, stored = saved["X"], saved["y"], saved["key"]
    if stored.asnumpy().tobytes() != key.encode("ascii"):
        return None
    if X.dtype != np.float32 or y.dtype != np.int32 or X.ndim != 4 or X.shape[1:] != (1, 28, 28) \
            or y.shape != (X.shape[0],):
        return None
    return X, y


def _build(train, path, key):
    from .fashion_mnist import load_arrays        # fashion_mnist imports this module
    images, labels = load_arrays(train)
    X = nd.array(images, dtype="float32").expand_dims(1) / 255
    y = nd.array(labels, dtype="int32")
    for stale in path.parent.glob(f"fashion-mnist-{_SPLITS[bool(train)][0]}-*.nd"):
        if stale != path:
            stale.unlink(missing_ok=True)
    with atomic_path(path, elsewhere=f"point {ENV} at another folder for the decoded cache") as tmp:
        nd.save(tmp, {"X": X, "y": y, "key": _key_array(key)})
    return X, y


def load_tensors(train=True):
    """(X float32 (N, 1, 28, 28) in [0, 1], y int32 (N,)) from the cache, building it when needed."""
    _, images_file, labels_file = _SPLITS[bool(train)]
    resolve(images_file), resolve(labels_file)   # the sources must exist and match their sha1
    key, path = cache_key(train), cache_path(train)
    return _read(path, key) or _build(train, path, key)
