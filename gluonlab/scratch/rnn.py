"""6.4 RNN from scratch. Book: d2l-zh v1 §6.4 (d2lzh.to_onehot, grad_clipping, predict_rnn)."""
from mxnet import nd


def to_onehot(X, size):
    """(batch_size, num_steps) indices -> list of num_steps one-hot matrices (batch_size, size)."""
    return [nd.one_hot(x, size) for x in X.T]


def normal_params(*shapes, ctx=None):
    """N(0, 0.01^2) weights for 2-D shapes, zeros for 1-D shapes, each with a gradient buffer."""
    params = [nd.random.normal(scale=0.01, shape=s, ctx=ctx) if len(s) == 2 else nd.zeros(s, ctx=ctx)
              for s in shapes]
    for param in params:
        param.attach_grad()
    return params


def gate_shapes(num_inputs, num_hiddens, count):
    """`count` triples (W_x (num_inputs, h), W_h (h, h), b (h,)) in order."""
    return [(num_inputs, num_hiddens), (num_hiddens, num_hiddens), (num_hiddens,)] * count


def input_projections(inputs, *W_xs):
    """X_t [W_x1 | W_x2 | ...] for every step in ONE matrix product: a list of (batch, sum of widths) slabs.

    The book computes X_t W_x step by step and gate by gate; stacking the steps and the gates gives the same
    products (the one-hot rows pick rows of W_x) in one large GEMM instead of num_steps * gates small ones.
    """
    W_x = W_xs[0] if len(W_xs) == 1 else nd.concat(*W_xs, dim=1)
    XW = nd.dot(nd.concat(*inputs, dim=0), W_x)
    return _split_steps(XW, len(inputs))


def output_layer(Hs, W_hq, b_q):
    """Y_t = H_t W_hq + b_q for every step in one GEMM; a list of (batch, num_outputs) outputs."""
    return _split_steps(nd.dot(nd.concat(*Hs, dim=0), W_hq) + b_q, len(Hs))


def _split_steps(M, num_steps):
    if num_steps == 1:
        return [M]
    return list(nd.split(M, num_outputs=num_steps, axis=0))


def columns(M, start, stop):
    """M[:, start:stop] (a view in the graph)."""
    return nd.slice_axis(M, axis=1, begin=start, end=stop)


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None):
    """[W_xh, W_hh, b_h, W_hq, b_q]: weights N(0, 0.01^2), biases zero."""
    return normal_params(*gate_shapes(num_inputs, num_hiddens, 1), (num_hiddens, num_outputs), (num_outputs,),
                         ctx=ctx)


def init_rnn_state(batch_size, num_hiddens, ctx=None):
    """A tuple with one zero (batch_size, num_hiddens) matrix (a tuple so the LSTM can carry two)."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx),)


def rnn(inputs, state, params):
    """H = tanh(X W_xh + H W_hh + b_h), Y = H W_hq + b_q per step; returns (outputs, (H,))."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    Hs = []
    for XW in input_projections(inputs, W_xh):          # X W_xh of every step in one product
        H = nd.tanh(XW + nd.dot(H, W_hh) + b_h)
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q), (H,)


def grad_clipping(params, theta, ctx=None):
    """g <- min(theta / ||g||, 1) g over all gradients as one vector; theta None leaves them alone.

    The book compares the norm in Python (one synchronisation per minibatch); the factor is computed on the
    device instead, which gives the same gradients (a factor of exactly 1 below theta).
    """
    if theta is None:
        return
    norm = nd.add_n(*[(param.grad ** 2).sum() for param in params]).sqrt()
    scale = nd.minimum(theta / norm, nd.ones_like(norm))
    for param in params:
        param.grad[:] = nd.broadcast_mul(param.grad, scale.reshape((1,) * param.grad.ndim))


def greedy_generate(prefix, num_chars, step, idx_to_char, char_to_idx):
    """The book's generation scheme: feed `prefix` one character at a time, then append `num_chars` argmax
    characters. `step(index)` feeds one character index and returns the (1, vocab) output of that step."""
    output = [char_to_idx[prefix[0]]]
    for t in range(num_chars + len(prefix) - 1):
        Y = step(output[-1])
        if t < len(prefix) - 1:
            output.append(char_to_idx[prefix[t + 1]])
        else:
            output.append(int(Y.argmax(axis=1).asscalar()))
    return "".join([idx_to_char[i] for i in output])


def predict_rnn(prefix, num_chars, rnn, params, init_rnn_state, num_hiddens, vocab_size, ctx, idx_to_char,
                char_to_idx):
    """Feed `prefix`, then greedily append `num_chars` argmax characters. Book: d2lzh.predict_rnn."""
    state = init_rnn_state(1, num_hiddens, ctx)

    def step(index):
        nonlocal state
        Y, state = rnn(to_onehot(nd.array([index], ctx=ctx), vocab_size), state, params)
        return Y[0]
    return greedy_generate(prefix, num_chars, step, idx_to_char, char_to_idx)
