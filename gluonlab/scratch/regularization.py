"""ReLU, L2 penalty and inverted dropout from scratch. Book: §3.9, §3.12, §3.13."""
from mxnet import nd


def relu(X):
    """nd.maximum(X, 0), as the book writes it (not the built-in)."""
    return nd.maximum(X, 0)


def l2_penalty(w):
    """(w ** 2).sum() / 2."""
    return (w ** 2).sum() / 2


def dropout(X, drop_prob):
    """Inverted dropout: zero each element with probability drop_prob, scale survivors by 1/(1 - p)."""
    assert 0 <= drop_prob <= 1
    keep_prob = 1 - drop_prob
    if keep_prob == 0:
        return X.zeros_like()
    mask = nd.random.uniform(0, 1, X.shape, ctx=X.context) < keep_prob
    return mask * X / keep_prob
