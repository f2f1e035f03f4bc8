"""Scratch and Gluon versions of the same model agree given the same parameters: outputs, losses, one step."""
import numpy as np
from mxnet import autograd, gluon, init, nd

from gluonlab import models
from gluonlab.scratch import cross_entropy, linreg, relu, sgd, softmax, squared_loss

RTOL, ATOL = 1e-5, 1e-6


def close(a, b):
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=RTOL, atol=ATOL)


def gluon_twin(name, X, params, **kwargs):
    """A registered model initialized, then given the scratch parameters (Dense stores W as (units, in_units))."""
    net = models.get(name, **kwargs)
    net.initialize(init.Normal(0.01))
    net(X)
    for layer, (W, b) in zip([l for l in net if l.params], zip(params[::2], params[1::2])):
        layer.weight.set_data(W.T)
        layer.bias.set_data(b)
    return net


def step_both(scratch_net, scratch_params, scratch_loss, net, gluon_loss, X, y, lr):
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    with autograd.record():
        l_s = scratch_loss(scratch_net(X), y)
    l_s.backward()
    with autograd.record():
        l_g = gluon_loss(net(X), y)
    l_g.backward()
    sgd(scratch_params, lr, X.shape[0])
    trainer.step(X.shape[0])
    return l_s, l_g


def test_linear_regression(seed):
    X, y = nd.random.normal(shape=(10, 2)), nd.random.normal(shape=(10,))
    w, b = nd.random.normal(scale=0.01, shape=(2, 1)), nd.zeros(1)
    for p in (w, b):
        p.attach_grad()
    net = gluon_twin("linreg", X, [w, b])
    close(linreg(X, w, b), net(X))
    l_s, l_g = step_both(lambda X: linreg(X, w, b), [w, b], squared_loss, net, gluon.loss.L2Loss(), X, y, 0.03)
    close(l_s.reshape((-1,)), l_g)
    close(w.T, net[0].weight.data())
    close(b, net[0].bias.data())


def test_softmax_regression(seed):
    X, y = nd.random.uniform(shape=(8, 1, 28, 28)), nd.array(np.arange(8) % 10)
    W, b = nd.random.normal(scale=0.01, shape=(784, 10)), nd.random.normal(shape=(10,))
    for p in (W, b):
        p.attach_grad()
    scratch = lambda X: softmax(nd.dot(X.reshape((-1, 784)), W) + b)  # noqa: E731
    net = gluon_twin("softmax", X, [W, b])
    close(scratch(X), nd.softmax(net(X)))
    l_s, l_g = step_both(scratch, [W, b], cross_entropy, net, gluon.loss.SoftmaxCrossEntropyLoss(), X, y, 0.1)
    close(l_s, l_g)
    close(W.T, net[0].weight.data())


def test_mlp(seed):
    X, y = nd.random.uniform(shape=(8, 1, 28, 28)), nd.array(np.arange(8) % 10)
    params = [nd.random.normal(scale=0.01, shape=(784, 256)), nd.random.normal(scale=0.1, shape=(256,)),
              nd.random.normal(scale=0.01, shape=(256, 10)), nd.zeros(10)]
    for p in params:
        p.attach_grad()
    W1, b1, W2, b2 = params
    scratch = lambda X: nd.dot(relu(nd.dot(X.reshape((-1, 784)), W1) + b1), W2) + b2  # noqa: E731
    net = gluon_twin("mlp", X, params)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    close(scratch(X), net(X))
    step_both(scratch, params, loss_fn, net, loss_fn, X, y, 0.5)
    close(W1.T, net[0].weight.data())
    close(W2.T, net[1].weight.data())


def test_a_planted_difference_is_caught(seed):
    a = nd.ones((3,))
    try:
        close(a, a + 1e-3)
    except AssertionError:
        return
    raise AssertionError("close() accepted a difference of 1e-3")
