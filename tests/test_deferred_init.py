"""4.3 Deferred initialization: 0 in the unknown dimension until the first forward; in_units and force_reinit."""
import pytest
from mxnet import gluon, nd
from mxnet.gluon import nn

from gluonlab.models.blocks import MyInit


def _net(in_units=0):
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu', in_units=in_units), nn.Dense(10, in_units=256 if in_units else 0))
    return net


def test_shapes_before_and_after_first_forward(seed):
    calls = []
    net = _net()
    net.initialize(init=MyInit(fill=False, report=lambda *a: calls.append(a[1:])))
    assert net[0].weight.shape == (256, 0) and net[1].weight.shape == (10, 0)
    assert calls == [], "initialize() cannot call the initializer before shapes are known"
    with pytest.raises(gluon.parameter.DeferredInitializationError):
        net[0].weight.data()
    net(nd.random.uniform(shape=(2, 20)))
    assert net[0].weight.shape == (256, 20)
    assert [shape for _, shape in calls] == [(256, 20), (10, 256)]
    net(nd.random.uniform(shape=(2, 20)))
    assert len(calls) == 2, "a second forward initializes nothing"
    net(nd.random.uniform(shape=(5, 20)))               # another batch size is fine


def test_force_reinit_initializes_at_once(seed):
    net = _net()
    net.initialize()
    net(nd.random.uniform(shape=(2, 20)))
    calls = []
    net.initialize(init=MyInit(fill=False, report=lambda *a: calls.append(a)), force_reinit=True)
    assert len(calls) == 2


def test_in_units_initializes_at_once(seed):
    calls = []
    net = _net(in_units=20)
    net.initialize(init=MyInit(fill=False, report=lambda *a: calls.append(a)))
    assert len(calls) == 2 and net[0].weight.data().shape == (256, 20)


def test_changing_the_input_size_after_init_fails(seed):
    net = _net()
    net.initialize()
    net(nd.random.uniform(shape=(2, 20)))
    with pytest.raises(Exception):
        net(nd.random.uniform(shape=(2, 30))).wait_to_read()
