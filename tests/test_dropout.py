"""Inverted dropout: keeps the expectation, zeroes the right fraction, identity at prediction time."""
import numpy as np
import pytest
from mxnet import autograd, nd
from mxnet.gluon import nn

from gluonlab.scratch import dropout


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_fraction_and_expectation(seed, p):
    X = nd.ones((200, 500))
    out = dropout(X, p).asnumpy()
    zero_frac = (out == 0).mean()
    assert abs(zero_frac - p) < 0.01
    assert np.allclose(out[out != 0], 1 / (1 - p))
    assert abs(out.mean() - 1) < 0.02


def test_edge_probabilities_and_gradient(seed):
    X = nd.arange(16).reshape((2, 8))
    assert (dropout(X, 0) == X).min().asscalar() == 1
    assert dropout(X, 1).abs().sum().asscalar() == 0
    X = nd.ones((4, 8))
    X.attach_grad()
    with autograd.record():
        y = dropout(X, 0.5)
    y.backward()
    assert ((X.grad == 0) == (y == 0)).min().asscalar() == 1      # dropped units get zero gradient


def test_gluon_dropout_is_identity_outside_record(seed):
    layer = nn.Dropout(0.5)
    X = nd.ones((10, 10))
    assert (layer(X) == X).min().asscalar() == 1
    with autograd.record():
        assert (layer(X) == 0).sum().asscalar() > 0
