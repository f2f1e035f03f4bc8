"""fit's packed parameters (train/flat_params.py, Trainer.pack/unpack): one sgd_update over flat buffers gives
every weight the bits of its own update; during fit the views behave as the parameters did; after fit every
parameter holds the arrays it had before, so blocks outside fit that share them keep working."""
import os

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
    net.add(nn.Dense(32, activation="relu", in_units=36), nn.Dense(10, in_units=32))   # initialized at once
    net.initialize(init.Normal(sigma=0.01))
    if hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    return net


def _data(n=300, shape=(1, 6, 6)):
    rng = np.random.RandomState(0)
    X = nd.array(rng.uniform(size=(n,) + shape))
    y = nd.array(rng.randint(0, 10, n), dtype="int32")
    return ArrayIter(X, y, 64, shuffle=True), ArrayIter(X, y, 64)


def _fit(net, packing, epochs=2, on_epoch=None, data=None, lr=0.5):
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    if not packing:
        trainer.pack = lambda: False
    packed = []

    def seen(entry):
        packed.append(isinstance(trainer._flat, FlatParams))
        if on_epoch:
            on_epoch(net, trainer, entry)
    np.random.seed(1)
    history = train.fit(net, *(data or _data()), gluon.loss.SoftmaxCrossEntropyLoss(), epochs, 64,
                        trainer=trainer, report=lambda *a: None, on_epoch=seen)
    return trainer, [{k: v for k, v in e.items() if k != "wall_s"} for e in history], packed


def _values(net):
    return [p.data().asnumpy() for p in net.collect_params().values()]


def _same(a, b):
    for x, y in zip(_values(a), _values(b)):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("hybridize", [True, False])
def test_fit_packs_trains_to_the_same_bits_and_gives_the_arrays_back(hybridize):
    packed_net, plain_net = _mlp(7, hybridize), _mlp(7, hybridize)
    before = [(p._data[0], p._grad[0]) for p in packed_net.collect_params().values()]
    trainer, packed, seen = _fit(packed_net, True)
    _, plain, plain_seen = _fit(plain_net, False)
    assert seen == [True, True] and plain_seen == [False, False] and trainer._flat is None
    assert packed == plain
    _same(packed_net, plain_net)
    for p, (data, grad) in zip(packed_net.collect_params().values(), before):
        assert p._data[0] is data and p._grad[0] is grad
    for a, b in zip(packed_net.collect_params().values(), plain_net.collect_params().values()):
        np.testing.assert_array_equal(a.grad().asnumpy(), b.grad().asnumpy())     # the last gradients too


def test_the_flat_buffer_is_the_parameters_in_the_trainers_order():
    def check(net, trainer, entry):
        flat = trainer._flat.weights.asnumpy()
        np.testing.assert_array_equal(flat, np.concatenate([p.data().asnumpy().ravel() for p in trainer._params]))
        checked.append(entry["epoch"])
    checked = []
    _fit(_mlp(7, True), True, on_epoch=check)
    assert checked == [1, 2]


def test_set_data_and_load_parameters_write_into_the_views(tmp_path):
    path = str(tmp_path / "epoch1.params")

    def reload(net, trainer, entry):
        if entry["epoch"] == 1:
            net.save_parameters(path)
            net[0].weight.set_data(nd.zeros(net[0].weight.shape))
            net.load_parameters(path)
    packed_net, plain_net = _mlp(7, True), _mlp(7, True)
    trainer, packed, seen = _fit(packed_net, True, on_epoch=reload)
    _, plain, _ = _fit(plain_net, False, on_epoch=reload)
    assert seen == [True, True] and packed == plain
    _same(packed_net, plain_net)


def test_a_view_replaced_during_fit_ends_the_one_update_and_training_goes_on_right():
    def regrad(net, trainer, entry):
        if entry["epoch"] == 1:
            net[0].weight.grad_req = "null"            # a new gradient array when it is set back
            net[0].weight.grad_req = "write"
    packed_net, plain_net = _mlp(7, True), _mlp(7, True)
    trainer, packed, _ = _fit(packed_net, True, epochs=3, on_epoch=regrad)
    _, plain, _ = _fit(plain_net, False, epochs=3, on_epoch=regrad)
    assert packed == plain
    _same(packed_net, plain_net)


def test_a_block_outside_fit_sharing_the_parameters_trains_right_after_fit():
    X = nd.array(np.random.RandomState(2).uniform(size=(64, 1, 6, 6)))
    y = nd.array(np.arange(64) % 10)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    nets = []
    for packing in (True, False):
        net = _mlp(7, False)
        outer = nn.HybridSequential()
        outer.add(net)
        outer.hybridize(static_alloc=True, static_shape=True)     # keeps the gradient arrays it first ran with
        trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
        for stage in ("before", "after"):
            if stage == "after":
                if not packing:
                    trainer.pack = lambda: False
                np.random.seed(1)
                train.fit(net, *_data(), loss, 1, 64, trainer=trainer, report=lambda *a: None)
            for _ in range(2):
                with autograd.record():
                    l = loss(outer(X), y)
                l.backward()
                trainer.step(64)
        nets.append(net)
    _same(*nets)


def test_conv_nets_are_not_packed():
    # under oneDNN a convolution in predict mode reorders its weight in place: a view of a shared buffer would
    # have it overwrite the parameters after it
    def conv_net():
        mx.random.seed(7)
        net = nn.HybridSequential()
        net.add(nn.Conv2D(64, 3, padding=1, activation="relu", in_channels=3),
                nn.Conv2D(64, 3, padding=1, activation="relu", in_channels=64), nn.GlobalAvgPool2D(),
                nn.Dense(10, in_units=64))
        net.initialize(init.Xavier())
        return net
    packed_net, plain_net = conv_net(), conv_net()
    data = _data(128, (3, 8, 8))
    _, packed, seen = _fit(packed_net, True, data=data, lr=0.1)
    _, plain, _ = _fit(plain_net, False, data=data, lr=0.1)
    assert seen == [False, False] and packed == plain


def test_export_and_pre_hooks_after_fit(tmp_path):
    net = _mlp(7, True)
    inputs = []
    net.register_forward_pre_hook(lambda block, args: inputs.append(type(args[0]).__name__))
    _, _, seen = _fit(net, True)
    assert seen == [True, True]
    assert set(inputs) == {"NDArray"} and len(inputs) == 2 * (5 + 5)           # 5 training, 5 test minibatches
    net.export(str(tmp_path / "mlp"))
    assert sorted(os.listdir(tmp_path)) == ["mlp-0000.params", "mlp-symbol.json"]


def test_not_packed_where_one_update_cannot_serve():
    net = _mlp(7, False)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    assert not trainer.pack()                                   # no step yet: the kvstore is not chosen
    with autograd.record():
        l = net(nd.ones((2, 1, 6, 6))).sum()
    l.backward()
    trainer.step(2)
    assert trainer.pack() and trainer.unpack() and not trainer.unpack()
    # a learning-rate multiplier: packed, but each step updates weight by weight
    net[0].weight.lr_mult = 0.5
    assert trainer.pack() and trainer._flat_for([(0, None, None)], [0.25, 0.5]) is None
    trainer.unpack()
    # momentum is not plain SGD; a frozen parameter is not written by backward
    momentum = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5, "momentum": 0.9})
    momentum._kv_initialized = True
    assert not momentum.pack()
    net[1].bias.grad_req = "null"
    frozen = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    frozen._kv_initialized = True
    assert not frozen.pack()
