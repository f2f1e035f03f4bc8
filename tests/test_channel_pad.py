"""models.channel_pad: which layer runs are padded, and that a padded chain computes the unpadded layers."""
import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, init, nd
from mxnet.gluon import nn

from gluonlab.bench.lenet import book_lenet
from gluonlab.models import channel_pad
from gluonlab.train import heads


def _ready(net, shape=(2, 1, 28, 28)):
    net.initialize(init=init.Xavier())
    net(nd.random.uniform(shape=shape))
    return net


def _layers(net):
    return list(net._children.values())


def test_the_books_lenet_has_one_chain_conv_pool_conv(seed):
    layers = _layers(_ready(book_lenet()))
    assert [channel_pad.chain_length(layers[i:]) for i in range(len(layers))] == [3, 0, 0, 0, 0, 0, 0]
    padded = channel_pad.pad_chains(layers)
    if channel_pad.onednn():
        assert isinstance(padded[0], channel_pad.PaddedChain) and padded[1:] == layers[3:]
    else:
        assert padded == layers


@pytest.mark.parametrize("build", [
    lambda: [nn.Conv2D(8, 3), nn.MaxPool2D(), nn.Conv2D(4, 3)],         # 8 channels: blocked already
    lambda: [nn.Conv2D(6, 3), nn.Flatten(), nn.Dense(4)],                # no second convolution
    lambda: [nn.Conv2D(6, 3), nn.BatchNorm(), nn.Conv2D(4, 3)],          # a layer with per-channel parameters
    lambda: [nn.Conv2D(6, 3, groups=2), nn.Conv2D(4, 3)],                # grouped
])
def test_runs_that_are_not_chains_stay_as_they_are(seed, build):
    net = nn.Sequential()
    net.add(*build())
    layers = _layers(_ready(net, (2, 2, 12, 12)))
    assert channel_pad.chain_length(layers) == 0
    assert channel_pad.pad_chains(layers) == layers


def test_shapes_not_yet_known_are_not_padded():
    net = book_lenet()
    net.initialize()
    assert channel_pad.chain_length(_layers(net)) == 0


def _outputs_and_grads(block, X, y, params):
    with autograd.record():
        out = block(X)
        loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()(out, y).sum()
    loss.backward()
    return out.asnumpy(), [p.grad().asnumpy().copy() for p in params]


@pytest.mark.parametrize("activation,in_channels", [("sigmoid", 1), ("relu", 2), (None, 3)])
def test_a_padded_graph_computes_the_plain_layers(seed, activation, in_channels):
    """Output channels padded to 8, and input channels to 3 where there are fewer."""
    net = nn.Sequential()
    net.add(nn.Conv2D(5, 3, activation=activation), nn.AvgPool2D(2), nn.Activation("tanh"),
            nn.Conv2D(3, 3, padding=1, strides=2, activation=activation), nn.Flatten(), nn.Dense(10))
    _ready(net, (4, in_channels, 12, 12))
    graph = heads.sequential_graph(net)
    X, y = nd.random.uniform(shape=(4, in_channels, 12, 12)), nd.array([0, 1, 2, 3])
    params = list(net.collect_params().values())
    out_plain, grads_plain = _outputs_and_grads(net, X, y, params)
    out_graph, grads_graph = _outputs_and_grads(graph, X, y, params)
    np.testing.assert_allclose(out_graph, out_plain, rtol=1e-5, atol=1e-6)
    for g_graph, g_plain in zip(grads_graph, grads_plain):
        np.testing.assert_allclose(g_graph, g_plain, rtol=1e-4, atol=1e-6)
    if channel_pad.onednn():
        assert isinstance(graph[0], channel_pad.PaddedChain)
