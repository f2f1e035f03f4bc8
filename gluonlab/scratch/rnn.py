"""6.4 RNN from scratch. Book: d2l-zh v1 §6.4 (d2lzh.to_onehot, grad_clipping, predict_rnn)."""
import ast
from collections.abc import Sequence

from mxnet import nd

from ..arguments import non_empty, non_negative_number


class OneHotSteps(Sequence):
    """to_onehot's result: num_steps one-hot (batch_size, size) matrices, built only when read.

    Reading it (index, iterate) gives the book's list. The scratch cells read `.indices` instead: a one-hot row
    times W_x is row `index` of W_x, so `input_projections` looks the rows up (an Embedding) rather than
    multiplying (num_steps * batch_size) x size one-hot rows by W_x; the values are the same.
    `indices` is time-major (num_steps, batch_size); a Symbol there (HybridUnrolled) comes with num_steps.
    Indices must lie in [0, size), as the corpus's do: a one-hot row of an index outside is all zeros, while
    the lookup (nd.take, mode 'clip') would read the nearest row.
    """

    def __init__(self, indices, size, num_steps=None):
        self.indices, self.size, self._matrices = indices, size, None
        self.num_steps = indices.shape[0] if num_steps is None else num_steps

    def __len__(self):
        return self.num_steps

    def __getitem__(self, i):
        if self._matrices is None:
            self._matrices = [nd.one_hot(x, self.size) for x in self.indices]
        return self._matrices[i]


def to_onehot(X, size):
    """(batch_size, num_steps) indices -> list of num_steps one-hot matrices (batch_size, size)."""
    return OneHotSteps(X.T, size)


def dim(W, axis):
    """W.shape[axis] of an NDArray, or of a Symbol carrying a __shape__ attribute (HybridUnrolled sets it)."""
    if isinstance(W, nd.NDArray):
        return W.shape[axis]
    return ast.literal_eval(W.attr("__shape__"))[axis]


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


def input_projections(inputs, W_xs, biases=(), F=nd):
    """X_t [W_x1 | W_x2 | ...] + [b_1 | b_2 | ...] for every step at once: a (num_steps * batch, widths) matrix.

    The book computes X_t W_x step by step and gate by gate, adding b inside every step; stacking the steps and
    the gates gives the same products in one operation (and the biases in one addition instead of one per step).
    One-hot inputs from to_onehot are looked up (row `index` of W_x, an Embedding) rather than multiplied.
    """
    W_x = _stack(F, W_xs, dim=1)
    if isinstance(inputs, OneHotSteps):
        XW = F.take(W_x, F.reshape(inputs.indices, (-1,)))
    else:
        XW = F.dot(F.concat(*inputs, dim=0), W_x)
    return F.broadcast_add(XW, _stack(F, biases, dim=0)) if biases else XW


class StepOutputs(list):
    """The book's list of per-step outputs, which also keeps the (num_steps * batch, n) matrix they were split from
    (`whole`): a caller that wants all steps stacked (HybridUnrolled) takes it instead of concatenating the list."""

    def __init__(self, items, whole):
        super().__init__(items)
        self.whole = whole


def output_layer(Hs, W_hq, b_q, F=nd):
    """Y_t = H_t W_hq + b_q for every step in one product; a list of (batch, num_outputs) outputs (StepOutputs)."""
    Y = affine(F.concat(*Hs, dim=0), F.transpose(W_hq), b_q, dim(W_hq, 1), F)
    return StepOutputs(steps(Y, len(Hs), F), Y)


def affine(X, W_T, b, num_hidden, F=nd):
    """X W + b in one FullyConnected, given W transposed (W_T: (num_hidden, inputs)).

    Same values as nd.dot(X, W) + b; on a CPU the FullyConnected operator (oneDNN's inner product, bias
    included) takes 0.44 ms forward and back for a (32, 256) x (256, 768) product where dot takes 0.74 ms, and
    a broadcast bias addition costs more than the product in its backward pass (a slow reduction).
    """
    return F.FullyConnected(X, W_T, b, num_hidden=num_hidden)


def steps(M, num_steps, F=nd):
    """The (num_steps * batch, n) rows of M as a list of num_steps (batch, n) matrices."""
    if num_steps == 1:
        return [M]
    return list(F.split(M, num_outputs=num_steps, axis=0))


