"""6.8 LSTM from scratch. Book: d2l-zh v1 §6.8 (get_params, init_lstm_state, lstm).

Gate order of the parameters: input, forget, output, candidate ([i, f, o, c]); gluon.rnn.LSTM stores [i, f, c, o].
"""
from mxnet import nd

from .rnn import affine, columns, dim, gate_shapes, input_projections, normal_params, output_layer, sigmoid, steps, tanh


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None):
    """[W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q]."""
    return normal_params(*gate_shapes(num_inputs, num_hiddens, 4), (num_hiddens, num_outputs), (num_outputs,),
                         ctx=ctx)


def init_lstm_state(batch_size, num_hiddens, ctx=None):
    """(H, C): two zero (batch_size, num_hiddens) matrices."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx), nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx))


def lstm(inputs, state, params, F=nd):
    """I, F, O gates, C = F * C + I * C~, H = O * tanh(C), Y = H W_hq + b_q; returns (outputs, (H, C)).

    The input products of all steps and gates are one lookup, the four gates share one recurrent product with
    their biases (H [W_hi | W_hf | W_ho | W_hc] + [b_i | ... | b_c], one FullyConnected) and same-shape
    arithmetic uses the elementwise operators; the equations are the book's. F: nd, or mxnet.symbol inside
    HybridUnrolled.
    """
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    H, C = state
    h = dim(W_hc, 0)
    add, mul = F.elemwise_add, F.elemwise_mul
    W_h_T, b = F.transpose(F.concat(W_hi, W_hf, W_ho, W_hc, dim=1)), F.concat(b_i, b_f, b_o, b_c, dim=0)
    Hs = []
    for XW in steps(input_projections(inputs, [W_xi, W_xf, W_xo, W_xc], F=F), len(inputs), F):
        G = add(XW, affine(H, W_h_T, b, 4 * h, F))
        I, F_, O = F.split(sigmoid(columns(G, 0, 3 * h, F), F), num_outputs=3, axis=1)  # noqa: E741 (F_: the book's F)
        C_tilda = tanh(columns(G, 3 * h, 4 * h, F), F)
        C = add(mul(F_, C), mul(I, C_tilda))
        H = mul(O, tanh(C, F))
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q, F), (H, C)
