"""8.4's scratch multi-device training on two CPU contexts: allreduce sums, split_and_load slices, and a step on
two devices equals the step on one (the summed slice gradients are the whole minibatch's gradient)."""
import mxnet as mx
import numpy as np
import pytest
from mxnet import nd

from gluonlab import devices
from gluonlab.scratch import multi_gpu as mg

CTX = [mx.cpu(0), mx.cpu(1)]


def test_allreduce_leaves_the_sum_on_every_device():
    data = [nd.ones((1, 2), ctx=c) * (i + 1) for i, c in enumerate(CTX)]
    mg.allreduce(data)
    assert [d.asnumpy().tolist() for d in data] == [[[3.0, 3.0]], [[3.0, 3.0]]]
    assert [d.context for d in data] == CTX


def test_split_and_load_slices_evenly_or_refuses():
    parts = mg.split_and_load(nd.arange(24).reshape((6, 4)), CTX)
    assert [p.context for p in parts] == CTX
    assert parts[1].asnumpy()[0].tolist() == [12.0, 13.0, 14.0, 15.0]
    with pytest.raises(AssertionError, match="not divided"):
        mg.split_and_load(nd.arange(20).reshape((5, 4)), CTX)


def _step(ctx, X, y, params):
    copies = [mg.get_params(params, c) for c in ctx]
    mg.train_batch(X, y, copies, ctx, lr=0.2)
    return copies


def test_two_devices_take_the_one_device_step():
    devices.seed(0)
    params = mg.init_params(scale=0.1)
    X, y = nd.random.uniform(shape=(8, 1, 28, 28)), nd.array([0, 1, 2, 3, 4, 5, 6, 7])
    one = _step(CTX[:1], X, y, params)[0]
    two = _step(CTX, X, y, params)
    for a, b0, b1 in zip(one, *two):
        np.testing.assert_allclose(b0.asnumpy(), a.asnumpy(), rtol=1e-4, atol=1e-6)
        assert (b0.asnumpy() == b1.asnumpy()).all()          # every device holds the same parameters
    assert any(np.abs(a.asnumpy() - p.asnumpy()).max() > 1e-6 for a, p in zip(one, params))   # a step was taken


def test_without_allreduce_the_devices_drift_apart(monkeypatch):
    """The check above can fail: skip the gradient sum and each device steps on its own slice."""
    monkeypatch.setattr(mg, "allreduce", lambda data: None)
    devices.seed(0)
    params = mg.init_params(scale=0.1)
    X, y = nd.random.uniform(shape=(8, 1, 28, 28)), nd.array([0, 1, 2, 3, 4, 5, 6, 7])
    two = _step(CTX, X, y, params)
    assert any(np.abs(b0.asnumpy() - b1.asnumpy()).max() > 1e-6 for b0, b1 in zip(*two))


@pytest.mark.slow
def test_book_settings_reach_the_books_accuracy(tmp_path):
    """The book's train(1, 256, 0.2) and train(2, 256, 0.2), 4 epochs each: the book printed test acc 0.78 both;
    seed 0 here gives 0.74 and 0.77 (80 minutes on two busy CPU cores). Epoch 4 of this lr-0.2 SGD swings by a few
    points (the book's own two runs differ by 0.04 after epoch 3), hence 0.05."""
    from gluonlab import registry
    from gluonlab.runner import run_section
    sec = registry.get("8.4")
    record, _ = run_section(sec, sec.make_config(), out_root=tmp_path, echo=None)
    assert record["final"]["num_devices"] >= 2
    for k in (1, 2):
        assert record["final"][f"test_acc_{k}dev"] == pytest.approx(0.78, abs=0.05)
