"""What the Fashion-MNIST sections share: their config and the prediction figure (registers nothing)."""
from dataclasses import dataclass
from typing import Literal

from ... import data
from ...config import RunConfig
from ...data.fashion_mnist import get_fashion_mnist_labels
from ...plot import show_fashion_mnist


@dataclass(frozen=True)
class FashionConfig(RunConfig):
    batch_size: int = 256
    num_epochs: int = 5
    lr: float = 0.1
    max_examples: int = 0          # 0: the whole data set
    # 'fast' (preloaded NDArrays) or 'gluon' (the book's DataLoader)
    loader: Literal["fast", "gluon"] = "fast"
    QUICK = {"num_epochs": 1, "max_examples": 2048}


def load(cfg):
    """(train_iter, test_iter) for a FashionConfig."""
    return data.load_data_fashion_mnist(cfg.batch_size, loader=cfg.loader, max_examples=cfg.max_examples or None)


def final_of(history):
    return {k: history[-1][k] for k in ("loss", "train_acc", "test_acc")}


def prediction_figure(net, test_iter, n=9):
    """First test batch: titles are true label + newline + predicted label. Book: §3.6."""
    X, y = next(iter(test_iter))
    true_labels = get_fashion_mnist_labels(y.asnumpy())
    pred_labels = get_fashion_mnist_labels(net(X).argmax(axis=1).asnumpy())
    titles = [t + "\n" + p for t, p in zip(true_labels, pred_labels)]
    return show_fashion_mnist(X[0:n], titles[0:n])
