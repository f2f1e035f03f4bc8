"""6.7 GRU from scratch. Book: d2l-zh v1 §6.7 (get_params, init_gru_state, gru).

Book:        H~ = tanh(X W_xh + (R * H) W_hh + b_h)           (reset gate before the recurrent product)
reset_after: H~ = tanh(X W_xh + b_h + R * (H W_hh + b_hh))    (MXNet's fused rnn.GRU and the PyTorch course;
             MXNet keeps separate input and recurrent biases, so this form carries a 12th parameter b_hh)
"""
from mxnet import nd

from .rnn import gate, gate_shapes, init_rnn_state, normal_params

init_gru_state = init_rnn_state


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None, reset_after=False):
    """[W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q] (+ b_hh when reset_after)."""
    shapes = gate_shapes(num_inputs, num_hiddens, 3) + [(num_hiddens, num_outputs), (num_outputs,)]
    return normal_params(*shapes, *([(num_hiddens,)] if reset_after else []), ctx=ctx)


def gru(inputs, state, params, reset_after=False):
    """Z, R gates and candidate per step, H = Z * H + (1 - Z) * H~, Y = H W_hq + b_q; returns (outputs, (H,))."""
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params[:11]
    H, = state
    outputs = []
    for X in inputs:
        Z = nd.sigmoid(gate(X, H, W_xz, W_hz, b_z))
        R = nd.sigmoid(gate(X, H, W_xr, W_hr, b_r))
        if reset_after:
            H_tilda = nd.tanh(nd.dot(X, W_xh) + b_h + R * (nd.dot(H, W_hh) + params[11]))
        else:
            H_tilda = nd.tanh(nd.dot(X, W_xh) + nd.dot(R * H, W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        outputs.append(nd.dot(H, W_hq) + b_q)
    return outputs, (H,)


def gru_reset_after(inputs, state, params):
    """`gru` with the reset gate after the recurrent product (params from get_params(..., reset_after=True))."""
    return gru(inputs, state, params, reset_after=True)
