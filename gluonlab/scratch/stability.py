"""Numerical stability and initialization, as checks that run. Book: §3.15."""
import math

from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn


def deep_linear_norms(scale, depth=30, width=16):
    """Norms of the output and of the input gradient through `depth` identity-activation layers W = scale * I."""
    x = nd.ones((1, width))
    x.attach_grad()
    W = nd.eye(width) * scale
    with autograd.record():
        out = x
        for _ in range(depth):
            out = nd.dot(out, W)
    out.backward()
    return out.norm().asscalar() / math.sqrt(width), x.grad.norm().asscalar() / math.sqrt(width)


def symmetric_mlp_after_training(steps=20, num_hiddens=8, seed_batch=None):
    """Train an MLP whose weights all start equal; return the first layer's weight (rows stay identical)."""
    net = nn.Sequential()
    net.add(nn.Dense(num_hiddens, activation="sigmoid"), nn.Dense(3))
    net.initialize(init.Constant(0.3))
    X, y = seed_batch or (nd.random.normal(shape=(32, 5)), nd.random.randint(0, 3, shape=(32,)).astype("float32"))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    for _ in range(steps):
        with autograd.record():
            loss = loss_fn(net(X), y)
        loss.backward()
        trainer.step(X.shape[0])
    return net[0].weight.data()


def dense_weight(initializer, units=256, in_units=784):
    """A Dense layer's weight and bias after `initialize(initializer)` (None: the default)."""
    layer = nn.Dense(units, in_units=in_units)
    layer.initialize(initializer) if initializer is not None else layer.initialize()
    return layer.weight.data(), layer.bias.data()


def xavier_bound(fan_in, fan_out):
    """sqrt(6 / (fan_in + fan_out)): Xavier's uniform bound (init.Xavier()'s default)."""
    return math.sqrt(6 / (fan_in + fan_out))
