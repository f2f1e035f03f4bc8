"""6.7 Gated recurrent unit (GRU), from scratch and with Gluon. Book: d2l-zh v1 §6.7 (d2lzh.train_and_predict_rnn*).

The book's scratch candidate state is tanh(X W_xh + (R * H) W_hh + b_h); MXNet's fused rnn.GRU (the Gluon run)
and the PyTorch course apply the reset gate after the recurrent product, R * (H W_hh + b). `--reset-gate
after` runs the scratch cell in that form.
"""
from dataclasses import dataclass
from typing import Literal

from ...errors import ConfigError
from ...registry import Result, section, variant
from ...scratch import gru
from . import _lm

ID, SLUG, TITLE = "6.7", "gru", "Gated recurrent unit (GRU)"
CELLS = {"before": (gru.gru, gru.get_params),
         "after": (gru.gru_reset_after, lambda *a: gru.get_params(*a, reset_after=True))}


@dataclass(frozen=True)
class Config(_lm.GatedConfig):
    # 'before': the book's (R * H) W_hh; 'after': R * (H W_hh + b), as MXNet/course
    reset_gate: Literal["before", "after"] = "before"


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    if cfg.reset_gate not in CELLS:
        raise ConfigError(f"reset_gate must be 'before' or 'after', got {cfg.reset_gate!r}")
    cell, get_params = CELLS[cfg.reset_gate]
    report(f"scratch GRU: reset gate {cfg.reset_gate} the recurrent product; Gluon's rnn.GRU: after")
    return _lm.scratch_and_gluon(cfg, cell, get_params, gru.init_gru_state, "rnn_gru", report)


# The PyTorch course (S4.5): the same scratch run; the Gluon GRU trained with Adam, lr 0.01.
variant("S4.5", "course-gru", "Course variant: GRU with Adam (6.7)", ID, optimizer="adam", gluon_lr=0.01)
