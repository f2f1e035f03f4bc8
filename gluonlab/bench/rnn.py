"""Language models on the Jay Chou lyrics (6.7 GRU, 6.8 LSTM), scratch and Gluon, the book's settings.

Settings: 256 hidden units, 35 steps, batch 32, lr 100, clipping 0.01, consecutive sampling, 10,000 characters;
prediction every epoch (its time is excluded on both sides: the book's printed time excludes it too).
d2lzh side: the book's notebook cells (get_params, init_*_state, gru/lstm) with d2lzh.train_and_predict_rnn, and
d2lzh.RNNModel(rnn.GRU/LSTM(256)) with d2lzh.train_and_predict_rnn_gluon, on d2lzh.load_data_jay_lyrics().
An epoch is the time between two printed epoch lines less the generation in between.
gluonlab side: gluonlab.train.rnn with gluonlab.scratch cells (hybridized: scratch.unrolled, one graph per
minibatch) and models.get('rnn_gru'/'rnn_lstm').
FLOPs count the one-hot input products as dense GEMMs (what the book's code and rnn.GRU/LSTM run; the scratch
cells look the rows up instead, so their GFLOP/s is the book-equivalent work rate), training 3x forward except
the input product (no gradient for the one-hot data); generation is not counted.
"""
import time
from functools import partial

from mxnet import nd
from mxnet.gluon import rnn as grnn

from ..train.rnn import train_and_predict_rnn, train_and_predict_rnn_gluon  # first: absent before chapter 6
from .. import data, models
from ..scratch import gru as scratch_gru, lstm as scratch_lstm
from . import d2lzh_side
from .workloads import Measured, Workload, register

BOOK_SETTINGS = {"epochs": 3, "num_chars": 10000, "num_hiddens": 256, "num_steps": 35, "batch_size": 32,
                 "lr": 1e2, "clipping_theta": 1e-2, "pred_len": 50, "prefixes": ["分开", "不分开"]}
_QUICK = {"epochs": 1, "num_chars": 2400, "pred_len": 5}
_GATES = {"gru": 3, "lstm": 4}
_VOCAB = 1027


def _book_params(cell, vocab_size, num_hiddens, ctx=None):
    """The book's get_params for the GRU (6.7) or LSTM (6.8) from scratch."""
    def _one(shape):
        return nd.random.normal(scale=0.01, shape=shape, ctx=ctx)

    def _three():
        return (_one((vocab_size, num_hiddens)), _one((num_hiddens, num_hiddens)), nd.zeros(num_hiddens, ctx=ctx))

    def get_params():
        params = []
        for _ in range(_GATES[cell]):
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
_SCRATCH = {"gru": scratch_gru, "lstm": scratch_lstm}


def _d2lzh_corpus(p):
    import d2lzh
    with d2lzh_side.lyrics_cwd():
        corpus_indices, char_to_idx, idx_to_char, vocab_size = d2lzh.load_data_jay_lyrics()
    return corpus_indices[:p["num_chars"]], char_to_idx, idx_to_char, vocab_size


def _d2lzh_epochs(run, predict_name):
    """Run a d2lzh trainer; epoch times exclude the generation it does after each epoch line."""
    import d2lzh
    spans, original = [], getattr(d2lzh.utils, predict_name)

    def timed_predict(*args):
        start = time.perf_counter()
        try:
            return original(*args)
        finally:
            spans.append((start, time.perf_counter()))
    setattr(d2lzh.utils, predict_name, timed_predict)
    try:
        start, lines = d2lzh_side.run_printing(run)
    finally:
        setattr(d2lzh.utils, predict_name, original)
    stamps = [t for t, line in lines if line.startswith("epoch ")]
    times = [b - a - sum(e - s for s, e in spans if a <= s < b) for a, b in zip([start] + stamps[:-1], stamps)]
    return Measured(times, d2lzh_side.last_value(lines, "perplexity"))


