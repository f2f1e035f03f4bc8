"""6.4, 6.6-6.8 scratch cells against their oracles: numpy equations, gluon.rnn layers, autograd."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, gluon, nd

from gluonlab.scratch import bptt, gru, lstm
from gluonlab.scratch.rnn import grad_clipping, init_rnn_state, rnn, to_onehot

I, H, B, T = 5, 4, 3, 6          # inputs, hiddens, batch, steps


def _with_grads(*grads):
    params = [nd.zeros(np.shape(g)) for g in grads]
    for p, g in zip(params, grads):
        p.attach_grad()
        p.grad[:] = nd.array(g)
    return params


def test_grad_clipping_scales_to_theta_exactly_when_above():
    rng = np.random.RandomState(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=(4,))]
    norm = np.sqrt(sum((g ** 2).sum() for g in grads))
    params = _with_grads(*grads)
    grad_clipping(params, norm / 10, None)
    for p, g in zip(params, grads):
        np.testing.assert_allclose(p.grad.asnumpy(), g / 10, rtol=1e-5)
    assert np.sqrt(sum((p.grad.asnumpy() ** 2).sum() for p in params)) == pytest.approx(norm / 10, rel=1e-5)


@pytest.mark.parametrize("theta", [None, 1e3])
def test_grad_clipping_leaves_gradients_alone_below_theta(theta):
    grads = [np.arange(6, dtype=np.float32).reshape(2, 3) / 7, np.array([0.1, -0.3], dtype=np.float32)]
    params = _with_grads(*grads)
    grad_clipping(params, theta, None)
    for p, g in zip(params, grads):
        np.testing.assert_array_equal(p.grad.asnumpy(), g)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _inputs(seed=0):
    rng = np.random.RandomState(seed)
    return [nd.array(rng.normal(size=(B, I))) for _ in range(T)], rng


def _identity_head(params):
    """Output layer W_hq = I, b_q = 0, so each scratch output is the hidden state itself."""
    params[-2][:] = nd.eye(H)
    params[-1][:] = 0
    return params


def test_scratch_rnn_is_tanh_of_the_books_equation():
    inputs, rng = _inputs()
    W_xh, W_hh, b_h, W_hq, b_q = [rng.normal(size=s) for s in [(I, H), (H, H), (H,), (H, 2), (2,)]]
    outputs, (H_end,) = rnn(inputs, init_rnn_state(B, H), [nd.array(a) for a in (W_xh, W_hh, b_h, W_hq, b_q)])
    h = np.zeros((B, H))
    for X, Y in zip(inputs, outputs):
        h = np.tanh(X.asnumpy() @ W_xh + h @ W_hh + b_h)
        np.testing.assert_allclose(Y.asnumpy(), h @ W_hq + b_q, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(H_end.asnumpy(), h, rtol=1e-4, atol=1e-5)


def test_scratch_gru_equals_the_books_equations_in_numpy():
    inputs, rng = _inputs(1)
    params = [nd.array(rng.normal(scale=0.5, size=p.shape)) for p in gru.get_params(I, H, 3)]
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = [p.asnumpy() for p in params]
    outputs, _ = gru.gru(inputs, gru.init_gru_state(B, H), params)
    h = np.zeros((B, H))
    for X, Y in zip(inputs, outputs):
        X = X.asnumpy()
        Z = _sigmoid(X @ W_xz + h @ W_hz + b_z)
        R = _sigmoid(X @ W_xr + h @ W_hr + b_r)
        H_tilda = np.tanh(X @ W_xh + (R * h) @ W_hh + b_h)
        h = Z * h + (1 - Z) * H_tilda
        np.testing.assert_allclose(Y.asnumpy(), h @ W_hq + b_q, rtol=1e-4, atol=1e-5)


def _gluon_layer(layer, seed):
    """Initialize a gluon.rnn layer with random weights and biases; return it and its numpy parameters."""
    layer.initialize()
    layer(nd.zeros((T, B, I)))
    rng = np.random.RandomState(seed)
    values = {}
    for name, p in layer.collect_params().items():
        p.set_data(nd.array(rng.normal(scale=0.5, size=p.shape)))
        values[name.split("_", 1)[1]] = p.data().asnumpy()        # 'l0_i2h_weight', ...
    return layer, values


def _run_layer(layer, inputs, states):
    return layer(nd.stack(*inputs), states)[0]                     # (T, B, H)


def test_reset_after_gru_equals_gluon_gru_with_the_same_weights():
    layer, v = _gluon_layer(gluon.rnn.GRU(H), 2)
    Wi, Wh, bi, bh = (np.split(v[k], 3) for k in ("l0_i2h_weight", "l0_h2h_weight", "l0_i2h_bias", "l0_h2h_bias"))
    r, z, n = 0, 1, 2                                              # gluon's gate order [r, z, n]
    scratch = [Wi[z].T, Wh[z].T, bi[z] + bh[z], Wi[r].T, Wh[r].T, bi[r] + bh[r], Wi[n].T, Wh[n].T, bi[n],
               np.eye(H), np.zeros(H), bh[n]]                      # b_hh: recurrent candidate bias inside R * (.)
    inputs, _ = _inputs(3)
    outputs, _ = gru.gru_reset_after(inputs, gru.init_gru_state(B, H), [nd.array(a) for a in scratch])
    expected = _run_layer(layer, inputs, layer.begin_state(B))
    np.testing.assert_allclose(nd.stack(*outputs).asnumpy(), expected.asnumpy(), rtol=1e-4, atol=1e-5)
    book, _ = gru.gru(inputs, gru.init_gru_state(B, H), [nd.array(a) for a in scratch[:11]])
    assert not np.allclose(nd.stack(*book).asnumpy(), expected.asnumpy(), atol=1e-3), "the two forms differ"


def test_scratch_lstm_equals_gluon_lstm_with_the_same_weights():
    layer, v = _gluon_layer(gluon.rnn.LSTM(H), 4)
    Wi, Wh, bi, bh = (np.split(v[k], 4) for k in ("l0_i2h_weight", "l0_h2h_weight", "l0_i2h_bias", "l0_h2h_bias"))
    scratch = []
    for g in (0, 1, 3, 2):                     # scratch [i, f, o, c] from gluon's [i, f, c, o]
        scratch += [Wi[g].T, Wh[g].T, bi[g] + bh[g]]
    scratch += [np.eye(H), np.zeros(H)]
    inputs, rng = _inputs(5)
    h0, c0 = rng.normal(size=(B, H)), rng.normal(size=(B, H))
    outputs, (H_end, C_end) = lstm.lstm(inputs, (nd.array(h0), nd.array(c0)), [nd.array(a) for a in scratch])
    Y, (h, c) = layer(nd.stack(*inputs), [nd.array(h0[None]), nd.array(c0[None])])
    np.testing.assert_allclose(nd.stack(*outputs).asnumpy(), Y.asnumpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(C_end.asnumpy(), c[0].asnumpy(), rtol=1e-4, atol=1e-5)


def test_lstm_gate_mapping_matters():
    """The check above can fail: gluon's order taken as the scratch order gives other outputs."""
    layer, v = _gluon_layer(gluon.rnn.LSTM(H), 4)
    Wi, Wh, bi, bh = (np.split(v[k], 4) for k in ("l0_i2h_weight", "l0_h2h_weight", "l0_i2h_bias", "l0_h2h_bias"))
    scratch = [a for g in range(4) for a in (Wi[g].T, Wh[g].T, bi[g] + bh[g])] + [np.eye(H), np.zeros(H)]
    inputs, _ = _inputs(5)
    outputs, _ = lstm.lstm(inputs, lstm.init_lstm_state(B, H), [nd.array(a) for a in scratch])
    Y = _run_layer(layer, inputs, layer.begin_state(B))
    assert not np.allclose(nd.stack(*outputs).asnumpy(), Y.asnumpy(), atol=1e-3)


