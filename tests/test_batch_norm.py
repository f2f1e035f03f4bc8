"""5.10 Batch norm from scratch against the book's own code (the oracle), numpy and nn.BatchNorm; running
statistics; LeNet-BN shapes and training."""
import functools

import numpy as np
import pytest
from mxnet import autograd, nd
from mxnet.gluon import nn

from gluonlab import models, registry
from gluonlab.models.cnn import lenet_bn_scratch
from gluonlab.reference import book_batch_norm
from gluonlab.scratch.batch_norm import BatchNorm, _Normalize, batch_norm

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


# --- against the book's own code (gluonlab/reference/book_batch_norm.py, the oracle) ---

ORACLE_SHAPES = [(8, 5), (64, 120), (4, 3, 5, 5), (16, 6, 12, 12)]


def _param_shape(shape):
    return (1, shape[1]) if len(shape) == 2 else (1, shape[1], 1, 1)


def _inputs(shape):
    """X with a mean and scale far from 0 and 1, gamma/beta, moving statistics and the loss weights G."""
    ps = _param_shape(shape)
    return dict(X=nd.random.normal(2, 3, shape=shape), gamma=nd.random.uniform(0.5, 1.5, shape=ps),
                beta=nd.random.normal(shape=ps), moving_mean=nd.random.normal(shape=ps),
                moving_var=nd.random.uniform(0.5, 2, shape=ps), G=nd.random.normal(shape=shape))


def _forward_backward(fn, inp, train, momentum=MOMENTUM, eps=EPS, grads=("X", "gamma", "beta")):
    """Y and the moving statistics fn returns, and the gradients of sum(Y * G) for the arrays named in grads."""
    arrays = {k: inp[k].copy() for k in ("X", "gamma", "beta")}
    for k in grads:
        arrays[k].attach_grad()
    with autograd.record(train_mode=train):
        Y, mm, mv = fn(arrays["X"], arrays["gamma"], arrays["beta"], inp["moving_mean"], inp["moving_var"],
                       eps, momentum)
        loss = (Y * inp["G"]).sum()
    loss.backward()
    return dict(Y=Y, moving_mean=mm, moving_var=mv, **{"d" + k: arrays[k].grad for k in grads})


def assert_same_as_book(ours, book):
    """Every array equal within float32 rounding, with the same shape."""
    assert sorted(ours) == sorted(book)
    for k in book:
        assert ours[k].shape == book[k].shape, (k, ours[k].shape, book[k].shape)
        np.testing.assert_allclose(ours[k].asnumpy(), book[k].asnumpy(), rtol=1e-4, atol=1e-5, err_msg=k)


def _cached_graph():
    graph = _Normalize(eps=EPS)
    graph.hybridize(static_alloc=True, static_shape=True)
    return graph


@pytest.mark.parametrize("graph", [False, True], ids=["nd", "cached-graph"])
@pytest.mark.parametrize("train", [True, False], ids=["train", "predict"])
@pytest.mark.parametrize("shape", ORACLE_SHAPES, ids=str)
def test_same_outputs_gradients_and_moving_statistics_as_the_book(seed, shape, train, graph):
    """batch_norm with F=nd, and with the cached graph the block uses, against the book's batch_norm."""
    inp = _inputs(shape)
    ours = functools.partial(batch_norm, graph=_cached_graph()) if graph else batch_norm
    assert_same_as_book(_forward_backward(ours, inp, train),
                        _forward_backward(book_batch_norm.batch_norm, inp, train))


@pytest.mark.parametrize("grads", [("gamma", "beta"), ("X",), ("X", "beta")], ids=["data-input", "frozen", "no-gamma"])
@pytest.mark.parametrize("shape", [(8, 5), (4, 3, 5, 5)], ids=str)
def test_same_gradients_when_some_inputs_need_none(seed, shape, grads):
    """X as a network's data (no gradient) or gamma/beta frozen: the other gradients are still the book's."""
    inp = _inputs(shape)
    assert_same_as_book(_forward_backward(batch_norm, inp, True, grads=grads),
                        _forward_backward(book_batch_norm.batch_norm, inp, True, grads=grads))


