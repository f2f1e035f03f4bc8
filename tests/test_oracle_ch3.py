"""Chapter 3 against the book's own d2lzh: same inputs and seeds, equal results."""
import random

import mxnet as mx
import numpy as np
from mxnet import gluon, init, nd

from gluonlab import data, scratch, train
from gluonlab.data.batches import ArrayIter


def test_data_iter_linreg_squared_loss_sgd(d2lzh, seed):
    features, labels = nd.random.normal(shape=(25, 2)), nd.random.normal(shape=(25,))
    random.seed(1)
    ours = [(X.asnumpy(), y.asnumpy()) for X, y in scratch.data_iter(10, features, labels)]
    random.seed(1)
    book = [(X.asnumpy(), y.asnumpy()) for X, y in d2lzh.data_iter(10, features, labels)]
    assert len(ours) == len(book) == 3
    for (a, b), (c, d) in zip(ours, book):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    w, b = nd.random.normal(shape=(2, 1)), nd.ones(1)
    np.testing.assert_array_equal(scratch.linreg(features, w, b).asnumpy(), d2lzh.linreg(features, w, b).asnumpy())
    y_hat = scratch.linreg(features, w, b)
    np.testing.assert_array_equal(scratch.squared_loss(y_hat, labels).asnumpy(),
                                  d2lzh.squared_loss(y_hat, labels).asnumpy())
    # powers of two (1, 256) take sgd_update: the same bits; 4 too; 10 and 3 keep the book's expression
    for lr, batch_size in ((0.1, 4), (100.0, 1), (0.37, 1), (0.5, 256), (0.1, 256), (0.03, 10), (0.1, 3)):
        p1, p2 = nd.random.normal(shape=(100000,)), nd.zeros((100000,))
        p2[:] = p1
        grad = nd.random.normal(scale=10, shape=(100000,))
        for p in (p1, p2):
            p.attach_grad()
            p.grad[:] = grad
        scratch.sgd([p1], lr, batch_size)
        d2lzh.sgd([p2], lr, batch_size)
        np.testing.assert_array_equal(p1.asnumpy(), p2.asnumpy())
    # the check can fail: sgd_update at batch size 10 differs from the book's rounding in some elements
    p1 = nd.random.normal(shape=(100000,))
    p1.attach_grad()
    p1.grad[:] = nd.random.normal(scale=10, shape=(100000,))
    fused = nd.sgd_update(p1, p1.grad, lr=0.1, wd=0, rescale_grad=1 / 10)
    assert (fused != p1 - 0.1 * p1.grad / 10).sum().asscalar() > 0


def _small_fashion(n=512, batch_size=128):
    images, labels = data.fashion_mnist.load_arrays(False)
    X = nd.array(images[:n], dtype="float32").expand_dims(1) / 255
    return ArrayIter(X, nd.array(labels[:n], dtype="int32"), batch_size, shuffle=False)


def test_evaluate_accuracy_and_train_ch3(d2lzh, seed):
    it = _small_fashion()
    nets = []
    for _ in range(2):
        net = gluon.nn.Dense(10)
        net.initialize(init.Normal(0.01))
        nets.append(net)
    nets[0](next(iter(it))[0])
    nets[1](next(iter(it))[0])
    nets[1].weight.set_data(nets[0].weight.data())
    assert train.evaluate_accuracy(it, nets[0]) == d2lzh.evaluate_accuracy(it, nets[1])
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    t0 = gluon.Trainer(nets[0].collect_params(), "sgd", {"learning_rate": 0.1})
    t1 = gluon.Trainer(nets[1].collect_params(), "sgd", {"learning_rate": 0.1})
    history = train.fit(nets[0], it, it, loss_fn, 2, 128, trainer=t0, report=lambda *a: None)
    d2lzh.train_ch3(nets[1], it, it, loss_fn, 2, 128, None, None, t1)
    np.testing.assert_allclose(nets[0].weight.data().asnumpy(), nets[1].weight.data().asnumpy(), rtol=1e-5,
                               atol=1e-7)
    assert history[-1]["test_acc"] == d2lzh.evaluate_accuracy(it, nets[1])
