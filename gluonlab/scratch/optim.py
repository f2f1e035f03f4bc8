"""Minibatch SGD from scratch. Book: d2lzh.sgd."""
from mxnet import nd


def sgd(params, lr, batch_size):
    """In place: param <- param - lr * grad / batch_size. Book: d2lzh.sgd.

    When batch_size is a power of two (1 in the RNN trainers, whose loss is already a mean; 256 in chapter 3),
    MXNet's sgd_update gives the book's values bit for bit in one operator instead of four (about 6x faster:
    0.3 s of a 1 s epoch for the 3.9 MLP): dividing by a power of two is exact, so (lr * grad) / batch_size and
    (lr / batch_size) * grad round alike. Other batch sizes (3.2's 10) keep the book's expression, whose
    rounding sgd_update would not reproduce.
    """
    exact = batch_size > 0 and float(batch_size).is_integer() and int(batch_size) & (int(batch_size) - 1) == 0
    for param in params:
        if exact:
            nd.sgd_update(param, param.grad, lr=lr, wd=0, rescale_grad=1.0 / batch_size, out=param)
        else:
            param[:] = param - lr * param.grad / batch_size
