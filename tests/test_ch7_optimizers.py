"""Chapter 7's optimisers from scratch against MXNet's own (mx.optimizer.create), and the 2-D traces.

Each scratch update (the book's formula, gluonlab.scratch.optimizers) and MXNet's optimizer with the same
hyperparameters start from the same parameters and take the same gradients for several steps: the parameters
must agree to float32 rounding. The gradients are of order 1 (|g| in [0.5, 2]), as the airfoil's are.
"""
import math

import mxnet as mx
import numpy as np
import pytest
from mxnet import nd

from gluonlab.scratch import descent, optimizers as opt

STEPS = 8
# (scratch update, state initialiser, book hyperparameters, MXNet optimizer name and arguments)
CASES = {
    "sgd": (opt.sgd, lambda n: None, {"lr": 0.05}, ("sgd", {"learning_rate": 0.05})),
    "sgd_momentum": (opt.sgd_momentum, opt.init_momentum_states, {"lr": 0.02, "momentum": 0.9},
                     ("sgd", {"learning_rate": 0.02, "momentum": 0.9})),
    "adagrad": (opt.adagrad, opt.init_adagrad_states, {"lr": 0.1}, ("adagrad", {"learning_rate": 0.1, "eps": 1e-6})),
    "rmsprop": (opt.rmsprop, opt.init_rmsprop_states, {"lr": 0.01, "gamma": 0.9},
                ("rmsprop", {"learning_rate": 0.01, "gamma1": 0.9, "epsilon": 1e-6})),
    "adadelta": (opt.adadelta, opt.init_adadelta_states, {"rho": 0.9}, ("adadelta", {"rho": 0.9, "epsilon": 1e-5})),
    "adam": (opt.adam, opt.init_adam_states, {"lr": 0.01, "t": 1},
             ("adam", {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-6})),
}


def _gradients(shape, rng):
    return [nd.array(rng.uniform(0.5, 2, size=shape) * rng.choice([-1, 1], size=shape)) for _ in range(STEPS)]


def _run_both(name, planted=0.0):
    update, init_states, hyperparams, (mx_name, mx_args) = CASES[name]
    rng = np.random.RandomState(0)
    start = [nd.array(rng.normal(size=(5, 1))), nd.array(rng.normal(size=(1,)))]
    grads = [_gradients(p.shape, rng) for p in start]
    ours = [p.copy() for p in start]
    for p in ours:
        p.attach_grad()
    states, hyperparams = init_states(5), dict(hyperparams)
    theirs = [p.copy() for p in start]
    optimizer = mx.optimizer.create(mx_name, **mx_args)
    updater = mx.optimizer.get_updater(optimizer)
    for t in range(STEPS):
        for p, g in zip(ours, grads):
            p.grad[:] = g[t] + planted
        update(ours, states, hyperparams)
        if name == "adam":
            # MXNet folds the bias corrections into the learning rate, lr sqrt(1 - b2^t) / (1 - b1^t), so its eps
            # stands where the book's eps * sqrt(1 - b2^t) does: set per step, the two updates are one formula
            optimizer.epsilon = 1e-6 * math.sqrt(1 - 0.999 ** (t + 1))
        for i, (p, g) in enumerate(zip(theirs, grads)):
            updater(i, g[t], p)
    return ours, theirs, start


@pytest.mark.parametrize("name", sorted(CASES))
def test_scratch_update_matches_mxnet_optimizer(name):
    ours, theirs, start = _run_both(name)
    for a, b, s in zip(ours, theirs, start):
        assert np.abs(a.asnumpy() - s.asnumpy()).max() > 1e-3          # the steps moved the parameters
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_wrong_gradient_is_caught(name):
    ours, theirs, _ = _run_both(name, planted=0.01)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(ours[0].asnumpy(), theirs[0].asnumpy(), rtol=1e-5, atol=1e-6)


def test_adam_counts_its_steps():
    update, init_states, hyperparams, _ = CASES["adam"]
    params = [nd.ones((5, 1)), nd.ones(1)]
    for p in params:
        p.attach_grad()
    hyperparams = dict(hyperparams)
    for _ in range(3):
        update(params, init_states(5), hyperparams)
    assert hyperparams["t"] == 4


# The book's printed 2-D traces (e72511f705e3 chapter_optimization/*.ipynb): deterministic Python float code.
TRACES = [
    (descent.gd_2d(0.1, 2, 4), "epoch 20, x1 -0.057646, x2 -0.000073"),
    (descent.gd_2d(0.4, 0.2, 4), "epoch 20, x1 -0.943467, x2 -0.000073"),
    (descent.gd_2d(0.6, 0.2, 4), "epoch 20, x1 -0.387814, x2 -1673.365109"),
    (descent.momentum_2d(0.4, 0.5, 0.2, 4), "epoch 20, x1 -0.062843, x2 0.001202"),
    (descent.momentum_2d(0.6, 0.5, 0.2, 4), "epoch 20, x1 0.007188, x2 0.002553"),
    (descent.adagrad_2d(0.4, 0.2, 4), "epoch 20, x1 -2.382563, x2 -0.158591"),
    (descent.adagrad_2d(2, 0.2, 4), "epoch 20, x1 -0.002295, x2 -0.000000"),
    (descent.rmsprop_2d(0.4, 0.9, 0.2, 4), "epoch 20, x1 -0.010599, x2 0.000000"),
]


@pytest.mark.parametrize("trainer, line", TRACES)
def test_2d_traces_print_the_books_lines(trainer, line):
    lines = []
    res = descent.train_2d(trainer, report=lines.append)
    assert lines == [line] and len(res) == 21 and res[0] == (-5, -2)


def test_1d_gradient_descent_prints_the_books_floats():
    for eta, x in ((0.2, "0.06046617599999997"), (0.05, "3.4867844009999995"), (1.1, "61.917364224000096")):
        lines = []
        descent.gd(eta, report=lambda *a: lines.append(" ".join(map(str, a))))
        assert lines == [f"epoch 10, x: {x}"]
