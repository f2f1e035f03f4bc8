"""scratch.traced: the book's own `nd.` cells as one traced graph per minibatch, equal to the cells run step by step,
and an imperative fallback for cells that do not trace."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, nd

from gluonlab.reference.book_rnn import BOOK_CELLS, _book_params
from gluonlab.scratch.gru import init_gru_state
from gluonlab.scratch.lstm import init_lstm_state
from gluonlab.scratch.rnn import init_rnn_state, to_onehot
from gluonlab.scratch.traced import TracedUnrolled, trace_or_none

V, HID, BATCH, STEPS = 13, 8, 4, 6
INIT = {"rnn": init_rnn_state, "gru": init_gru_state, "lstm": init_lstm_state}


def _params(cell_name):
    mx.random.seed(3)
    if cell_name == "rnn":
        shapes = [(V, HID), (HID, HID), (HID,), (HID, V), (V,)]
        params = [nd.random.normal(scale=0.3, shape=s) for s in shapes]
        for p in params:
            p.attach_grad()
        return params
    params = _book_params(cell_name, V, HID)()
    for p in params:
        p[:] = nd.random.normal(scale=0.3, shape=p.shape)
    return params


def _forward_backward(cell, X, state, params, block=None):
    with autograd.record():
        if block is None:
            outputs, new_state = cell(to_onehot(X, V), state, params)
            outputs = nd.concat(*outputs, dim=0)
        else:
            outputs, *new_state = block(X, *state, *params)
        loss = (outputs ** 2).mean() + sum((s ** 2).mean() for s in new_state)
    loss.backward()
    return outputs.asnumpy(), [s.asnumpy() for s in new_state], [p.grad.asnumpy().copy() for p in params]


@pytest.mark.parametrize("cell_name", sorted(BOOK_CELLS))
def test_traced_book_cell_equals_the_cell_step_by_step(cell_name):
    cell, params = BOOK_CELLS[cell_name], _params(cell_name)
    X = nd.array(np.random.RandomState(0).randint(0, V, size=(BATCH, STEPS)))
    state = tuple(nd.random.normal(scale=0.5, shape=s.shape) for s in INIT[cell_name](BATCH, HID))
    block = trace_or_none(cell, X, state, params, V)
    assert isinstance(block, TracedUnrolled)
    expected = _forward_backward(cell, X, state, params)
    got = _forward_backward(cell, X, state, params, block)
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-5, atol=1e-6)
    for a, b in zip(got[1] + got[2], expected[1] + expected[2]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_one_hot_products_become_row_lookups():
    params = _params("rnn")
    X = nd.array(np.random.RandomState(1).randint(0, V, size=(BATCH, STEPS)))
    block = trace_or_none(BOOK_CELLS["rnn"], X, init_rnn_state(BATCH, HID), params, V)
    ops = {node["op"] for node in __import__("json").loads(block._cached_graph[1].tojson())["nodes"]}
    assert "take" in ops and "one_hot" not in ops      # no one-hot matrix is built: only row lookups


def test_cells_that_do_not_trace_or_disagree_run_imperatively():
    params = _params("rnn")
    X = nd.array(np.random.RandomState(2).randint(0, V, size=(BATCH, STEPS)))
    state = init_rnn_state(BATCH, HID)

    def reads_shapes(inputs, state, params):           # a symbol has no .shape: tracing fails
        W_xh, W_hh, b_h, W_hq, b_q = params
        H, = state
        outputs = []
        for X_t in inputs:
            H = nd.tanh(nd.dot(X_t, W_xh) + nd.dot(H, W_hh) + b_h + nd.zeros(X_t.shape[0]).reshape((-1, 1)))
            outputs.append(nd.dot(H, W_hq) + b_q)
        return outputs, (H,)

    def draws_noise(inputs, state, params):            # traces, but two runs draw different noise
        W_xh, W_hh, b_h, W_hq, b_q = params
        H, = state
        outputs = []
        for X_t in inputs:
            H = nd.tanh(nd.dot(X_t, W_xh) + nd.dot(H, W_hh) + b_h) * nd.random.uniform(0.5, 1.5, shape=(BATCH, HID))
            outputs.append(nd.dot(H, W_hq) + b_q)
        return outputs, (H,)

    assert trace_or_none(reads_shapes, X, state, params, V) is None
    assert trace_or_none(draws_noise, X, state, params, V) is None
    assert trace_or_none(BOOK_CELLS["rnn"], X, state, params, V) is not None


def test_trainer_falls_back_and_still_trains():
    from gluonlab.train.rnn import train_and_predict_rnn
    corpus = list(np.random.RandomState(4).randint(0, V, size=400))
    chars = [chr(0x4e00 + i) for i in range(V)]
    char_to_idx = {c: i for i, c in enumerate(chars)}

    def untraceable(inputs, state, params):
        W_xh, W_hh, b_h, W_hq, b_q = params
        H, = state
        outputs = []
        for X_t in inputs:
            assert X_t.shape[1] == V                     # symbols have no shape: the trace fails here
            H = nd.tanh(nd.dot(X_t, W_xh) + nd.dot(H, W_hh) + b_h)
            outputs.append(nd.dot(H, W_hq) + b_q)
        return outputs, (H,)

    history = {}
    for name, cell in (("book", BOOK_CELLS["rnn"]), ("fallback", untraceable)):
        mx.random.seed(5)
        history[name] = train_and_predict_rnn(
            cell, lambda: _params("rnn"), init_rnn_state, HID, V, None, corpus, chars, char_to_idx, False, 3, STEPS,
            1.0, 0.5, BATCH, 3, 4, [chars[0]], report=lambda *a: None, hybridize=True)
    for a, b in zip(history["book"], history["fallback"]):
        assert a["perplexity"] == pytest.approx(b["perplexity"], rel=1e-5)
