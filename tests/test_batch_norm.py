"""5.10 Batch norm from scratch against numpy and nn.BatchNorm; running statistics; LeNet-BN shapes and training."""
import numpy as np
import pytest
from mxnet import autograd, nd
from mxnet.gluon import nn

from gluonlab import models, registry
from gluonlab.models.cnn import lenet_bn_scratch
from gluonlab.scratch.batch_norm import BatchNorm, batch_norm

EPS, MOMENTUM = 1e-5, 0.9


def _numpy_bn(X, axes):
    mean = X.mean(axis=axes, keepdims=True)
    var = ((X - mean) ** 2).mean(axis=axes, keepdims=True)
    return (X - mean) / np.sqrt(var + EPS), mean, var


@pytest.mark.parametrize("shape,axes,param_shape", [((8, 5), (0,), (1, 5)), ((4, 3, 5, 5), (0, 2, 3), (1, 3, 1, 1))])
def test_training_uses_batch_statistics(seed, shape, axes, param_shape):
    X = nd.random.normal(2, 3, shape=shape)
    gamma, beta = nd.random.uniform(shape=param_shape), nd.random.uniform(shape=param_shape)
    mm, mv = nd.zeros(param_shape), nd.zeros(param_shape)
    with autograd.train_mode():
        Y, new_mm, new_mv = batch_norm(X, gamma, beta, mm, mv, EPS, MOMENTUM)
    X_hat, mean, var = _numpy_bn(X.asnumpy(), axes)
    np.testing.assert_allclose(Y.asnumpy(), gamma.asnumpy() * X_hat + beta.asnumpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(new_mm.asnumpy().reshape(param_shape), 0.1 * mean.reshape(param_shape), rtol=1e-4)
    np.testing.assert_allclose(new_mv.asnumpy().reshape(param_shape), 0.1 * var.reshape(param_shape), rtol=1e-4)


def test_prediction_uses_moving_statistics(seed):
    X = nd.random.normal(shape=(6, 4))
    mm, mv = nd.random.uniform(shape=(1, 4)), nd.random.uniform(1, 2, shape=(1, 4))
    Y, mm2, mv2 = batch_norm(X, nd.ones((1, 4)), nd.zeros((1, 4)), mm, mv, EPS, MOMENTUM)
    expected = (X.asnumpy() - mm.asnumpy()) / np.sqrt(mv.asnumpy() + EPS)
    np.testing.assert_allclose(Y.asnumpy(), expected, rtol=1e-5, atol=1e-6)
    assert mm2 is mm and mv2 is mv, "prediction leaves the moving statistics alone"


def test_block_running_statistics_follow_the_numpy_recurrence(seed):
    layer = BatchNorm(3, num_dims=4)
    layer.initialize()
    assert not layer.moving_var.asnumpy().any(), "the scratch block starts its moving var at 0 (book)"
    mm, mv = np.zeros((1, 3, 1, 1)), np.zeros((1, 3, 1, 1))
    for _ in range(3):
        X = nd.random.normal(1, 2, shape=(4, 3, 5, 5))
        with autograd.record():
            layer(X)
        _, mean, var = _numpy_bn(X.asnumpy(), (0, 2, 3))
        mm, mv = MOMENTUM * mm + (1 - MOMENTUM) * mean, MOMENTUM * mv + (1 - MOMENTUM) * var
    np.testing.assert_allclose(layer.moving_mean.asnumpy(), mm, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(layer.moving_var.asnumpy(), mv, rtol=1e-4, atol=1e-6)
    X = nd.random.normal(shape=(2, 3, 5, 5))
    np.testing.assert_allclose(layer(X).asnumpy(), (X.asnumpy() - mm) / np.sqrt(mv + EPS), rtol=1e-4, atol=1e-5)


def test_block_matches_gluon_batchnorm_in_training(seed):
    X = nd.random.normal(shape=(4, 3, 5, 5))
    ours, gluon_bn = BatchNorm(3, num_dims=4), nn.BatchNorm(in_channels=3, epsilon=EPS)
    ours.initialize()
    gluon_bn.initialize()
    with autograd.record():
        a, b = ours(X), gluon_bn(X)
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-4, atol=1e-4)


def test_lenet_bn_shapes_and_first_bn_parameters(seed):
    X = nd.random.uniform(shape=(2, 1, 28, 28))
    for net in (lenet_bn_scratch(), models.get("lenet_bn")):
        net.initialize()
        assert net(X).shape == (2, 10)
    net = lenet_bn_scratch()
    net.initialize()
    net(X)
    assert net[1].gamma.shape == (1, 6, 1, 1) and net[9].gamma.shape == (1, 120)


def test_section_5_10_quick_trains_both_nets():
    sec = registry.get("5.10")
    lines = []
    result = sec.run(sec.make_config(quick=True), report=lambda *a: lines.append(" ".join(map(str, a))))
    assert lines[0] == "training on cpu(0)"
    assert sum(line.startswith("epoch 1, loss ") and line.endswith(" sec") for line in lines) == 2
    assert {h["net"] for h in result.history} == {"scratch", "gluon"}
    assert len(result.final["gamma"]) == 6


@pytest.mark.slow
def test_section_5_10_book_settings_reach_the_books_accuracy():
    sec = registry.get("5.10")
    result = sec.run(sec.make_config(), report=print)
    assert result.final["scratch_test_acc"] > 0.80 and result.final["test_acc"] > 0.80   # book: 0.870 / 0.881