def test_training_forward_without_recording_matches_the_book(seed):
    inp = _inputs((4, 3, 5, 5))
    args = [inp[k] for k in ("X", "gamma", "beta", "moving_mean", "moving_var")] + [EPS, MOMENTUM]
    with autograd.train_mode():
        ours, book = batch_norm(*args), book_batch_norm.batch_norm(*args)
    for a, b in zip(ours, book):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-4, atol=1e-5)


def _book_with_constant_statistics(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """The book's training formula with the batch statistics outside the graph: same outputs, other dX."""
    with autograd.pause():
        mean = X.mean(axis=0) if X.ndim == 2 else X.mean(axis=(0, 2, 3), keepdims=True)
        var = ((X - mean) ** 2).mean(axis=0) if X.ndim == 2 else ((X - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
    Y = gamma * (X - mean) / nd.sqrt(var + eps) + beta
    return Y, momentum * moving_mean + (1 - momentum) * mean, momentum * moving_var + (1 - momentum) * var


@pytest.mark.parametrize("shape", [(8, 5), (4, 3, 5, 5)], ids=str)
def test_the_check_catches_planted_differences(seed, shape):
    inp = _inputs(shape)
    book = _forward_backward(book_batch_norm.batch_norm, inp, True)
    with pytest.raises(AssertionError, match="moving_mean"):                   # momentum 0.8 instead of 0.9
        assert_same_as_book(_forward_backward(batch_norm, inp, True, momentum=0.8), book)
    with pytest.raises(AssertionError, match="dX"):                            # statistics treated as constants
        assert_same_as_book(_forward_backward(_book_with_constant_statistics, inp, True), book)
    with pytest.raises(AssertionError, match="Y"):                             # another eps
        assert_same_as_book(_forward_backward(batch_norm, inp, True, eps=1e-1), book)


@pytest.mark.parametrize("num_dims,shape", [(2, (16, 7)), (4, (8, 6, 6, 6))], ids=["dense", "conv"])
def test_block_follows_the_books_block_over_steps(seed, num_dims, shape):
    """Three recorded steps then a prediction: moving statistics (from the book's zeros), gradients, outputs."""
    ours, book = BatchNorm(shape[1], num_dims=num_dims), book_batch_norm.BatchNorm(shape[1], num_dims=num_dims)
    ours.initialize()
    book.initialize()
    for _ in range(3):
        X = nd.random.normal(1, 2, shape=shape)
        G = nd.random.normal(shape=shape)
        outs = []
        for layer in (ours, book):
            Xg = X.copy()
            Xg.attach_grad()
            with autograd.record():
                loss = (layer(Xg) * G).sum()
            loss.backward()
            outs.append([Xg.grad, layer.gamma.grad(), layer.beta.grad(), layer.moving_mean, layer.moving_var])
        for a, b in zip(*outs):
            assert a.shape == b.shape
            np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-4, atol=1e-5)
    X = nd.random.normal(shape=shape)
    np.testing.assert_allclose(ours(X).asnumpy(), book(X).asnumpy(), rtol=1e-4, atol=1e-5)


def test_block_graph_follows_changes_of_batch_size(seed):
    """The block's cached training graph (static shapes) on minibatches of 8, 5 (an epoch's last) and 8 again:
    each output and moving statistic as the book's block computes it."""
    ours, book = BatchNorm(3, num_dims=4), book_batch_norm.BatchNorm(3, num_dims=4)
    ours.initialize()
    book.initialize()
    for n in (8, 5, 8):
        X = nd.random.normal(1, 2, shape=(n, 3, 5, 5))
        with autograd.record():
            a, b = ours(X), book(X)
        for x, y in ((a, b), (ours.moving_mean, book.moving_mean), (ours.moving_var, book.moving_var)):
            np.testing.assert_allclose(x.asnumpy(), y.asnumpy(), rtol=1e-4, atol=1e-5)
