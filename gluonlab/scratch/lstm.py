"""6.8 LSTM from scratch. Book: d2l-zh v1 §6.8 (get_params, init_lstm_state, lstm).

Gate order of the parameters: input, forget, output, candidate ([i, f, o, c]); gluon.rnn.LSTM stores [i, f, c, o].
"""
from mxnet import nd

from .rnn import columns, gate_shapes, input_projections, normal_params, output_layer


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None):
    """[W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]."""
    return normal_params(*gate_shapes(num_inputs, num_hiddens, 4), (num_hiddens, num_outputs), (num_outputs,),
                         ctx=ctx)


def init_lstm_state(batch_size, num_hiddens, ctx=None):
    """(H, C): two zero (batch_size, num_hiddens) matrices."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx), nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx))


def lstm(inputs, state, params):
    """I, F, O gates, C = F * C + I * C~, H = O * tanh(C), Y = H W_hq + b_q; returns (outputs, (H, C)).

    The input products of all steps and gates are one GEMM and the four gates share one recurrent product
    (H [W_hi | W_hf | W_ho | W_hc]); the equations are the book's.
    """
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    H, C = state
    h = W_hc.shape[0]
    W_h, b = nd.concat(W_hi, W_hf, W_ho, W_hc, dim=1), nd.concat(b_i, b_f, b_o, b_c, dim=0)
    Hs = []
    for XW in input_projections(inputs, W_xi, W_xf, W_xo, W_xc):
        G = XW + nd.dot(H, W_h) + b
        I, F, O = nd.split(nd.sigmoid(columns(G, 0, 3 * h)), num_outputs=3, axis=1)  # noqa: E741 (book's names)
        C_tilda = nd.tanh(columns(G, 3 * h, 4 * h))
        C = F * C + I * C_tilda
        H = O * C.tanh()
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q), (H, C)
