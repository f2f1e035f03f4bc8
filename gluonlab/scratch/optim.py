"""Minibatch SGD from scratch. Book: d2lzh.sgd."""
from mxnet import nd


def sgd(params, lr, batch_size):
    """In place: param <- param - lr * grad / batch_size. Book: d2lzh.sgd.

    With batch_size 1 (the RNN trainers' loss is already a mean) MXNet's sgd_update computes the same values,
    (1 - lr * 0) * param - (lr * 1) * grad, in one operator instead of four (5x faster); other batch sizes keep
    the book's expression, whose rounding ((lr * grad) / batch_size) sgd_update would not reproduce.
    """
    for param in params:
        if batch_size == 1:
            nd.sgd_update(param, param.grad, lr=lr, wd=0, out=param)
        else:
            param[:] = param - lr * param.grad / batch_size
