"""CIFAR-10 from gluon's archive (cifar-10-binary.tar.gz), read straight from the tar into arrays; the book's
image augmentation in bulk: one operator call per minibatch, not a Python call per image. Book: d2l-zh v1 §9.1
(gdata.vision.CIFAR10, flip_aug, no_aug)."""
import tarfile

import numpy as np
from mxnet import nd

from ..errors import DataError
from .files import resolve_large

ARCHIVE = "cifar10/cifar-10-binary.tar.gz"
TRAIN_BATCHES = [f"data_batch_{i}.bin" for i in range(1, 6)]
TEST_BATCHES = ["test_batch.bin"]


def read_cifar10(train, archive=None):
    """(images (N, 32, 32, 3) uint8, labels (N,) int32) NDArrays, in the order gluon's CIFAR10 gives them.

    Each record of a binary batch is one label byte and 3072 pixel bytes (channels, rows, columns).
    """
    path = archive or resolve_large(ARCHIVE)
    try:
        with tarfile.open(path) as tar:
            blobs = [tar.extractfile(f"cifar-10-batches-bin/{name}").read()
                     for name in (TRAIN_BATCHES if train else TEST_BATCHES)]
    except (KeyError, tarfile.TarError, OSError) as e:
        raise DataError(f"{path} is not CIFAR-10's binary archive ({type(e).__name__}: {e})",
                        "download cifar-10-binary.tar.gz again (gluonlab run 9.1 names its URLs)") from None
    data = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(-1, 3072 + 1)
    images = data[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return nd.array(images, dtype="uint8"), nd.array(data[:, 0], dtype="int32")


def to_tensor(X):
    """ToTensor for a minibatch: (N, H, W, C) uint8 -> (N, C, H, W) float32 in [0, 1]."""
    return X.astype("float32").transpose((0, 3, 1, 2)) / 255


def random_flip_left_right(X):
    """RandomFlipLeftRight for a (N, C, H, W) minibatch: each image mirrored with probability 0.5, one nd.where."""
    flip = nd.random.uniform(shape=(X.shape[0],), ctx=X.context) < 0.5
    return nd.where(flip, nd.flip(X, axis=3), X)


def flip_aug(X):
    """The book's flip_aug (RandomFlipLeftRight, ToTensor) on a whole minibatch."""
    return random_flip_left_right(to_tensor(X))


def no_aug(X):
    """The book's no_aug (ToTensor) on a whole minibatch."""
    return to_tensor(X)
