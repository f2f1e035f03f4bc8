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

from .. import data, models
from ..train.rnn import train_and_predict_rnn, train_and_predict_rnn_gluon
from ..reference import d2lzh_side
from ..reference.book_rnn import BOOK_SETTINGS, GATES, SCRATCH, d2lzh_gluon_call, d2lzh_scratch_call
from .workloads import Measured, Workload, register

_QUICK = {"epochs": 1, "num_chars": 2400, "pred_len": 5}
_VOCAB = 1027


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
        module = SCRATCH[cell]
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


def _minibatches(p):
    return (p["num_chars"] // p["batch_size"] - 1) // p["num_steps"]


def _flops(cell):
    def flops(p, V=_VOCAB):
        H, g = p["num_hiddens"], GATES[cell]
        return _tokens(p) * 2 * (2 * g * V * H + 3 * (g * H * H + H * V))
    return flops


def _gemm_shapes(cell, gluon):
    """The products of one minibatch, forward then backward: the input (one-hot rows by V), hidden and output
    products. rnn.GRU/LSTM and the Dense over all steps run num_steps * batch rows at once, with the gates
    stacked (g * H columns); the scratch cells run batch rows a step, a gate or a stack of gates at a time."""
    def shapes(p, V=_VOCAB):
        B, T, H, g = p["batch_size"], p["num_steps"], p["num_hiddens"], GATES[cell]
        rows, widths = (T * B, [g * H]) if gluon else (B, [H, (g - 1) * H, g * H])
        out = []
        for gH in widths:
            out += [(rows, V, gH), (B, H, gH), (H, B, gH), (B, gH, H), (V, rows, gH)]
        out += [(rows, H, V), (H, rows, V), (rows, V, H)]
        return list(dict.fromkeys(out))
    return shapes


for _cell in ("gru", "lstm"):
    register(Workload(
        name=f"{_cell}_scratch", title=f"{_cell.upper()} LM from scratch (6.{7 if _cell == 'gru' else 8})",
        kind="matmul", metric="perplexity", params=BOOK_SETTINGS, quick=_QUICK, run_d2lzh=_d2lzh_scratch(_cell),
        run_gluonlab=_gluonlab_scratch(_cell), examples=_tokens, flops=_flops(_cell),
        gemm_shapes=_gemm_shapes(_cell, gluon=False), minibatches=_minibatches))
    register(Workload(
        name=f"{_cell}_gluon", title=f"{_cell.upper()} LM, Gluon rnn.{_cell.upper()}(256)",
        kind="matmul", metric="perplexity", params=BOOK_SETTINGS, quick=_QUICK, run_d2lzh=_d2lzh_gluon(_cell),
        run_gluonlab=_gluonlab_gluon(_cell), examples=_tokens, flops=_flops(_cell),
        gemm_shapes=_gemm_shapes(_cell, gluon=True), minibatches=_minibatches))
