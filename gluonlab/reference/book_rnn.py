"""The book's own chapter-6 code, kept as the oracle: its scratch cells and its d2lzh trainer calls.

book_rnn, book_gru and book_lstm are the 6.4, 6.7 and 6.8 notebook cells as printed (d2lzh has no copy of them);
d2lzh_scratch_call and d2lzh_gluon_call run them (or d2lzh.RNNModel over a Gluon layer) through d2lzh's own
trainers at the book's settings, on the verified lyrics file.
"""
from mxnet import nd
from mxnet.gluon import rnn as grnn

from ..scratch import gru as scratch_gru, lstm as scratch_lstm
from . import d2lzh_side

# The book's settings for 6.7 and 6.8: 256 hidden units, 35 steps, batch 32, lr 100, clipping 0.01, 10,000
# characters, the prefixes '分开' and '不分开'.
BOOK_SETTINGS = {"epochs": 3, "num_chars": 10000, "num_hiddens": 256, "num_steps": 35, "batch_size": 32,
                 "lr": 1e2, "clipping_theta": 1e-2, "pred_len": 50, "prefixes": ["分开", "不分开"]}
GATES = {"gru": 3, "lstm": 4}


def _book_params(cell, vocab_size, num_hiddens, ctx=None):
    """The book's get_params for the GRU (6.7) or LSTM (6.8) from scratch."""
    def _one(shape):
        return nd.random.normal(scale=0.01, shape=shape, ctx=ctx)

    def _three():
        return (_one((vocab_size, num_hiddens)), _one((num_hiddens, num_hiddens)), nd.zeros(num_hiddens, ctx=ctx))

    def get_params():
        params = []
        for _ in range(GATES[cell]):
            params += list(_three())
        params += [_one((num_hiddens, vocab_size)), nd.zeros(vocab_size, ctx=ctx)]
        for param in params:
            param.attach_grad()
        return params
    return get_params


def book_rnn(inputs, state, params):
    """The book's 6.4 cell as printed (d2lzh has no copy; the tests use it as the oracle)."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = nd.tanh(nd.dot(X, W_xh) + nd.dot(H, W_hh) + b_h)
        outputs.append(nd.dot(H, W_hq) + b_q)
    return outputs, (H,)


def book_gru(inputs, state, params):
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        Z = nd.sigmoid(nd.dot(X, W_xz) + nd.dot(H, W_hz) + b_z)
        R = nd.sigmoid(nd.dot(X, W_xr) + nd.dot(H, W_hr) + b_r)
        H_tilda = nd.tanh(nd.dot(X, W_xh) + nd.dot(R * H, W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        outputs.append(nd.dot(H, W_hq) + b_q)
    return outputs, (H,)


def book_lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    outputs = []
    for X in inputs:
        I = nd.sigmoid(nd.dot(X, W_xi) + nd.dot(H, W_hi) + b_i)  # noqa: E741  (the book's name)
        F = nd.sigmoid(nd.dot(X, W_xf) + nd.dot(H, W_hf) + b_f)
        O = nd.sigmoid(nd.dot(X, W_xo) + nd.dot(H, W_ho) + b_o)  # noqa: E741
        C_tilda = nd.tanh(nd.dot(X, W_xc) + nd.dot(H, W_hc) + b_c)
        C = F * C + I * C_tilda
        H = O * C.tanh()
        outputs.append(nd.dot(H, W_hq) + b_q)
    return outputs, (H, C)


# cell name -> the book's scratch cell as printed, and gluonlab's scratch module (get_params, init_<cell>_state)
BOOK_CELLS = {"rnn": book_rnn, "gru": book_gru, "lstm": book_lstm}
SCRATCH = {"gru": scratch_gru, "lstm": scratch_lstm}


def _d2lzh_corpus(p):
    import d2lzh
    with d2lzh_side.lyrics_cwd():
        corpus_indices, char_to_idx, idx_to_char, vocab_size = d2lzh.load_data_jay_lyrics()
    return corpus_indices[:p["num_chars"]], char_to_idx, idx_to_char, vocab_size


def d2lzh_scratch_call(cell, p, pred_period=1):
    """A thunk running the book's scratch cell (gru/lstm) through d2lzh.train_and_predict_rnn with settings p."""
    import d2lzh
    corpus_indices, char_to_idx, idx_to_char, vocab_size = _d2lzh_corpus(p)
    init_state = getattr(SCRATCH[cell], f"init_{cell}_state")
    return lambda: d2lzh.train_and_predict_rnn(
        BOOK_CELLS[cell], _book_params(cell, vocab_size, p["num_hiddens"]),
        init_state, p["num_hiddens"], vocab_size, None, corpus_indices, idx_to_char, char_to_idx, False,
        p["epochs"], p["num_steps"], p["lr"], p["clipping_theta"], p["batch_size"], pred_period, p["pred_len"],
        p["prefixes"])


def d2lzh_gluon_call(cell, p, pred_period=1):
    """A thunk running d2lzh.RNNModel(rnn.RNN/GRU/LSTM(num_hiddens)) through d2lzh.train_and_predict_rnn_gluon."""
    import d2lzh
    corpus_indices, char_to_idx, idx_to_char, vocab_size = _d2lzh_corpus(p)
    layer = {"rnn": grnn.RNN, "gru": grnn.GRU, "lstm": grnn.LSTM}[cell](p["num_hiddens"])
    model = d2lzh.RNNModel(layer, vocab_size)
    return lambda: d2lzh.train_and_predict_rnn_gluon(
        model, p["num_hiddens"], vocab_size, None, corpus_indices, idx_to_char, char_to_idx, p["epochs"],
        p["num_steps"], p["lr"], p["clipping_theta"], p["batch_size"], pred_period, p["pred_len"], p["prefixes"])
