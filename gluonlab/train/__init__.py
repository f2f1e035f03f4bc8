"""Training loops: one classification fit loop (train_ch3/train_ch5/train), metrics, and the run helpers."""
from .classify import evaluate_accuracy, fit, train_ch3, train_ch5
from .parallel import is_distributed, make_trainer
from .trainer import Trainer
