"""6.4 RNN from scratch. Book: d2l-zh v1 §6.4 (d2lzh.train_and_predict_rnn, random and consecutive sampling)."""
from dataclasses import dataclass
from typing import Literal

from mxnet import nd

from ...registry import Result, section
from ...scratch import rnn as cell
from . import _lm

ID, SLUG, TITLE = "6.4", "rnn-scratch", "RNN from scratch"
KEYS = {"random": "perplexity", "consecutive": "consecutive_perplexity"}


@dataclass(frozen=True)
class Config(_lm.LMConfig):
    num_epochs: int = 250
    pred_period: int = 50
    # the book's two runs, in its order
    sampling: tuple[Literal["random", "consecutive"], ...] = ("random", "consecutive")


def demos(cfg, corpus, report):
    """One-hot encoding, the cell's shapes and an untrained prediction, as the book shows them."""
    _, char_to_idx, idx_to_char, vocab_size = corpus
    ctx = cfg.context()
    report(nd.one_hot(nd.array([0, 2]), vocab_size).shape)
    X = nd.arange(10).reshape((2, 5))
    inputs = cell.to_onehot(X.as_in_context(ctx), vocab_size)
    report(len(inputs), inputs[0].shape)
    report('will use', ctx)
    params = cell.get_params(vocab_size, cfg.num_hiddens, vocab_size, ctx)
    outputs, state_new = cell.rnn(inputs, cell.init_rnn_state(X.shape[0], cfg.num_hiddens, ctx), params)
    report(len(outputs), outputs[0].shape, state_new[0].shape)
    report(cell.predict_rnn(cfg.prefixes[0], 10, cell.rnn, params, cell.init_rnn_state, cfg.num_hiddens,
                            vocab_size, ctx, idx_to_char, char_to_idx))


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    corpus = _lm.load(cfg)
    demos(cfg, corpus, report)
    runs = {}
    for sampling in cfg.sampling:
        report(f"{sampling} sampling (tanh RNN):")
        runs[KEYS[sampling]] = _lm.scratch(cfg, corpus, cell.rnn, cell.get_params, cell.init_rnn_state,
                                           sampling == "random", report)
    return _lm.finish(_lm.merge(runs), list(runs))