def _stack(F, arrays, dim):
    return arrays[0] if len(arrays) == 1 else F.concat(*arrays, dim=dim)


def sigmoid(X, F=nd):
    """nd.sigmoid's values through the Activation operator (its CPU kernel is about 1.5x faster forward and back)."""
    return F.Activation(X, act_type="sigmoid")


def tanh(X, F=nd):
    """nd.tanh's values through the Activation operator (about 2x faster forward and back on a CPU)."""
    return F.Activation(X, act_type="tanh")


def columns(M, start, stop, F=nd):
    """M[:, start:stop] (a view in the graph)."""
    return F.slice_axis(M, axis=1, begin=start, end=stop)


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None):
    """[W_xh, W_hh, b_h, W_hq, b_q]: weights N(0, 0.01^2), biases zero."""
    return normal_params(*gate_shapes(num_inputs, num_hiddens, 1), (num_hiddens, num_outputs), (num_outputs,),
                         ctx=ctx)


def init_rnn_state(batch_size, num_hiddens, ctx=None):
    """A tuple with one zero (batch_size, num_hiddens) matrix (a tuple so the LSTM can carry two)."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx),)


def rnn(inputs, state, params, F=nd):
    """H = tanh(X W_xh + H W_hh + b_h), Y = H W_hq + b_q per step; returns (outputs, (H,)).

    F: nd, or mxnet.symbol inside HybridUnrolled (one graph per minibatch); the same operators either way.
    """
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    Hs = []
    W_hh_T = F.transpose(W_hh)
    for XW in steps(input_projections(inputs, [W_xh], F=F), len(inputs), F):
        H = tanh(F.elemwise_add(XW, affine(H, W_hh_T, b_h, dim(W_hh, 0), F)), F)
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q, F), (H,)


def global_norm(grads):
    """||g|| of all gradients as one vector: a (1,) NDArray on their device, not read back (no synchronisation).

    Each squared norm is one 1-D dot g.g (BLAS sdot): relative error ~2e-7 against float64, where the book's
    (g ** 2).sum() costs about 20 ms a minibatch for the 6.7 GRU on a CPU. For the 6.8 LSTM's 14 gradients
    (2 threads) the 1-D dots take 0.8 ms; g as a (1, n) by (n, 1) matrix product (GEMM) is as accurate (4e-7)
    but takes 3.1 ms; multi_sum_sq would take 0.6 ms but sums in float32 sequentially (3e-5 to 7e-5 off), as
    does nd.norm (6 ms); concatenating the gradients into one dot copies them and is 4e-6 off.
    """
    flat = [g.reshape((-1,)) for g in grads]
    return nd.add_n(*[nd.dot(f, f) for f in flat]).sqrt()


def clip_factor(grads, theta):
    """min(theta / ||g||, 1) as a (1,) NDArray: exactly 1 at or below theta (and for a zero gradient)."""
    return nd.minimum(theta / global_norm(grads), 1.0)


def grad_clipping(params, theta, ctx=None):
    """g <- min(theta / ||g||, 1) g over all gradients as one vector; theta None leaves them alone.

    The book compares the norm in Python (one synchronisation per minibatch); the factor is computed on the
    device instead (global_norm), which gives the same gradients (a factor of exactly 1 below theta), and the
    gradients are scaled in place. The trainers fuse clipping with their SGD step instead (clip_sgd_update).
    An empty params, or a theta that is negative (it would flip the gradients' sign), NaN or not a number, is a
    ValueError or TypeError naming it.
    """
    params = non_empty(params, "params")
    if theta is not None:
        clip_gradients([param.grad for param in params], non_negative_number(theta, "theta"))


def clip_gradients(grads, theta):
    """grad_clipping on the gradient arrays themselves: each g <- min(theta / ||g||, 1) g, in place."""
    scale = clip_factor(grads, theta)
    for grad in grads:
        nd.broadcast_mul(grad, scale.reshape((1,) * grad.ndim), out=grad)


def clip_sgd_update(weights, grads, lr, theta, rescale_grad=1.0):
    """In place: w <- w - lr * rescale_grad * min(theta / ||g||, 1) * g for every weight, ||g|| over all grads.

    grad_clipping then sgd_update (the book's grad_clipping then sgd(params, lr, 1), or trainer.step(1)), with
    the clipping factor folded into the learning rate on the device: nothing synchronises and no gradient is
    scaled (they are left as backward wrote them). `lr`: one float, or one per weight; theta None: sgd_update.

    MXNet's lamb_update_phase2(w, g, r1, r2, lr) computes w - (lr * r1 / r2) * g with r1, r2 (1,) NDArrays (the
    LAMB trust ratio; its bounds unused). Here r1 = rescale_grad and r2 = max(||g|| / theta, 1), exactly 1 at or
    below theta, so the weights are then sgd_update's bit for bit. Above it, (lr / (||g|| / theta)) * g rounds
    differently from the book's lr * (g * (theta / ||g||)): within a float32 ulp or two of the update
    (tests/test_clip_step.py). preloaded_multi_sgd_update (all weights in one operator, learning rates an
    NDArray) gives the same values but its kernel interleaves the weights: 2.1 ms instead of 1.5 for the Gluon
    LSTM's 6 weights. Measured (2 threads, the 6.8 LSTM's gradients, norm included): 1.9 ms instead of 4.6
    (Gluon, 6 weights) and 2.8 ms instead of 5.6 (scratch, 14 weights) for grad_clipping then sgd_update; a
    6.8 minibatch at the book's settings, 33-37 ms instead of 35-41 (scratch), 35-36 instead of 39-40 (Gluon).
    """
    rates = [lr] * len(weights) if isinstance(lr, (int, float)) else list(lr)
    if len(rates) != len(weights):
        raise ValueError(f"{len(rates)} learning rates for {len(weights)} weights")
    if theta is None or not theta > 0 or not rescale_grad > 0 or not weights:      # theta <= 0: the book's way
        if theta is not None:
            clip_gradients(grads, theta)
        for weight, grad, rate in zip(weights, grads, rates):
            nd.sgd_update(weight, grad, lr=rate, wd=0.0, rescale_grad=rescale_grad, out=weight)
        return
    ctx = weights[0].context
    r1 = nd.full((1,), rescale_grad, ctx=ctx, dtype=weights[0].dtype)
    r2 = nd.maximum(global_norm(grads) / theta, 1.0)
    for weight, grad, rate in zip(weights, grads, rates):
        nd.lamb_update_phase2(weight, grad, r1, r2, lr=rate, out=weight)


def greedy_generate(prefixes, num_chars, step, idx_to_char, char_to_idx):
    """The book's generation scheme: feed a prefix one character at a time, then append `num_chars` argmax
    characters. `prefixes`: one str, or a list generated together, one row each (gluonlab: predictions
    batched). `step(indices)` feeds one character index per row and returns the (rows, vocab) outputs.

    Rows never interact, so each row's text is the book's for its prefix; batched products round differently
    in the last bits (1e-8 here), so only an exact near-tie between two characters could go the other way.
    Returns a str for a str prefix, else a list of str.
    """
    single = isinstance(prefixes, str)
    prefixes = [prefixes] if single else list(prefixes)
    outputs = [[char_to_idx[p[0]]] for p in prefixes]
    for t in range(num_chars + max(len(p) for p in prefixes) - 1):
        guesses = step([o[-1] for o in outputs]).argmax(axis=1).asnumpy()
        for p, o, guess in zip(prefixes, outputs, guesses):
            if t < len(p) - 1:
                o.append(char_to_idx[p[t + 1]])
            elif len(o) < len(p) + num_chars:
                o.append(int(guess))
    texts = ["".join(idx_to_char[i] for i in o) for o in outputs]
    return texts[0] if single else texts


def predict_rnn(prefix, num_chars, rnn, params, init_rnn_state, num_hiddens, vocab_size, ctx, idx_to_char,
                char_to_idx):
    """Feed `prefix`, then greedily append `num_chars` argmax characters. Book: d2lzh.predict_rnn.

    A list of prefixes generates them together, one row each (greedy_generate)."""
    state = init_rnn_state(1 if isinstance(prefix, str) else len(prefix), num_hiddens, ctx)

    def step(indices):
        nonlocal state
        Y, state = rnn(to_onehot(nd.array(indices, ctx=ctx).reshape((-1, 1)), vocab_size), state, params)
        return Y[0]
    return greedy_generate(prefix, num_chars, step, idx_to_char, char_to_idx)
