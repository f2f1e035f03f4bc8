"""4.1/4.4 Blocks: shapes, child registration, the constant parameter, HybridBlock twins equal to the Blocks."""
import numpy as np
import pytest
from mxnet import autograd, nd
from mxnet.base import MXNetError
from mxnet.gluon import nn

from gluonlab.models.blocks import (MLP, CenteredLayer, FancyMLP, HybridMLP, HybridNestMLP, MyDense, MySequential,
                                    NestMLP)
from gluonlab.models.checkpoint import copy_parameters


@pytest.fixture
def X(seed):
    return nd.random.uniform(shape=(2, 20))


def test_mlp_and_nested_shapes(X):
    for net, shape in ((MLP(), (2, 10)), (NestMLP(), (2, 16))):
        net.initialize()
        assert net(X).shape == shape


def test_my_sequential_registers_children_in_order(X):
    net = MySequential()
    first, second = nn.Dense(256, activation='relu'), nn.Dense(10)
    net.add(first)
    net.add(second)
    net.initialize()
    out = net(X)
    assert len(list(net.collect_params().keys())) == 4, "initialize()/collect_params() must reach the added blocks"
    np.testing.assert_allclose(out.asnumpy(), second(first(X)).asnumpy(), rtol=1e-6)


def test_fancy_mlp_constant_weight_is_not_trained(X):
    net = FancyMLP()
    net.initialize()
    y = net(X)
    assert y.shape == (1,)
    assert net.rand_weight.grad_req == 'null' and net.rand_weight.shape == (20, 20)
    with pytest.raises(MXNetError, match="[Ii]nplace|already in a computational graph"):
        with autograd.record():         # `x /= 2` in its control flow cannot be recorded (in-place)
            net(X)


def test_composite_of_nested_blocks_returns_a_scalar(X):
    net = nn.Sequential()
    net.add(NestMLP(), nn.Dense(20), FancyMLP())
    net.initialize()
    assert net(X).shape == (1,)


@pytest.mark.parametrize("block_cls,twin_cls", [(MLP, HybridMLP), (NestMLP, HybridNestMLP)])
def test_hybrid_twin_equals_block(X, block_cls, twin_cls):
    net = block_cls()
    net.initialize()
    twin = copy_parameters(net, twin_cls(), X)
    twin.hybridize()
    np.testing.assert_allclose(twin(X).asnumpy(), net(X).asnumpy(), rtol=1e-5, atol=1e-6)


def test_centered_layer():
    np.testing.assert_array_equal(CenteredLayer()(nd.array([1, 2, 3, 4, 5])).asnumpy(), [-2, -1, 0, 1, 2])
    net = nn.HybridSequential()
    net.add(nn.Dense(128), CenteredLayer())
    net.initialize()
    assert abs(net(nd.random.uniform(shape=(4, 8))).mean().asscalar()) < 1e-6


def test_my_dense_matches_numpy(seed):
    layer = MyDense(units=3, in_units=5)
    assert [p.shape for p in layer.params.values()] == [(5, 3), (3,)]     # (in_units, units): Dense transposed
    layer.initialize()
    x = nd.random.uniform(shape=(2, 5))
    W, b = layer.weight.data().asnumpy(), layer.bias.data().asnumpy()
    np.testing.assert_allclose(layer(x).asnumpy(), np.maximum(x.asnumpy() @ W + b, 0), rtol=1e-5, atol=1e-6)
    net = nn.HybridSequential()
    net.add(MyDense(8, in_units=64), MyDense(1, in_units=8))
    net.initialize()
    assert net(nd.random.uniform(shape=(2, 64))).shape == (2, 1)
