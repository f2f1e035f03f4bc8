"""What the chapter-6 language-model sections share: their config, the corpus, one run each way (registers nothing).

A section with two runs (6.4 random + consecutive, 6.7/6.8 scratch + Gluon) merges them into one history row per
epoch: the run named `scratch_perplexity` also gives `scratch_wall_s` and `scratch_predictions`.
"""
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, Optional

from ... import data, models, plot
from ...config import RunConfig, Optimizer
from ...errors import ConfigError
from ...registry import Result
from ...train.rnn import train_and_predict_rnn, train_and_predict_rnn_gluon


@dataclass(frozen=True)
class LMConfig(RunConfig):
    # the corpus has no more (data.lyrics.CHARS; a literal so that config_index reads this Config without MXNet)
    num_chars: int = field(default=10000, metadata={"max": 63282})
    num_hiddens: int = 256
    num_epochs: int = 160
    num_steps: int = 35
    batch_size: int = 32
    lr: float = 1e2
    clipping_theta: Optional[float] = 1e-2       # none: no clipping (6.6: then the model does not train well)
    pred_period: int = 40
    pred_len: int = field(default=50, metadata={"max": 10 ** 6})      # one step per character: hours beyond
    prefixes: tuple = ("分开", "不分开")
    # the Gluon run's optimizer: the book's sgd, the course's adam
    optimizer: Optimizer = "sgd"
    QUICK = {"num_epochs": 2, "num_chars": 1500, "pred_len": 5, "pred_period": 1}


def load(cfg):
    """(corpus_indices, char_to_idx, idx_to_char, vocab_size) of the first num_chars characters."""
    corpus = data.load_data_jay_lyrics(cfg.num_chars)
    missing = sorted({c for p in cfg.prefixes for c in p} - set(corpus[1]))
    if missing:
        raise ConfigError(f"prefix characters {''.join(missing)} are not in the first {cfg.num_chars} characters",
                          "raise --num-chars or change --prefixes")
    return corpus


def scratch(cfg, corpus, cell, get_params, init_state, is_random_iter=False, report=print):
    """train_and_predict_rnn with the config's hyperparameters; get_params(num_inputs, hiddens, outputs, ctx).

    Each minibatch's unrolled steps run as one hybridized graph unless --no-hybridize (same values)."""
    corpus_indices, char_to_idx, idx_to_char, vocab_size = corpus
    ctx = cfg.context()
    return train_and_predict_rnn(
        cell, partial(get_params, vocab_size, cfg.num_hiddens, vocab_size, ctx), init_state, cfg.num_hiddens,
        vocab_size, ctx, corpus_indices, idx_to_char, char_to_idx, is_random_iter, cfg.num_epochs, cfg.num_steps,
        cfg.lr, cfg.clipping_theta, cfg.batch_size, cfg.pred_period, cfg.pred_len, list(cfg.prefixes), report,
        hybridize=cfg.hybridize)


def gluon(cfg, corpus, name, report=print, lr=None, **model_kwargs):
    """train_and_predict_rnn_gluon on models.get(name) (hybridized unless --no-hybridize); lr None: cfg.lr."""
    corpus_indices, char_to_idx, idx_to_char, vocab_size = corpus
    model = models.get(name, vocab_size=vocab_size, **model_kwargs)
    if cfg.hybridize:          # static: every training minibatch has one shape (generation re-plans for (1, 1))
        model.hybridize(static_alloc=True, static_shape=True)
    history = train_and_predict_rnn_gluon(
        model, cfg.num_hiddens, vocab_size, cfg.context(), corpus_indices, idx_to_char, char_to_idx,
        cfg.num_epochs, cfg.num_steps, cfg.lr if lr is None else lr, cfg.clipping_theta, cfg.batch_size, cfg.pred_period,
        cfg.pred_len, list(cfg.prefixes), report, optimizer=cfg.optimizer)
    return history, model


@dataclass(frozen=True)
class GatedConfig(LMConfig):
    """6.7 and 6.8: the book's scratch run, then its Gluon run with the same settings (S4.5/S4.6: Adam 0.01)."""
    runs: tuple[Literal["scratch", "gluon"], ...] = ("scratch", "gluon")
    gluon_lr: Optional[float] = None             # the Gluon run's learning rate; none: lr


def scratch_and_gluon(cfg, cell, get_params, init_state, model_name, report):
    """The runs of 6.7/6.8 in the book's order; history keys scratch_perplexity (scratch) and perplexity (Gluon)."""
    corpus = load(cfg)
    runs = {}
    if "scratch" in cfg.runs:
        report(f"from scratch (sgd, lr {cfg.lr:g}):")
        runs["scratch_perplexity"] = scratch(cfg, corpus, cell, get_params, init_state, report=report)
    if "gluon" in cfg.runs:
        lr = cfg.lr if cfg.gluon_lr is None else cfg.gluon_lr
        report(f"Gluon {model_name} ({cfg.optimizer}, lr {lr:g}):")
        runs["perplexity"] = gluon(cfg, corpus, model_name, report, lr, num_hiddens=cfg.num_hiddens)[0]
    return finish(merge(runs), list(runs))


def merge(runs):
    """{metric key: history} -> one row per epoch with every run's perplexity, time and predictions."""
    rows = {}
    for key, history in runs.items():
        for h in history:
            row = rows.setdefault(h["epoch"], {"epoch": h["epoch"]})
            for field in ("perplexity", "wall_s", "predictions"):
                if field in h:
                    row[key.replace("perplexity", field)] = h[field]
    return [rows[e] for e in sorted(rows)]


def finish(history, keys):
    """The final perplexities and a log-scale perplexity curve per run."""
    final = {k: history[-1][k] for k in keys}
    return Result(history, final, {"perplexity": plot.history_curves(history, keys, log=True)})
