"""6.8 Long short-term memory (LSTM), from scratch and with Gluon. Book: d2l-zh v1 §6.8 (d2lzh.train_and_predict_rnn*)."""
from dataclasses import dataclass

from ...registry import Result, section, variant
from ...scratch import lstm
from . import _lm

ID, SLUG, TITLE = "6.8", "lstm", "Long short-term memory (LSTM)"


@dataclass(frozen=True)
class Config(_lm.GatedConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    return _lm.scratch_and_gluon(cfg, lstm.lstm, lstm.get_params, lstm.init_lstm_state, "rnn_lstm", report)


# The PyTorch course (S4.6): the same scratch run; the Gluon LSTM trained with Adam, lr 0.01.
variant("S4.6", "course-lstm", "Course variant: LSTM with Adam (6.8)", ID, optimizer="adam", gluon_lr=0.01)
