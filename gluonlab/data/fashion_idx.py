"""Fashion-MNIST's four idx .gz files decoded to numpy uint8 arrays: read_idx and load_arrays.

Below both the decoded float32 cache (cache.py builds it from these arrays) and the loaders (fashion_mnist.py,
which read the cache): the cache does not import the loaders.
"""
import gzip
import struct
from functools import lru_cache

import numpy as np

from ..errors import DataError
from .resolve import FIX, resolve

# split (train?) -> (images file, labels file)
FILES = {True: ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         False: ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def read_idx(path):
    """Read an idx (ubyte) file, gzip-compressed or not, into a numpy uint8 array."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (EOFError, OSError) as e:
        raise DataError(f"{path} is corrupt or truncated ({e})", FIX) from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError(f"{path} is not an idx ubyte file", FIX)
    ndim = raw[3]
    shape = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise DataError(f"{path} holds {data.size} bytes of data, its header says {shape}", FIX)
    return data.reshape(shape)


@lru_cache(maxsize=2)
def load_arrays(train=True):
    """(images uint8 (N, 28, 28), labels int32 (N,)): 60000 train or 10000 test examples."""
    images_file, labels_file = FILES[bool(train)]
    images = read_idx(resolve(images_file))
    labels = read_idx(resolve(labels_file)).astype(np.int32)
    if images.shape[0] != labels.shape[0]:
        raise DataError(f"{images_file} has {images.shape[0]} images but {labels_file} "
                        f"{labels.shape[0]} labels", FIX)
    return images, labels
