"""The feed-forward lab (S2.x): moons data, the Runner, the gradient probe and the lab's observations."""
import math
import os

import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

from gluonlab import devices, models, registry
from gluonlab.data.moons import make_moons, moon1000
from gluonlab.runner import run_section
from gluonlab.sections.lab2._lab import loss_fn
from gluonlab.train import make_trainer
from gluonlab.train.lab_runner import Runner, accuracy
from gluonlab.train.probes import grad_norms


def run(sid, tmp_path, **overrides):
    sec = registry.get(sid)
    lines = []
    _, result = run_section(sec, sec.make_config(**overrides), out_root=tmp_path, echo=lines.append)
    return result, lines


# -- data ------------------------------------------------------------------------------------------

def test_moons_geometry_without_noise(seed):
    X, y = make_moons(1000, shuffle=False, noise=None)
    X, y = X.asnumpy(), y.asnumpy()
    assert X.shape == (1000, 2) and X.dtype == np.float32 and (y[:500] == 0).all() and (y[500:] == 1).all()
    np.testing.assert_allclose(np.hypot(X[:500, 0], X[:500, 1]), 1, atol=1e-6)          # outer arc
    np.testing.assert_allclose(np.hypot(1 - X[500:, 0], 0.5 - X[500:, 1]), 1, atol=1e-6)  # inner arc
    assert X[:500, 1].min() >= -1e-6 and X[500:, 1].max() <= 0.5 + 1e-6


def test_moon1000_split_and_seed():
    devices.seed(7)
    a = moon1000()
    devices.seed(7)
    b = moon1000()
    devices.seed(8)
    c = moon1000()
    assert [len(s[0]) for s in a] == [640, 160, 200] and a[0][1].shape == (640, 1)
    assert all((x[0] == z[0]).min().asscalar() == 1 for x, z in zip(a, b))
    assert (a[0][0] != c[0][0]).sum().asscalar() > 0
    labels = nd.concat(*[s[1] for s in a], dim=0).asnumpy()
    assert labels.sum() == 500                      # shuffling keeps the two classes whole


# -- the Runner --------------------------------------------------------------------------------------

def _runner(net, lr=0.2):
    return Runner(net, make_trainer(net.collect_params(), "sgd", {"learning_rate": lr}), accuracy, loss_fn(),
                  report=lambda *a: None)


def test_runner_keeps_best_dev_model_and_round_trips(seed, tmp_path):
    sets = moon1000()
    net = models.get("ffn_l2")
    net.initialize()
    runner = _runner(net)
    path = str(tmp_path / "best.params")
    best = runner.train(sets[0], sets[1], num_epochs=30, log_epochs=0, save_path=path)
    assert os.path.exists(path) and os.listdir(tmp_path) == ["best.params"]     # no temporary left behind
    assert best == max(h["dev_acc"] for h in runner.history) and len(runner.history) == 30

    fresh = models.get("ffn_l2")
    fresh.initialize()
    other = _runner(fresh)
    other.load_model(path)
    score, _ = other.evaluate(sets[1])
    assert score == best                             # the saved model is the best-dev one
    runner.save_model(path)
    other.load_model(path)
    np.testing.assert_array_equal(runner.predict(sets[2][0]).asnumpy(), other.predict(sets[2][0]).asnumpy())


def test_accuracy_binary_and_multiclass():
    assert accuracy(nd.array([[0.2], [0.7], [0.5]]), nd.array([[0], [1], [0]])) == pytest.approx(2 / 3)
    assert accuracy(nd.array([[0.1, 0.9], [0.8, 0.2]]), nd.array([1, 1])) == 0.5


# -- the gradient probe --------------------------------------------------------------------------------

def test_grad_norms_match_manual_gradients_on_any_block(seed):
    class Net(nn.HybridBlock):                      # a custom nested block, not a Sequential
        def __init__(self, **kw):
            super().__init__(**kw)
            self.body = nn.HybridSequential()
            self.body.add(nn.Dense(4, activation="tanh"), nn.Dense(3))
            self.head = nn.Dense(1)

        def hybrid_forward(self, F, x):
            return self.head(self.body(x))
    net = Net()
    net.initialize()
    x = nd.random.normal(shape=(6, 5))
    with autograd.record():
        y = net(x).sum()
    y.backward()
    norms = grad_norms(net)
    weights = [p for n, p in net.collect_params().items() if n.endswith("weight")]
    assert len(norms) == 3 and all(not k.startswith(net.prefix) for k in norms)
    for value, p in zip(norms.values(), weights):
        assert value == pytest.approx(float(np.linalg.norm(p.grad().asnumpy())), rel=1e-5)
    assert len(grad_norms(net, weights_only=False)) == 6


def test_ffn_l5_rejects_unknown_activation():
    with pytest.raises(ValueError, match="act must be one of"):
        models.get("ffn_l5", act="tanh")


# -- the lab's observations ------------------------------------------------------------------------------

def test_zero_init_keeps_hidden_units_identical(tmp_path):
    result, lines = run("S2.5", tmp_path)
    f = result.final
    assert f["hidden_spread"] == 0.0 and f["output_spread"] == 0.0
    assert f["final_loss"] == pytest.approx(math.log(2), abs=1e-4)
    assert "The weights of the Layers:" in lines


def test_sigmoid_gradients_shrink_toward_the_input_and_relu_recovers(tmp_path):
    result, lines = run("S2.7", tmp_path)
    sig = [v for k, v in result.final.items() if k.startswith("sigmoid:")]
    relu = [v for k, v in result.final.items() if k.startswith("relu:")]
    assert len(sig) == len(relu) == 5
    assert all(a < b / 10 for a, b in zip(sig, sig[1:]))      # each layer closer to the input: >10x smaller
    assert relu[0] > 100 * sig[0]                               # ReLU keeps the first layer's gradient alive
    assert lines.count("The gradient of the Layers:") == 2


def test_dead_relu_gives_exactly_zero_gradients(tmp_path):
    result, _ = run("S2.8", tmp_path)
    assert list(result.final.values()) == [0.0] * 5


def test_leaky_relu_gives_non_zero_gradients(tmp_path):
    result, _ = run("S2.9", tmp_path)
    values = list(result.final.values())
    assert len(values) == 5 and all(v > 0 for v in values)


def test_two_layer_mlp_reaches_high_test_accuracy(tmp_path):
    result, lines = run("S2.3", tmp_path)              # the lab's settings: 1000 full-batch epochs (~2 s)
    assert result.final["test_acc"] >= 0.8
    assert any(line.startswith("[Test] score/loss:") for line in lines)
    assert any(line.startswith("[Evaluate] best accuracy performence has been updated") for line in lines)
