"""Data-parallel training over several contexts gives the parameters of one context (kvstore device and local)."""
import mxnet as mx
import numpy as np
import pytest
from mxnet import gluon, init, nd

from gluonlab import models, registry, train
from gluonlab.data.batches import ArrayIter
from gluonlab.runner import run_section
from gluonlab.train import parallel


def _fit_params(ctxs, kvstore, monkeypatch, num_epochs=2, lr=0.5, step_batch=32):
    """Softmax regression trained on fixed tiny data; its parameters as numpy arrays by short name."""
    monkeypatch.setenv(parallel.ENV, kvstore)
    mx.random.seed(0)
    np.random.seed(0)
    X = nd.array(np.random.rand(96, 1, 28, 28))
    y = nd.array(np.random.randint(0, 10, 96), dtype="int32")
    net = models.get("softmax", num_outputs=10)
    net.initialize(init.Normal(sigma=0.01), ctx=ctxs)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    train.fit(net, ArrayIter(X, y, 32, shuffle=True), ArrayIter(X, y, 32), gluon.loss.SoftmaxCrossEntropyLoss(),
              num_epochs, step_batch, trainer=trainer, ctx=ctxs, report=lambda *a: None)
    return {name.split("_", 1)[1]: p.data(ctxs[-1]).asnumpy() for name, p in net.collect_params().items()}


@pytest.mark.parametrize("kvstore", ["device", "local"])
def test_two_cpu_contexts_match_one(kvstore, monkeypatch):
    one = _fit_params([mx.cpu(0)], kvstore, monkeypatch)
    two = _fit_params([mx.cpu(0), mx.cpu(1)], kvstore, monkeypatch)
    assert one.keys() == two.keys()
    for name in one:
        assert np.abs(one[name]).max() > 0.02          # trained away from the N(0, 0.01) start
        np.testing.assert_allclose(two[name], one[name], rtol=1e-5, atol=1e-6)


def test_the_checker_sees_a_planted_difference(monkeypatch):
    one = _fit_params([mx.cpu(0)], "device", monkeypatch)
    fewer = _fit_params([mx.cpu(0), mx.cpu(1)], "device", monkeypatch, num_epochs=1)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(fewer["weight"], one["weight"], rtol=1e-5, atol=1e-6)


def test_section_3_7_on_two_cpu_contexts_matches_one(tmp_path):
    sec = registry.get("3.7")
    finals = []
    for ctx in ("cpu", "cpu:0,cpu:1"):
        cfg = sec.make_config(quick=True, ctx=ctx, max_examples=512)
        record, _ = run_section(sec, cfg, out_root=tmp_path / ctx.replace(":", "_"), echo=None)
        finals.append(record["final"])
    assert finals[1]["loss"] == pytest.approx(finals[0]["loss"], rel=1e-5)
    assert finals[1]["test_acc"] == finals[0]["test_acc"]


def test_unknown_kvstore_is_refused(monkeypatch):
    monkeypatch.setenv(parallel.ENV, "nccl_typo")
    with pytest.raises(Exception, match="GLUONLAB_KVSTORE"):
        parallel.kvstore()


def test_outside_a_launch_the_whole_batch_is_kept():
    X, y = nd.ones((5, 2)), nd.ones((5,))
    Xs, ys = parallel.shard_batch(X, y)
    assert Xs.shape == (5, 2) and ys.shape == (5,)


def test_section_8_5_without_gpu_trains_on_one_and_two_cpu_contexts(tmp_path, has_no_gpu):
    sec = registry.get("8.5")
    record, _ = run_section(sec, sec.make_config(quick=True), out_root=tmp_path, echo=None)
    log = (tmp_path / "8.5" / "log.txt").read_text()
    assert log.startswith("no GPU found: running the multi-device code on 2 CPU contexts instead")
    assert "running on: [cpu(0)]" in log and "running on: [cpu(0), cpu(1)]" in log
    assert record["final"]["copies_equal"] is True
    assert [e["num_devices"] for e in record["epochs"]] == [1, 2]


@pytest.fixture
def has_no_gpu():
    from gluonlab import devices
    if devices.num_gpus():
        pytest.skip("a GPU is present: 8.5 runs on the GPUs, not on CPU contexts")


def test_a_distributed_worker_refuses_a_second_trainer(monkeypatch):
    monkeypatch.setenv(parallel.ENV, "dist_sync")
    monkeypatch.setattr(parallel, "_dist_kv", mx.kv.create("local"))    # stands in for the ps-lite kvstore
    monkeypatch.setattr(parallel, "_dist_trainers", 1)
    net = models.get("softmax")
    net.initialize()
    with pytest.raises(Exception, match="one Trainer only"):
        train.make_trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    with pytest.raises(Exception, match="does not train through the distributed kvstore"):
        parallel.check_trainer(gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}))
