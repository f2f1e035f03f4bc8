"""Multilayer perceptrons of chapter 3: the concise MLP (3.10) and the dropout MLP (3.13)."""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


def _images(batch_size=2):
    return (nd.random.uniform(shape=(batch_size, 1, 28, 28)),)


@model("mlp", example_input=_images, init=init.Normal(sigma=0.01))
def mlp(num_hiddens=256, num_outputs=10):
    """Dense(256, relu) -> Dense(10). Book: §3.10."""
    net = nn.HybridSequential()
    net.add(nn.Dense(num_hiddens, activation="relu"), nn.Dense(num_outputs))
    return net


@model("mlp_dropout", example_input=_images, init=init.Normal(sigma=0.01), train_mode_random=True)
def mlp_dropout(drop_prob1=0.2, drop_prob2=0.5, num_hiddens1=256, num_hiddens2=256, num_outputs=10):
    """Dense(256, relu) -> Dropout(0.2) -> Dense(256, relu) -> Dropout(0.5) -> Dense(10). Book: §3.13."""
    net = nn.HybridSequential()
    net.add(nn.Dense(num_hiddens1, activation="relu"), nn.Dropout(drop_prob1),
            nn.Dense(num_hiddens2, activation="relu"), nn.Dropout(drop_prob2),
            nn.Dense(num_outputs))
    return net
