"""4.1/4.4 Blocks of the chapter on deep-learning computation, and their HybridBlock twins.

Book: d2l-zh v1 §4.1 (MLP, MySequential, FancyMLP, NestMLP), §4.2-4.3 (MyInit), §4.4 (CenteredLayer, MyDense).
The Block versions follow the book line by line and are not registered: FancyMLP needs Python control flow.
The HybridBlock twins are registered and go through the hybridized-vs-imperative parity tests.
"""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model


def _features(num_inputs):
    return lambda batch_size=2: (nd.random.uniform(shape=(batch_size, num_inputs)),)


class MLP(nn.Block):
    """Dense(256, relu) then Dense(10), as a Block subclass. Book: 4.1."""

    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)   # passes prefix/params through
        self.hidden = nn.Dense(256, activation='relu')
        self.output = nn.Dense(10)

    def forward(self, x):
        return self.output(self.hidden(x))


class MySequential(nn.Block):
    """A hand-written Sequential: children run in insertion order. Book: 4.1."""

    def add(self, block):
        # the child registry makes initialize()/collect_params() reach the block (MXNet 1.x)
        self._children[block.name] = block

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x


class FancyMLP(nn.Block):
    """Constant random weight, a reused Dense layer and Python control flow; returns a scalar. Book: 4.1."""

    def __init__(self, **kwargs):
        super(FancyMLP, self).__init__(**kwargs)
        self.rand_weight = self.params.get_constant('rand_weight', nd.random.uniform(shape=(20, 20)))
        self.dense = nn.Dense(20, activation='relu')

    def forward(self, x):
        x = self.dense(x)
        x = nd.relu(nd.dot(x, self.rand_weight.data()) + 1)
        x = self.dense(x)                     # the same layer again: its parameters are shared
        while x.norm().asscalar() > 1:
            x /= 2
        if x.norm().asscalar() < 0.8:
            x *= 10
        return x.sum()


class NestMLP(nn.Block):
    """Sequential(Dense(64), Dense(32)) followed by Dense(16), all relu. Book: 4.1."""

    def __init__(self, **kwargs):
        super(NestMLP, self).__init__(**kwargs)
        self.net = nn.Sequential()
        self.net.add(nn.Dense(64, activation='relu'), nn.Dense(32, activation='relu'))
        self.dense = nn.Dense(16, activation='relu')

    def forward(self, x):
        return self.dense(self.net(x))


class HybridMLP(nn.HybridBlock):
    """HybridBlock twin of MLP."""

    def __init__(self, **kwargs):
        super(HybridMLP, self).__init__(**kwargs)
        self.hidden = nn.Dense(256, activation='relu')
        self.output = nn.Dense(10)

    def hybrid_forward(self, F, x):
        return self.output(self.hidden(x))


class HybridNestMLP(nn.HybridBlock):
    """HybridBlock twin of NestMLP."""

    def __init__(self, **kwargs):
        super(HybridNestMLP, self).__init__(**kwargs)
        self.net = nn.HybridSequential()
        self.net.add(nn.Dense(64, activation='relu'), nn.Dense(32, activation='relu'))
        self.dense = nn.Dense(16, activation='relu')

    def hybrid_forward(self, F, x):
        return self.dense(self.net(x))


class CenteredLayer(nn.HybridBlock):
    """x - mean(x), no parameters. Book: 4.4 (a Block there; hybrid_forward uses F only)."""

    def hybrid_forward(self, F, x):
        return F.broadcast_sub(x, F.mean(x))


class MyDense(nn.HybridBlock):
    """relu(x . weight + bias) with weight (in_units, units), the transpose of nn.Dense's. Book: 4.4."""

    def __init__(self, units, in_units, **kwargs):
        super(MyDense, self).__init__(**kwargs)
        self.weight = self.params.get('weight', shape=(in_units, units))
        self.bias = self.params.get('bias', shape=(units,))

    def hybrid_forward(self, F, x, weight, bias):
        return F.relu(F.broadcast_add(F.dot(x, weight), bias))


class MyInit(init.Initializer):
    """Print 'Init', name, shape for every weight; with fill, U(-10, 10) zeroed where |w| < 5. Book: 4.2, 4.3."""

    def __init__(self, fill=True, report=print):
        super(MyInit, self).__init__()
        self.fill, self.report = fill, report

    def _init_weight(self, name, data):
        self.report('Init', name, data.shape)
        if self.fill:
            data[:] = nd.random.uniform(low=-10, high=10, shape=data.shape)
            data *= data.abs() >= 5


@model("construction_mlp", example_input=_features(20))
def construction_mlp():
    """HybridMLP: Dense(256, relu) -> Dense(10). Book: 4.1 (twin of MLP)."""
    return HybridMLP()


@model("nest_mlp", example_input=_features(20))
def nest_mlp():
    """HybridNestMLP -> Dense(20): the hybridizable part of 4.1's composite net."""
    net = nn.HybridSequential()
    net.add(HybridNestMLP(), nn.Dense(20))
    return net


@model("centered_mlp", example_input=_features(8))
def centered_mlp():
    """Dense(128) -> CenteredLayer. Book: 4.4."""
    net = nn.HybridSequential()
    net.add(nn.Dense(128), CenteredLayer())
    return net


@model("my_dense_mlp", example_input=_features(64))
def my_dense_mlp():
    """MyDense(8, in_units=64) -> MyDense(1, in_units=8). Book: 4.4."""
    net = nn.HybridSequential()
    net.add(MyDense(8, in_units=64), MyDense(1, in_units=8))
    return net
