"""scratch.unrolled.HybridUnrolled: the scratch cells as one graph per minibatch, hybridized == imperative."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, nd

from gluonlab.scratch import gru, lstm, rnn
from gluonlab.scratch.rnn import grad_clipping, to_onehot
from gluonlab.scratch.optim import sgd
from gluonlab.scratch.unrolled import HybridUnrolled

V, HID, BATCH, STEPS = 13, 8, 4, 6
CELLS = {
    "rnn": (rnn.rnn, rnn.get_params, rnn.init_rnn_state),
    "gru": (gru.gru, gru.get_params, gru.init_gru_state),
    "gru_reset_after": (gru.gru_reset_after, lambda *a: gru.get_params(*a, reset_after=True), gru.init_gru_state),
    "lstm": (lstm.lstm, lstm.get_params, lstm.init_lstm_state),
}


def _train(cell_name, mode, num_batches=4):
    """num_batches training steps (state carried and detached, clipping, sgd); outputs, losses and params."""
    cell, get_params, init_state = CELLS[cell_name]
    mx.random.seed(7)
    params = get_params(V, HID, V)
    for p in params:
        p[:] = nd.random.normal(scale=0.3, shape=p.shape)
    block = None
    if mode != "cell":
        block = HybridUnrolled(cell, params, len(init_state(1, HID)), V, STEPS)
        if mode == "hybrid":
            block.hybridize(static_alloc=True, static_shape=True)
    rng = np.random.RandomState(0)
    state, record = init_state(BATCH, HID), []
    for _ in range(num_batches):
        X = nd.array(rng.randint(0, V, size=(BATCH, STEPS)))
        state = [s.detach() for s in state]
        with autograd.record():
            if block is None:
                outputs, state = cell(to_onehot(X, V), state, params)
                outputs = nd.concat(*outputs, dim=0)
            else:
                outputs, *state = block(X, *state, *params)
            loss = (outputs ** 2).mean() + sum((s ** 2).mean() for s in state)
        loss.backward()
        record.append((outputs.asnumpy(), [s.asnumpy() for s in state], [p.grad.asnumpy() for p in params]))
        grad_clipping(params, 0.5)
        sgd(params, 1.0, 1)
    return record, [p.asnumpy() for p in params]


@pytest.mark.parametrize("cell_name", sorted(CELLS))
def test_hybridized_unrolled_cell_trains_like_the_imperative_cell(cell_name):
    """Forward, state, every gradient and the parameters after 4 steps: the imperative cell, the block
    imperative, and the block hybridized (static_alloc) agree to float32 rounding."""
    reference, ref_params = _train(cell_name, "cell")
    for mode in ("block", "hybrid"):
        record, params = _train(cell_name, mode)
        for (o1, s1, g1), (o2, s2, g2) in zip(reference, record):
            np.testing.assert_allclose(o2, o1, rtol=1e-5, atol=1e-6)
            for a, b in zip(s2 + g2, s1 + g1):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6 * max(1.0, np.abs(b).max()))
        for a, b in zip(params, ref_params):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
        assert not np.allclose(params[1], _train(cell_name, "cell", num_batches=1)[1][1])   # training moved them


def test_unrolled_block_refuses_another_sequence_length():
    params = rnn.get_params(V, HID, V)
    block = HybridUnrolled(rnn.rnn, params, 1, V, STEPS)
    block.hybridize()
    with pytest.raises(ValueError, match="built for 6 steps"):
        block(nd.zeros((BATCH, STEPS + 1)), *rnn.init_rnn_state(BATCH, HID), *params)


def test_output_layer_keeps_the_stacked_outputs_and_the_graph_returns_them(seed):
    Hs = [nd.random.normal(shape=(3, 4)) for _ in range(5)]
    W, b = nd.random.normal(shape=(4, 6)), nd.random.normal(shape=(6,))
    outputs = rnn.output_layer(Hs, W, b)
    assert len(outputs) == 5 and outputs[0].shape == (3, 6)
    np.testing.assert_array_equal(outputs.whole.asnumpy(), nd.concat(*outputs, dim=0).asnumpy())
    sym = HybridUnrolled(rnn.rnn, rnn.get_params(7, 4, 7), 1, 7, 5)
    sym.hybridize()
    X = nd.array(np.random.RandomState(0).randint(0, 7, size=(3, 5)))
    sym(X, nd.zeros((3, 4)), *rnn.get_params(7, 4, 7))
    graph = sym._cached_graph[1].tojson()
    assert '"op": "SliceChannel"' in graph and graph.count('"op": "Concat"') == 1   # the inputs' split; Hs' concat
