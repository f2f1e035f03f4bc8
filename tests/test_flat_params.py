"""Trainer.pack and fit's packing (train/flat_params.py): one sgd_update over flat buffers gives every weight the
bits of its own update, the packed views behave as the parameters did, and anything that replaces a view
returns the trainer to one update per weight."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

from gluonlab import train
from gluonlab.data.batches import ArrayIter
from gluonlab.train.flat_params import FlatParams


def _mlp(seed, hybridize):
    mx.random.seed(seed)
    net = nn.HybridSequential()
    net.add(nn.Dense(32, activation="relu"), nn.Dense(10))
    net.initialize(init.Normal(sigma=0.01))
    if hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    return net


def _data(n=300):
    rng = np.random.RandomState(0)
    X = nd.array(rng.uniform(size=(n, 1, 6, 6)))
    y = nd.array(rng.randint(0, 10, n), dtype="int32")
    return ArrayIter(X, y, 64, shuffle=True), ArrayIter(X, y, 64)


def _fit(hybridize, packing, epochs=2):
    net = _mlp(7, hybridize)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    if not packing:
        trainer.pack = lambda: False
    np.random.seed(1)
    history = train.fit(net, *_data(), gluon.loss.SoftmaxCrossEntropyLoss(), epochs, 64, trainer=trainer,
                        report=lambda *a: None)
    return net, trainer, history


def _values(net):
    return [p.data().asnumpy() for p in net.collect_params().values()]


@pytest.mark.parametrize("hybridize", [True, False])
def test_fit_packs_and_trains_to_the_same_bits(hybridize):
    packed_net, packed_trainer, packed = _fit(hybridize, True)
    plain_net, plain_trainer, plain = _fit(hybridize, False)
    assert isinstance(packed_trainer._flat, FlatParams) and plain_trainer._flat is None
    assert [{k: v for k, v in e.items() if k != "wall_s"} for e in packed] == \
           [{k: v for k, v in e.items() if k != "wall_s"} for e in plain]
    for a, b in zip(_values(packed_net), _values(plain_net)):
        np.testing.assert_array_equal(a, b)
    # the parameters are views of the flat buffer, in the trainer's order
    flat = packed_trainer._flat.weights.asnumpy()
    np.testing.assert_array_equal(flat, np.concatenate([p.data().asnumpy().ravel() for p in packed_trainer._params]))


def test_a_replaced_view_drops_the_packing_and_training_goes_on_right():
    packed_net, packed_trainer, _ = _fit(True, True, epochs=1)
    plain_net, plain_trainer, _ = _fit(True, False, epochs=1)
    X, y = nd.ones((8, 1, 6, 6)), nd.array([1, 2, 3, 4, 5, 6, 7, 8])
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    for net, trainer in ((packed_net, packed_trainer), (plain_net, plain_trainer)):
        weight = net[0].weight
        weight.grad_req = "null"            # a new gradient array when it is set back
        weight.grad_req = "write"
        for _ in range(2):
            with autograd.record():
                l = loss(net(X), y)
            l.backward()
            trainer.step(8)
    assert packed_trainer._flat is False
    for a, b in zip(_values(packed_net), _values(plain_net)):
        np.testing.assert_array_equal(a, b)


def test_packed_parameters_save_load_and_set_like_any(tmp_path):
    net, trainer, _ = _fit(True, True, epochs=1)
    path = str(tmp_path / "mlp.params")
    net.save_parameters(path)
    fresh = _mlp(11, True)
    fresh.load_parameters(path)
    for a, b in zip(_values(net), _values(fresh)):
        np.testing.assert_array_equal(a, b)
    saved = [p.data().asnumpy() for p in trainer._params]
    net[0].weight.set_data(nd.zeros(net[0].weight.shape))           # writes into the view
    net.load_parameters(path)                                        # and so does loading
    assert trainer._flat.holds([(i, p._data[0], p._grad[0]) for i, p in enumerate(trainer._params)])
    np.testing.assert_array_equal(trainer._flat.weights.asnumpy(), np.concatenate([v.ravel() for v in saved]))


def test_not_packed_where_one_update_cannot_serve():
    # a learning-rate multiplier: packed, but each step updates weight by weight (same bits as unpacked)
    net = _mlp(7, False)
    net[0].weight.lr_mult = 0.5
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    net(nd.ones((2, 1, 6, 6)))
    assert trainer.pack() and trainer._flat_for([(0, None, None)], [0.25, 0.5]) is None
    # momentum is not plain SGD; a frozen parameter is not written by backward
    net = _mlp(7, False)
    net(nd.ones((2, 1, 6, 6)))
    assert not train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5, "momentum": 0.9}).pack()
    net[1].bias.grad_req = "null"
    assert not train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5}).pack()
    # deferred initialization not done yet
    assert not train.make_trainer(_mlp(7, False).collect_params(), "sgd", {"learning_rate": 0.5}).pack()
