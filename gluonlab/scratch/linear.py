"""Linear regression from scratch. Book: d2lzh.data_iter, linreg, squared_loss (§3.2)."""
import random

from mxnet import nd

from ..arguments import positive_int


def data_iter(batch_size, features, labels):
    """Shuffle with random.shuffle, yield (features.take(j), labels.take(j)). Book: d2lzh.data_iter.
    batch_size must be an integer of at least 1 (checked when called; the shuffle happens when iterated)."""
    return _data_iter(positive_int(batch_size, "batch_size"), features, labels)


def _data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i: min(i + batch_size, num_examples)])
        yield features.take(j), labels.take(j)


def linreg(X, w, b):
    """nd.dot(X, w) + b. Book: d2lzh.linreg."""
    return nd.dot(X, w) + b


def squared_loss(y_hat, y):
    """(y_hat - y.reshape(y_hat.shape)) ** 2 / 2, per element. Book: d2lzh.squared_loss."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