def _linear_rnn(seed=0, d=3, h=4, q=2, steps=5):
    rng = np.random.RandomState(seed)
    arrays = [rng.normal(size=s) for s in [(steps, d), (steps, q), (h, d), (h, h), (q, h)]]
    return [nd.array(a, dtype="float64") for a in arrays]


def test_bptt_recursion_equals_autograd():
    xs, ys, W_hx, W_hh, W_qh = _linear_rnn()
    *ours, dhs, dos = bptt.bptt(xs, ys, W_hx, W_hh, W_qh)
    for a, b in zip(ours, bptt.autograd_grads(xs, ys, W_hx, W_hh, W_qh)):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-10)
    for t in range(1, len(dhs) + 1):                     # the unrolled sum of powers of W_hh^T
        np.testing.assert_allclose(bptt.dh_unrolled(t, dos, W_hh, W_qh).asnumpy(), dhs[t - 1].asnumpy(),
                                   rtol=1e-10)


def test_bptt_check_can_fail():
    xs, ys, W_hx, W_hh, W_qh = _linear_rnn()
    dW_hx, dW_hh, _, _, _ = bptt.bptt(xs, ys, W_hx, W_hh.T, W_qh)          # a planted transpose
    assert not np.allclose(dW_hh.asnumpy(), bptt.autograd_grads(xs, ys, W_hx, W_hh, W_qh)[1].asnumpy())


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_fused_scratch_cells_equal_the_books_cells_with_gradients(cell):
    """Ours stacks the steps' and gates' products into few GEMMs; outputs, state and every gradient equal the book's."""
    from gluonlab.reference.book_rnn import BOOK_CELLS
    from gluonlab.scratch import gru, lstm, rnn
    module = {"rnn": rnn, "gru": gru, "lstm": lstm}[cell]
    ours, book, init_state = getattr(module, cell), BOOK_CELLS[cell], getattr(module, f"init_{cell}_state")
    V, h, batch, steps = 11, 6, 3, 5
    mx.random.seed(4)
    params = module.get_params(V, h, V)
    for p in params:
        p[:] = nd.random.normal(scale=0.5, shape=p.shape)      # large enough that every gate matters
    twins = [[p.copy() for p in params] for _ in range(2)]
    X = nd.array(np.random.RandomState(0).randint(0, V, size=(batch, steps)))
    results = []
    for fn, ps in ((ours, twins[0]), (book, twins[1])):
        for p in ps:
            p.attach_grad()
        state = tuple(s + 0.3 for s in init_state(batch, h))
        with autograd.record():
            outputs, new_state = fn(to_onehot(X, V), state, ps)
            loss = (nd.concat(*outputs, dim=0) ** 2).sum() + sum((s ** 3).sum() for s in new_state)
        loss.backward()
        results.append(([o.asnumpy() for o in outputs], [s.asnumpy() for s in new_state],
                        [p.grad.asnumpy() for p in ps]))
    for a, b in zip(*results):
        assert len(a) == len(b)
        for x, y in zip(a, b):       # float32 rounding (summation order, Activation kernels) relative to the array
            np.testing.assert_allclose(x, y, rtol=1e-5, atol=1e-6 * max(1.0, np.abs(y).max()))
