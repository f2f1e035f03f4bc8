"""6.9 Deep RNNs: RNNModel(rnn.LSTM(256, num_layers=L)). Book: d2l-zh v1 §6.9 (no code; the course's run, S4.7).

The book's Gluon helper hard-codes SGD (lr 100); the course trains with Adam, lr 0.01, and so does
this section (otherwise train_and_predict_rnn_gluon exactly). --num-layers 2,6 runs both depths.
"""
from dataclasses import dataclass

from ...registry import Result, section, variant
from ...config import Optimizer
from . import _lm

ID, SLUG, TITLE = "6.9", "deep-rnn", "Deep RNNs"


@dataclass(frozen=True)
class Config(_lm.LMConfig):
    lr: float = 0.01
    optimizer: Optimizer = "adam"
    num_layers: tuple = (2,)


def key(i, num_layers):
    """History key: 'perplexity' for the first depth, 'layers6_perplexity' for the others."""
    return "perplexity" if i == 0 else f"layers{num_layers}_perplexity"


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    corpus = _lm.load(cfg)
    runs = {}
    for i, num_layers in enumerate(int(n) for n in cfg.num_layers):
        report(f"rnn.LSTM({cfg.num_hiddens}, num_layers={num_layers}), {cfg.optimizer} lr {cfg.lr:g}:")
        runs[key(i, num_layers)], model = _lm.gluon(cfg, corpus, "rnn_lstm", report, num_hiddens=cfg.num_hiddens,
                                                    num_layers=num_layers)
        report("state shapes:", [s.shape for s in model.begin_state(batch_size=cfg.batch_size)])
    return _lm.finish(_lm.merge(runs), list(runs))


# The PyTorch course (S4.7): 2 and 6 layers, Adam with lr 0.01.
variant("S4.7", "course-deep-rnn", "Course variant: deep LSTM (6.9)", ID, optimizer="adam", lr=0.01,
        num_layers=(2, 6))
