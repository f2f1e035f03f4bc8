"""Forward and backward propagation of a one-hidden-layer MLP with L2 penalty, by hand. Book: §3.14.

z = W1 x, h = relu(z), o = W2 h, L = softmax cross entropy(o, y), s = (lambd/2)(|W1|_F^2 + |W2|_F^2), J = L + s.
"""
from mxnet import autograd, nd


def forward(x, y, W1, W2, lambd):
    """Return J and the intermediates (z, h, o) the backward pass needs. x: (d,), y: class index."""
    z = nd.dot(W1, x)
    h = nd.relu(z)
    o = nd.dot(W2, h)
    L = -nd.log_softmax(o)[int(y)]
    s = lambd / 2 * ((W1 ** 2).sum() + (W2 ** 2).sum())
    return L + s, (z, h, o)


def backward(x, y, W1, W2, lambd, z, h, o):
    """The book's order: dJ/do, dJ/dW2, dJ/dh, dJ/dz, dJ/dW1. Returns (dW1, dW2)."""
    dJ_do = nd.softmax(o) - nd.one_hot(nd.array([y]), o.shape[0])[0]
    dJ_dW2 = nd.dot(dJ_do.reshape((-1, 1)), h.reshape((1, -1))) + lambd * W2
    dJ_dh = nd.dot(W2.T, dJ_do)
    dJ_dz = dJ_dh * (z > 0)
    dJ_dW1 = nd.dot(dJ_dz.reshape((-1, 1)), x.reshape((1, -1))) + lambd * W1
    return dJ_dW1, dJ_dW2


def autograd_grads(x, y, W1, W2, lambd):
    """The same gradients from autograd."""
    W1, W2 = W1.copy(), W2.copy()
    for W in (W1, W2):
        W.attach_grad()
    with autograd.record():
        J, _ = forward(x, y, W1, W2, lambd)
    J.backward()
    return W1.grad, W2.grad
