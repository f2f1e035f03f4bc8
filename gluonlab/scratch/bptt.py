"""6.6 Back-propagation through time on the book's linear RNN. Book: d2l-zh v1 §6.6 (equations only).

h_t = W_hx x_t + W_hh h_{t-1} (h_0 = 0), o_t = W_qh h_t, L = (1/T) sum_t l(o_t, y_t) with l = |o_t - y_t|^2 / 2.
Vectors are columns; xs (T, d), ys (T, q).
"""
from mxnet import autograd, nd


def forward(xs, ys, W_hx, W_hh, W_qh):
    """L and the hidden states hs (T + 1 entries, hs[0] = 0) and outputs o_t."""
    hs, outs = [nd.zeros((W_hh.shape[0],), dtype=W_hh.dtype)], []
    for x in xs:
        hs.append(nd.dot(W_hx, x) + nd.dot(W_hh, hs[-1]))
        outs.append(nd.dot(W_qh, hs[-1]))
    L = nd.add_n(*[((o - y) ** 2).sum() / 2 for o, y in zip(outs, ys)]) / len(outs)
    return L, hs, outs


def bptt(xs, ys, W_hx, W_hh, W_qh):
    """(dL/dW_hx, dL/dW_hh, dL/dW_qh, [dL/dh_t], [dL/do_t]) by the book's recursion, from t = T down to 1."""
    L, hs, outs = forward(xs, ys, W_hx, W_hh, W_qh)
    T = len(outs)
    dos = [(o - y) / T for o, y in zip(outs, ys)]                     # dL/do_t
    dhs = [None] * T
    dhs[T - 1] = nd.dot(W_qh.T, dos[T - 1])
    for t in range(T - 2, -1, -1):
        dhs[t] = nd.dot(W_hh.T, dhs[t + 1]) + nd.dot(W_qh.T, dos[t])
    outer = lambda a, b: nd.dot(a.reshape((-1, 1)), b.reshape((1, -1)))    # noqa: E731
    dW_qh = nd.add_n(*[outer(do, h) for do, h in zip(dos, hs[1:])])
    dW_hx = nd.add_n(*[outer(dh, x) for dh, x in zip(dhs, xs)])
    dW_hh = nd.add_n(*[outer(dh, h) for dh, h in zip(dhs, hs[:-1])])
    return dW_hx, dW_hh, dW_qh, dhs, dos


def dh_unrolled(t, dos, W_hh, W_qh):
    """dL/dh_t = sum_{i=t}^{T} (W_hh^T)^{T-i} W_qh^T dL/do_{T+t-i} (1-based t), the recursion unrolled."""
    T = len(dos)
    total = 0
    for i in range(t, T + 1):
        power = nd.eye(W_hh.shape[0], dtype=W_hh.dtype)
        for _ in range(T - i):
            power = nd.dot(W_hh.T, power)
        total = total + nd.dot(power, nd.dot(W_qh.T, dos[T + t - i - 1]))
    return total


def autograd_grads(xs, ys, W_hx, W_hh, W_qh):
    """The same three weight gradients from autograd."""
    Ws = [W.copy() for W in (W_hx, W_hh, W_qh)]
    for W in Ws:
        W.attach_grad()
    with autograd.record():
        L, _, _ = forward(xs, ys, *Ws)
    L.backward()
    return [W.grad for W in Ws]
