"""The fast training path's shortcuts give the book's values: per-batch shuffled gathers, per-parameter SGD
updates on CPU, the one-graph loss-and-accuracy head of train.fit."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, gluon, init, nd

from gluonlab import models, train
from gluonlab.data.batches import ArrayIter
from gluonlab.train.heads import TrainingHead


def test_shuffled_minibatches_are_the_permutation_of_the_seed():
    X = nd.arange(50 * 3).reshape((50, 3))
    y = nd.arange(50)
    np.random.seed(5)
    batches = [(a.asnumpy(), b.asnumpy()) for a, b in ArrayIter(X, y, 16, shuffle=True)]
    np.random.seed(5)
    perm = np.random.permutation(50)
    assert [len(b) for _, b in batches] == [16, 16, 16, 2]
    np.testing.assert_array_equal(np.concatenate([b for _, b in batches]), perm)
    np.testing.assert_array_equal(np.concatenate([a for a, _ in batches]), X.asnumpy()[perm])
    assert next(iter(ArrayIter(X, y, 16)))[1].asnumpy().tolist() == list(range(16))       # unshuffled: in order


def _mlp_and_batch():
    mx.random.seed(3)
    net = models.get("mlp")
    net.initialize(init.Normal(sigma=0.01))
    X, y = nd.random.uniform(shape=(64, 1, 28, 28)), nd.array(np.random.RandomState(0).randint(0, 10, 64))
    net(X)                                                     # deferred initialization done
    return net, X, y


def test_cpu_sgd_trainer_updates_per_parameter_with_the_aggregated_bits():
    net, X, y = _mlp_and_batch()
    ours = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5, "wd": 1e-3})
    assert ours._optimizer.aggregate_num == 1
    start = {k: p.data().copy() for k, p in net.collect_params().items()}
    results = []
    for trainer in (ours, gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5, "wd": 1e-3})):
        assert trainer is ours or trainer._optimizer.aggregate_num > 1           # MXNet's default aggregates
        for k, p in net.collect_params().items():
            p.set_data(start[k])
        for _ in range(3):
            with autograd.record():
                loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), y).sum()
            loss.backward()
            trainer.step(64)
        results.append([p.data().asnumpy() for p in net.collect_params().values()])
    for a, b, s0 in zip(*results, start.values()):
        assert np.abs(a - s0.asnumpy()).max() > 1e-4                           # trained
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("hybrid_loss", [True, False])
@pytest.mark.parametrize("label_dtype", ["float32", "int32"])
@pytest.mark.parametrize("hybridize", [True, False])
def test_training_head_equals_the_books_expressions(hybrid_loss, label_dtype, hybridize):
    net, X, y = _mlp_and_batch()
    if hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    y = y.astype(label_dtype)                   # the head casts; the book's expressions take d2lzh._get_batch's cast
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    head = TrainingHead(net, loss_fn if hybrid_loss else (lambda a, b: loss_fn(a, b)))
    assert head._whole == (hybrid_loss and hybridize)          # net, cast, loss and count as one graph
    grads = []
    for use_head in (True, False):
        with autograd.record():
            if use_head:
                loss, correct = head(X, y, X.dtype)
            else:
                y_hat = net(X)
                yb = y.astype(X.dtype)
                loss, correct = loss_fn(y_hat, yb).sum(), (y_hat.argmax(axis=1) == yb).sum()
        loss.backward()
        grads.append((loss.asscalar(), correct.asscalar(), [p.grad().asnumpy() for p in net.collect_params().values()]))
    (l1, c1, g1), (l2, c2, g2) = grads
    assert l1 == l2 and c1 == c2
    for a, b in zip(g1, g2):
        np.testing.assert_array_equal(a, b)
    assert not loss_fn._active                  # the caller's loss block is left as it was (not hybridized)


def test_the_whole_graph_still_checks_the_input_shape():
    net = models.get("mlp")
    net.initialize()
    net.hybridize(static_alloc=True, static_shape=True)
    head = TrainingHead(net, gluon.loss.SoftmaxCrossEntropyLoss())
    X, y = nd.ones((4, 1, 28, 28)), nd.array([0, 1, 2, 3])
    with autograd.record():
        head(X, y, X.dtype)
    assert head._whole
    with pytest.raises(models.shapes.InputShapeError, match=r"got \(4, 100\)"):
        with autograd.record():
            head(nd.ones((4, 100)), y, X.dtype)
