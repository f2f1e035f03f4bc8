"""5.5 LeNet: the padded forward computes the book's network, the book's shape cell, the bench workload's sides."""
import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, init, nd

from gluonlab import models
from gluonlab.bench import runner
from gluonlab.sections.ch5 import ch5_05_lenet

BOOK_SHAPES = ["conv0 output shape:\t (1, 6, 24, 24)", "pool0 output shape:\t (1, 6, 12, 12)",
               "conv1 output shape:\t (1, 16, 8, 8)", "pool1 output shape:\t (1, 16, 4, 4)",
               "dense0 output shape:\t (1, 120)", "dense1 output shape:\t (1, 84)", "dense2 output shape:\t (1, 10)"]


def _pair():
    padded, plain = models.get("lenet", pad_channels=True), models.get("lenet", pad_channels=False)
    padded.initialize(init=init.Xavier())
    plain.initialize()
    for a, b in zip(padded.collect_params().values(), plain.collect_params().values()):
        b.set_data(a.data())
    return padded, plain


def _grads(net, X, y):
    with autograd.record():
        loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()(net(X), y).sum()
    loss.backward()
    return [p.grad().asnumpy() for p in net.collect_params().values()]


@pytest.mark.parametrize("hybridize", [False, True])
def test_padded_channels_compute_the_books_network(seed, hybridize):
    padded, plain = _pair()
    if hybridize:
        padded.hybridize(static_alloc=True, static_shape=True)
    X, y = nd.random.uniform(shape=(8, 1, 28, 28)), nd.array([0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_allclose(padded(X).asnumpy(), plain(X).asnumpy(), rtol=1e-5, atol=1e-6)
    for g_padded, g_plain in zip(_grads(padded, X, y), _grads(plain, X, y)):
        assert g_padded.shape == g_plain.shape
        np.testing.assert_allclose(g_padded, g_plain, rtol=1e-4, atol=1e-7)


def test_parameters_are_the_books_shapes():
    net = models.get("lenet")
    net.initialize()
    shapes = [p.shape for p in net.collect_params().values()]
    assert shapes == [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 256), (120,), (84, 120), (84,), (10, 84),
                      (10,)]


def test_the_books_shape_cell():
    lines = []
    with mx.name.NameManager():
        net = models.get("lenet")
    ch5_05_lenet.print_shapes(net, report=lambda *args: lines.append(" ".join(map(str, args))))
    assert lines == BOOK_SHAPES


def test_lenet_workload_runs_the_books_code_and_ours():
    entry = runner.bench_workload("lenet", repeats=1, quick=True, n_threads=1, log=lambda s: None)
    assert [e["side"] for e in entry["sides"]] == ["d2lzh", "imperative", "hybrid"]
    assert all("error" not in e for e in entry["sides"]), entry["sides"]
    ours = [e["metric"] for e in entry["sides"][1:]]
    assert ours[0] == pytest.approx(ours[1], abs=2e-3)       # the same seed and data: the same accuracy
    assert all(0 <= e["metric"] <= 1 for e in entry["sides"])


def test_train_ch5_runs_a_plain_sequential_as_one_graph_with_the_books_numbers(seed, d2lzh, capsys):
    """d2l.train_ch5 on the notebook's nn.Sequential LeNet against d2lzh.train_ch5 on its twin: the same lines,
    the same trained weights (to float32 rounding); the notebook's net is left imperative."""
    from gluonlab import d2l
    from gluonlab.bench.lenet import book_lenet
    from gluonlab.data import cache
    from gluonlab.data.batches import ArrayIter
    from gluonlab.train import heads
    X, y = cache.load_tensors(True)
    it = ArrayIter(X[:640], y[:640], 128)
    nets = [book_lenet(), book_lenet()]
    for net in nets:
        mx.random.seed(0)
        net.initialize(init=init.Xavier(), ctx=mx.cpu())
        net(X[:1])
    assert isinstance(heads.sequential_graph(nets[0]), mx.gluon.nn.HybridSequential)
    printed = []
    for train_ch5, net in zip((d2l.train_ch5, d2lzh.train_ch5), nets):
        trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.9})
        train_ch5(net, it, it, 128, trainer, mx.cpu(), 2)
        printed.append([line.rsplit(", time", 1)[0] for line in capsys.readouterr().out.splitlines()])
    assert printed[0] == printed[1] and len(printed[0]) == 3
    for a, b in zip(nets[0].collect_params().values(), nets[1].collect_params().values()):
        np.testing.assert_allclose(a.data().asnumpy(), b.data().asnumpy(), rtol=1e-4, atol=1e-6)
    assert not any(layer._active for layer in nets[0])       # the notebook's layers stay imperative
