"""6.5 Concise RNN (Gluon). Book: d2l-zh v1 §6.5 (d2lzh.RNNModel, predict_rnn_gluon, train_and_predict_rnn_gluon)."""
from dataclasses import dataclass
from typing import Literal

from mxnet import nd
from mxnet.gluon import rnn

from ... import models
from ...registry import Result, section
from ...train.rnn import predict_rnn_gluon
from . import _lm

ID, SLUG, TITLE = "6.5", "rnn-gluon", "Concise RNN (Gluon)"


@dataclass(frozen=True)
class Config(_lm.LMConfig):
    num_epochs: int = 250
    pred_period: int = 50
    # rnn.RNN's default, as the book runs it; 'tanh' matches 6.4's scratch cell
    activation: Literal["relu", "tanh"] = "relu"


def demos(cfg, corpus, report):
    """The layer's state and output shapes, then an untrained RNNModel's prediction."""
    _, char_to_idx, idx_to_char, vocab_size = corpus
    ctx = cfg.context()
    rnn_layer = rnn.RNN(cfg.num_hiddens, activation=cfg.activation)
    rnn_layer.initialize(ctx=ctx)
    state = rnn_layer.begin_state(batch_size=2, ctx=ctx)
    report(len(state), state[0].shape)
    X = nd.random.uniform(shape=(cfg.num_steps, 2, vocab_size), ctx=ctx)
    Y, state_new = rnn_layer(X, state)
    report(Y.shape, len(state_new), state_new[0].shape)
    model = models.get("rnn_rnn", vocab_size=vocab_size, num_hiddens=cfg.num_hiddens, activation=cfg.activation)
    model.initialize(force_reinit=True, ctx=ctx)
    report(predict_rnn_gluon(cfg.prefixes[0], 10, model, vocab_size, ctx, idx_to_char, char_to_idx))


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    corpus = _lm.load(cfg)
    demos(cfg, corpus, report)
    report(f"rnn.RNN({cfg.num_hiddens}) with activation {cfg.activation!r} (6.4's scratch RNN uses tanh):")
    history, _ = _lm.gluon(cfg, corpus, "rnn_rnn", report, num_hiddens=cfg.num_hiddens, activation=cfg.activation)
    return _lm.finish(history, ["perplexity"])
