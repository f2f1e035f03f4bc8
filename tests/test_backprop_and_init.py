"""3.14 and 3.15 as tests: manual gradients equal autograd's; vanishing/exploding; symmetry; initializers."""
import math

import numpy as np
import pytest
from mxnet import init, nd

from gluonlab.scratch.backprop import autograd_grads, backward, forward
from gluonlab.scratch.stability import deep_linear_norms, dense_weight, symmetric_mlp_after_training, xavier_bound


@pytest.mark.parametrize("d,h,q,lambd", [(5, 4, 3, 0.1), (20, 7, 10, 0.0), (3, 16, 2, 1.0)])
def test_manual_backprop_equals_autograd(seed, d, h, q, lambd):
    x, W1, W2 = nd.random.normal(shape=(d,)), nd.random.normal(shape=(h, d)), nd.random.normal(shape=(q, h))
    J, cache = forward(x, 1, W1, W2, lambd)
    for m, a in zip(backward(x, 1, W1, W2, lambd, *cache), autograd_grads(x, 1, W1, W2, lambd)):
        np.testing.assert_allclose(m.asnumpy(), a.asnumpy(), rtol=1e-4, atol=1e-5)
    wrong = backward(x, 1, W1, W2, lambd + 0.5, *cache)          # the check can fail
    assert not np.allclose(wrong[0].asnumpy(), autograd_grads(x, 1, W1, W2, lambd)[0].asnumpy())


def test_vanishing_and_exploding_products():
    assert math.isclose(0.2 ** 30, 1.07e-21, rel_tol=0.01) and math.isclose(5 ** 30, 9.31e20, rel_tol=0.01)
    out, grad = deep_linear_norms(0.2, 30)
    assert math.isclose(out, 0.2 ** 30, rel_tol=1e-3) and math.isclose(grad, 0.2 ** 30, rel_tol=1e-3)
    out, grad = deep_linear_norms(5.0, 30)
    assert math.isclose(out, 5.0 ** 30, rel_tol=1e-3) and math.isclose(grad, 5.0 ** 30, rel_tol=1e-3)


def test_equal_initial_weights_stay_equal(seed):
    W = symmetric_mlp_after_training(steps=20)
    assert (W - W[0:1]).abs().max().asscalar() == 0
    assert (W - 0.3).abs().max().asscalar() > 1e-4              # it did train


def test_default_init_is_uniform_007_with_zero_bias(seed):
    w, b = dense_weight(None, 256, 784)
    w = w.asnumpy()
    assert np.abs(w).max() <= 0.07 and np.abs(w).max() > 0.0699
    assert abs(w.mean()) < 0.001 and abs(w.var() - 0.07 ** 2 / 3) < 0.02 * 0.07 ** 2 / 3
    hist, _ = np.histogram(w, bins=10, range=(-0.07, 0.07))      # flat: every bin within 3% of the mean
    assert np.abs(hist / hist.mean() - 1).max() < 0.03
    assert (b.asnumpy() == 0).all()


def test_xavier_bound(seed):
    w, _ = dense_weight(init.Xavier(), 256, 784)
    bound = xavier_bound(784, 256)
    assert math.isclose(bound, math.sqrt(6 / 1040))
    w = w.asnumpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert abs(w.var() - bound ** 2 / 3) < 0.02 * bound ** 2 / 3
