"""gluonlab.train.Trainer: its lean plain-SGD step gives gluon.Trainer's bits, counts, states and errors."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

from gluonlab import train
from gluonlab.train.trainer import Trainer


def _net(seed=3):
    mx.random.seed(seed)
    net = nn.HybridSequential(prefix="mlp_")
    with net.name_scope():      # mlp_dense0, mlp_dense1 whatever ran before (dense9 and dense10 would sort the
        net.add(nn.Dense(16, activation="relu"), nn.Dropout(0.3), nn.Dense(5))   # other way: update count keys)
    net.initialize(init.Normal(sigma=0.5))
    X = nd.random.uniform(shape=(12, 7))
    y = nd.array(np.random.RandomState(0).randint(0, 5, 12))
    net(X)
    return net, X, y


def _train(trainer_cls, optimizer_params, steps=4, configure=None, seed=3):
    """Parameters (and the optimizer) after `steps` SGD steps of a dropout net, from one seed."""
    net, X, y = _net(seed)
    if configure:
        configure(net)
    trainer = trainer_cls(net.collect_params(), "sgd", dict(optimizer_params))
    for _ in range(steps):
        with autograd.record():
            loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), y).sum()
        loss.backward()
        trainer.step(12)
    return [p.data().asnumpy() for p in net.collect_params().values()], trainer


def _lr_mult(net):
    net[0].weight.lr_mult = 0.25


def _freeze_last(net):
    for p in net[2].collect_params().values():
        p.grad_req = "null"


@pytest.mark.parametrize("lr", [0.5, 0.1, 0.03, 100.0, 1e-2])
@pytest.mark.parametrize("configure", [None, _lr_mult, _freeze_last])
def test_plain_sgd_step_gives_gluons_bits(lr, configure):
    ours, trainer = _train(Trainer, {"learning_rate": lr}, configure=configure)
    theirs, reference = _train(gluon.Trainer, {"learning_rate": lr}, configure=configure)
    start, _ = _train(gluon.Trainer, {"learning_rate": lr}, steps=0, configure=configure)
    for a, b, s in zip(ours, theirs, start):
        np.testing.assert_array_equal(a, b)
    assert any(np.abs(a - s).max() > 0 for a, s in zip(ours, start))       # it trained
    assert trainer._optimizer.num_update == reference._optimizer.num_update == 4
    assert trainer._optimizer._index_update_count == reference._optimizer._index_update_count
    assert sorted(trainer._updaters[0].states) == sorted(reference._updaters[0].states)


def test_plain_sgd_step_is_taken_and_calls_no_updater(monkeypatch):
    calls = []
    monkeypatch.setattr(mx.optimizer.Updater, "__call__", lambda self, *a: calls.append(a))
    _train(Trainer, {"learning_rate": 0.5}, steps=2)
    assert calls == []
    _train(Trainer, {"learning_rate": 0.5, "wd": 1e-3}, steps=2)
    assert len(calls) == 2                                                  # weight decay: gluon's own step


@pytest.mark.parametrize("params", [{"wd": 1e-3}, {"momentum": 0.9}, {"clip_gradient": 0.01}])
def test_other_sgd_settings_take_gluons_step_with_its_bits(params):
    opt = {"learning_rate": 0.5, **params}
    ours, _ = _train(Trainer, opt)
    theirs, _ = _train(gluon.Trainer, opt)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


def test_learning_rate_changes_and_schedulers_are_followed():
    def sched():
        return mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.4)
    ours, _ = _train(Trainer, {"learning_rate": 0.4, "lr_scheduler": sched()}, steps=6)
    theirs, _ = _train(gluon.Trainer, {"learning_rate": 0.4, "lr_scheduler": sched()}, steps=6)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)
    net, X, y = _net()
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": 0.4})
    trainer.set_learning_rate(0.0)
    before = [p.data().copy() for p in net.collect_params().values()]
    with autograd.record():
        loss = net(X).sum()
    loss.backward()
    trainer.step(12)
    for a, p in zip(before, net.collect_params().values()):
        np.testing.assert_array_equal(a.asnumpy(), p.data().asnumpy())


def test_stale_gradient_is_refused_like_gluon_and_skipped_on_request():
    net, X, y = _net()
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    with autograd.record():
        loss = net(X).sum()
    loss.backward()
    trainer.step(12)
    with pytest.raises(UserWarning, match="has not been updated by backward since last `step`"):
        trainer.step(12)
    before = [p.data().copy() for p in net.collect_params().values()]
    trainer.step(12, ignore_stale_grad=True)                                # nothing fresh: nothing moves
    for a, p in zip(before, net.collect_params().values()):
        np.testing.assert_array_equal(a.asnumpy(), p.data().asnumpy())


def test_saved_states_load_into_gluons_trainer(tmp_path):
    _, ours = _train(Trainer, {"learning_rate": 0.5}, steps=2)
    _, theirs = _train(gluon.Trainer, {"learning_rate": 0.5}, steps=2)
    ours.save_states(str(tmp_path / "ours.states"))
    theirs.save_states(str(tmp_path / "theirs.states"))
    net, _, _ = _net()
    fresh = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    fresh.load_states(str(tmp_path / "ours.states"))
    assert fresh._updaters[0].states == theirs._updaters[0].states
    assert fresh._optimizer.num_update == theirs._optimizer.num_update == 2


def test_make_trainer_builds_this_trainer():
    net, _, _ = _net()
    assert type(train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})) is Trainer


def test_allreduce_then_update_takes_the_same_step():
    def two_calls(trainer_cls):
        net, X, y = _net()
        trainer = trainer_cls(net.collect_params(), "sgd", {"learning_rate": 0.5})
        for _ in range(3):
            with autograd.record():
                loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), y).sum()
            loss.backward()
            trainer.allreduce_grads()
            trainer.update(12)
        return [p.data().asnumpy() for p in net.collect_params().values()]
    stepped, _ = _train(gluon.Trainer, {"learning_rate": 0.5}, steps=3)
    for a, b in zip(two_calls(Trainer), stepped):
        np.testing.assert_array_equal(a, b)
