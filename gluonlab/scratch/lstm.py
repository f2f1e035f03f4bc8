"""6.8 LSTM from scratch. Book: d2l-zh v1 §6.8 (get_params, init_lstm_state, lstm).

Gate order of the parameters: input, forget, output, candidate ([i, f, o, c]); gluon.rnn.LSTM stores [i, f, c, o].
"""
from mxnet import nd

from .rnn import gate, gate_shapes, normal_params


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None):
    """[W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]."""
    return normal_params(*gate_shapes(num_inputs, num_hiddens, 4), (num_hiddens, num_outputs), (num_outputs,),
                         ctx=ctx)


def init_lstm_state(batch_size, num_hiddens, ctx=None):
    """(H, C): two zero (batch_size, num_hiddens) matrices."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx), nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx))


def lstm(inputs, state, params):
    """I, F, O gates, C = F * C + I * C~, H = O * tanh(C), Y = H W_hq + b_q; returns (outputs, (H, C))."""
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    H, C = state
    outputs = []
    for X in inputs:
        I = nd.sigmoid(gate(X, H, W_xi, W_hi, b_i))  # noqa: E741  (the book's name)
        F = nd.sigmoid(gate(X, H, W_xf, W_hf, b_f))
        O = nd.sigmoid(gate(X, H, W_xo, W_ho, b_o))  # noqa: E741
        C = F * C + I * nd.tanh(gate(X, H, W_xc, W_hc, b_c))    # the book's C_tilda inline
        H = O * C.tanh()
        outputs.append(nd.dot(H, W_hq) + b_q)
    return outputs, (H, C)
