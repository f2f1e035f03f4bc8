"""6.7 GRU from scratch. Book: d2l-zh v1 §6.7 (get_params, init_gru_state, gru).

Book:        H~ = tanh(X W_xh + (R * H) W_hh + b_h)           (reset gate before the recurrent product)
reset_after: H~ = tanh(X W_xh + b_h + R * (H W_hh + b_hh))    (MXNet's fused rnn.GRU and the PyTorch course;
             MXNet keeps separate input and recurrent biases, so this form carries a 12th parameter b_hh)
"""
from mxnet import nd

from .rnn import (affine, dim, gate_shapes, init_rnn_state, input_projections, normal_params, output_layer, sigmoid,
                  steps, tanh)

init_gru_state = init_rnn_state


def get_params(num_inputs, num_hiddens, num_outputs, ctx=None, reset_after=False):
    """[W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q] (+ b_hh when reset_after)."""
    shapes = gate_shapes(num_inputs, num_hiddens, 3) + [(num_hiddens, num_outputs), (num_outputs,)]
    return normal_params(*shapes, *([(num_hiddens,)] if reset_after else []), ctx=ctx)


def gru(inputs, state, params, reset_after=False, F=nd):
    """Z, R gates and candidate per step, H = Z * H + (1 - Z) * H~, Y = H W_hq + b_q; returns (outputs, (H,)).

    The input products of all steps are two lookups ([W_xz | W_xr] and W_xh), Z and R share one recurrent
    product with their biases (H [W_hz | W_hr] + [b_z | b_r], one FullyConnected) and same-shape arithmetic
    uses the elementwise operators (the broadcasting ones reduce in their backward pass). The equations are the
    book's. F: nd, or mxnet.symbol inside HybridUnrolled.
    """
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params[:11]
    H, = state
    h, T = dim(W_hh, 0), len(inputs)
    add, mul = F.elemwise_add, F.elemwise_mul
    W_hzr_T, b_zr = F.transpose(F.concat(W_hz, W_hr, dim=1)), F.concat(b_z, b_r, dim=0)
    W_hh_T = F.transpose(W_hh)
    XW_zr = steps(input_projections(inputs, [W_xz, W_xr], F=F), T, F)
    XW_h = steps(input_projections(inputs, [W_xh], [b_h] if reset_after else (), F), T, F)
    Hs = []
    for t in range(T):
        Z, R = F.split(sigmoid(add(XW_zr[t], affine(H, W_hzr_T, b_zr, 2 * h, F)), F), num_outputs=2, axis=1)
        if reset_after:                          # XW_h carries b_h; the recurrent bias b_hh sits inside R * (...)
            H_tilda = tanh(add(XW_h[t], mul(R, affine(H, W_hh_T, params[11], h, F))), F)
        else:
            H_tilda = tanh(add(XW_h[t], affine(mul(R, H), W_hh_T, b_h, h, F)), F)
        H = add(mul(Z, H), mul(1 - Z, H_tilda))
        Hs.append(H)
    return output_layer(Hs, W_hq, b_q, F), (H,)


def gru_reset_after(inputs, state, params, F=nd):
    """`gru` with the reset gate after the recurrent product (params from get_params(..., reset_after=True))."""
    return gru(inputs, state, params, reset_after=True, F=F)
