"""6.7 GRU from scratch. Book: d2l-zh v1 §6.7 (get_params, init_gru_state, gru).

Book:        H~ = tanh(X W_xh + (R * H) W_hh + b_h)           (reset gate before the recurrent product)
reset_after: H~ = tanh(X W_xh + b_h + R * (H W_hh + b_hh))    (MXNet's fused rnn.GRU and the PyTorch course;
             MXNet keeps separate input and recurrent biases, so this form carries a 12th parameter b_hh)
"""
from mxnet import nd

from .rnn import columns, gate_shapes, init_rnn_state, input_projections, normal_params, output_layer

init_gru_state = init_rnn_state


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None, reset_after=False):
    """[W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q] (+ b_hh when reset_after)."""
    shapes = gate_shapes(num_inputs, num_hiddens, 3) + [(num_hiddens, num_outputs), (num_outputs,)]
    return normal_params(*shapes, *([(num_hiddens,)] if reset_after else []), ctx=ctx)


def gru(inputs, state, params, reset_after=False):
    """Z, R gates and candidate per step, H = Z * H + (1 - Z) * H~, Y = H W_hq + b_q; returns (outputs, (H,)).

    The input products of all steps and gates are one GEMM, and Z and R share one recurrent product
    (H [W_hz | W_hr]); the equations are the book's.
    """
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params[:11]
    H, = state
    h = W_hh.shape[0]
    W_hzr, b_zr = nd.concat(W_hz, W_hr, dim=1), nd.concat(b_z, b_r, dim=0)
    Hs = []
    for XW in input_projections(inputs, W_xz, W_xr, W_xh):
        Z, R = nd.split(nd.sigmoid(columns(XW, 0, 2 * h) + nd.dot(H, W_hzr) + b_zr), num_outputs=2, axis=1)
        if reset_after:
            H_tilda = nd.tanh(columns(XW, 2 * h, 3 * h) + b_h + R * (nd.dot(H, W_hh) + params[11]))
        else:
            H_tilda = nd.tanh(columns(XW, 2 * h, 3 * h) + nd.dot(R * H, W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q), (H,)


def gru_reset_after(inputs, state, params):
    """`gru` with the reset gate after the recurrent product (params from get_params(..., reset_after=True))."""
    return gru(inputs, state, params, reset_after=True)
