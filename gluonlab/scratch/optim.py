"""Minibatch SGD from scratch. Book: d2lzh.sgd."""


def sgd(params, lr, batch_size):
    """In place: param <- param - lr * grad / batch_size. Book: d2lzh.sgd."""
    for param in params:
        param[:] = param - lr * param.grad / batch_size
