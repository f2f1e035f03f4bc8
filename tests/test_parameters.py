"""4.2 Parameters: access, regex collection, initializers, MyInit, set_data, sharing with gradient accumulation."""
import numpy as np
import pytest
from mxnet import autograd, init, nd
from mxnet.gluon import nn

from gluonlab.models.blocks import MyInit


@pytest.fixture
def net(seed):
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
    net.initialize()
    net(nd.random.uniform(shape=(2, 20)))
    return net


def test_access_by_index_and_name(net):
    params = net[0].params
    assert params[net[0].prefix + 'weight'] is net[0].weight
    assert net[0].weight.shape == (256, 20) and net[0].bias.shape == (256,)
    assert not net[1].bias.data().asnumpy().any() and not net[0].weight.grad().asnumpy().any()
    assert len(list(net.collect_params().keys())) == 4
    weights = net.collect_params('.*weight')
    assert len(list(weights.keys())) == 2 and all(name.endswith('weight') for name in weights)


def test_builtin_initializers(net):
    net.initialize(init=init.Normal(sigma=0.01), force_reinit=True)
    assert 0.005 < net[0].weight.data().asnumpy().std() < 0.015
    assert not net[0].bias.data().asnumpy().any(), "Dense bias keeps its zeros initializer"
    net.initialize(init=init.Constant(1), force_reinit=True)
    assert (net[0].weight.data().asnumpy() == 1).all()
    net[0].weight.initialize(init=init.Xavier(), force_reinit=True)
    w = net[0].weight.data().asnumpy()
    bound = np.sqrt(6 / (20 + 256))
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert (net[1].weight.data().asnumpy() == 1).all(), "only net[0] was re-initialized"


def test_my_init_sees_only_weights_and_zeroes_small_values(net):
    seen = []
    net.initialize(MyInit(report=lambda *args: seen.append(args)), force_reinit=True)
    assert [(shape) for _, _, shape in seen] == [(256, 20), (10, 256)]
    w = np.abs(net[0].weight.data().asnumpy())
    assert ((w == 0) | ((w >= 5) & (w <= 10))).all()
    assert 0.35 < (w == 0).mean() < 0.65


def test_set_data(net):
    before = net[0].weight.data().copy()
    net[0].weight.set_data(net[0].weight.data() + 1)
    np.testing.assert_allclose(net[0].weight.data().asnumpy(), before.asnumpy() + 1)


def test_shared_parameters_are_one_object_and_accumulate_gradients(seed):
    X = nd.random.uniform(shape=(2, 20))
    shared = nn.Dense(8, activation='relu')
    net = nn.Sequential()
    net.add(nn.Dense(8, activation='relu'), shared, nn.Dense(8, activation='relu', params=shared.params),
            nn.Dense(10))
    net.initialize()
    with autograd.record():
        net(X).sum().backward()
    assert net[1].weight is net[2].weight
    assert len(list(net.collect_params().keys())) == 6

    # the same computation with two separate copies: the shared gradient is the sum of theirs
    twin = nn.Sequential()
    twin.add(nn.Dense(8, activation='relu'), nn.Dense(8, activation='relu'), nn.Dense(8, activation='relu'),
             nn.Dense(10))
    twin.initialize()
    twin(X)
    for i, j in ((0, 0), (1, 1), (2, 1), (3, 3)):
        twin[i].weight.set_data(net[j].weight.data())
        twin[i].bias.set_data(net[j].bias.data())
    with autograd.record():
        twin(X).sum().backward()
    expected = twin[1].weight.grad() + twin[2].weight.grad()
    assert float(twin[2].weight.grad().abs().sum().asscalar()) > 0
    np.testing.assert_allclose(net[1].weight.grad().asnumpy(), expected.asnumpy(), rtol=1e-5, atol=1e-7)
