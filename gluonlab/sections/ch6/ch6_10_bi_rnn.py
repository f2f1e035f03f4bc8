"""6.10 Bidirectional RNNs: RNNModel(rnn.GRU(128, bidirectional=True)). Book: d2l-zh v1 §6.10 (no code; course S4.8).

As a language model this leaks the label: the backward direction reads the next character, which is the target,
so training perplexity falls to about 1 while greedy generation (one character at a time, no future to read)
degenerates into repetitions. The run prints that observation with its numbers. Adam, lr 0.01, as the course trains it.
"""
from dataclasses import dataclass

from ...registry import Result, section, variant
from ...config import Optimizer
from . import _lm

ID, SLUG, TITLE = "6.10", "bi-rnn", "Bidirectional RNNs"


@dataclass(frozen=True)
class Config(_lm.LMConfig):
    num_hiddens: int = 128
    lr: float = 0.01
    optimizer: Optimizer = "adam"


def label_leak(history, pred_len, report):
    """Report training perplexity beside how few distinct characters the generation uses."""
    last = history[-1]
    generated = [text[-pred_len:] for text in last.get("predictions", [])]
    distinct = min((len(set(g)) for g in generated), default=0)
    report(f"label leak: training perplexity {last['perplexity']:f} (1 = the label is known), yet the "
           f"generated text uses as few as {distinct} distinct characters in {pred_len}: the backward "
           "direction saw the next character in training but has nothing to read when generating")
    return {"perplexity": last["perplexity"], "distinct_generated_chars": distinct}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    corpus = _lm.load(cfg)
    report(f"rnn.GRU({cfg.num_hiddens}, bidirectional=True), {cfg.optimizer} lr {cfg.lr:g}:")
    history, model = _lm.gluon(cfg, corpus, "rnn_bi_gru", report, num_hiddens=cfg.num_hiddens)
    report("state shapes:", [s.shape for s in model.begin_state(batch_size=cfg.batch_size)])
    result = _lm.finish(history, ["perplexity"])
    result.final.update(label_leak(history, cfg.pred_len, report))
    return result


# The PyTorch course (S4.8): the same run (this section already follows the course: Adam, lr 0.01).
variant("S4.8", "course-bi-rnn", "Course variant: bidirectional GRU (6.10)", ID, optimizer="adam", lr=0.01)