def d2lzh_scratch_call(cell, p, pred_period=1):
    """A thunk running the book's scratch cell (gru/lstm) through d2lzh.train_and_predict_rnn with settings p."""
    import d2lzh
    corpus_indices, char_to_idx, idx_to_char, vocab_size = _d2lzh_corpus(p)
    init_state = getattr(_SCRATCH[cell], f"init_{cell}_state")
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


def _d2lzh_scratch(cell):
    return lambda p: _d2lzh_epochs(d2lzh_scratch_call(cell, p), "predict_rnn")


def _d2lzh_gluon(cell):
    return lambda p: _d2lzh_epochs(d2lzh_gluon_call(cell, p), "predict_rnn_gluon")


def _corpus(p):
    """The book's 10,000-character corpus (vocabulary 1027 on both sides), cut to num_chars for --quick."""
    corpus_indices, char_to_idx, idx_to_char, vocab_size = data.load_data_jay_lyrics(10000)
    return corpus_indices[:p["num_chars"]], char_to_idx, idx_to_char, vocab_size


def _measured(history):
    return Measured([h["wall_s"] for h in history], history[-1]["perplexity"] if history else None)


def _gluonlab_scratch(cell):
    def run(p, hybridize):
        corpus_indices, char_to_idx, idx_to_char, vocab_size = _corpus(p)
        module = _SCRATCH[cell]
        init_state = getattr(module, f"init_{cell}_state")
        get_params = partial(module.get_params, vocab_size, p["num_hiddens"], vocab_size, None)
        return _measured(train_and_predict_rnn(
            getattr(module, cell), get_params, init_state, p["num_hiddens"], vocab_size, None, corpus_indices,
            idx_to_char, char_to_idx, False, p["epochs"], p["num_steps"], p["lr"], p["clipping_theta"],
            p["batch_size"], 1, p["pred_len"], p["prefixes"], report=lambda *a: None, hybridize=hybridize))
    return run


def _gluonlab_gluon(cell):
    def run(p, hybridize):
        corpus_indices, char_to_idx, idx_to_char, vocab_size = _corpus(p)
        model = models.get(f"rnn_{cell}", vocab_size=vocab_size, num_hiddens=p["num_hiddens"])
        if hybridize:
            model.hybridize(static_alloc=True, static_shape=True)
        return _measured(train_and_predict_rnn_gluon(
            model, p["num_hiddens"], vocab_size, None, corpus_indices, idx_to_char, char_to_idx, p["epochs"],
            p["num_steps"], p["lr"], p["clipping_theta"], p["batch_size"], 1, p["pred_len"], p["prefixes"],
            report=lambda *a: None))
    return run


def _tokens(p):
    batch_len = p["num_chars"] // p["batch_size"]
    return (batch_len - 1) // p["num_steps"] * p["num_steps"] * p["batch_size"]


def _flops(cell):
    def flops(p, V=_VOCAB):
        H, g = p["num_hiddens"], _GATES[cell]
        return _tokens(p) * 2 * (2 * g * V * H + 3 * (g * H * H + H * V))
    return flops


for _cell in ("gru", "lstm"):
    register(Workload(
        name=f"{_cell}_scratch", title=f"{_cell.upper()} LM from scratch (6.{7 if _cell == 'gru' else 8})",
        kind="matmul", metric="perplexity", params=BOOK_SETTINGS, quick=_QUICK, run_d2lzh=_d2lzh_scratch(_cell),
        run_gluonlab=_gluonlab_scratch(_cell), examples=_tokens, flops=_flops(_cell)))
    register(Workload(
        name=f"{_cell}_gluon", title=f"{_cell.upper()} LM, Gluon rnn.{_cell.upper()}(256)",
        kind="matmul", metric="perplexity", params=BOOK_SETTINGS, quick=_QUICK, run_d2lzh=_d2lzh_gluon(_cell),
        run_gluonlab=_gluonlab_gluon(_cell), examples=_tokens, flops=_flops(_cell)))
