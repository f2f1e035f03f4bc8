"""train.classify.Lead: the fit loop waits for a minibatch a few behind instead of queueing a whole epoch."""
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

from gluonlab.data.batches import ArrayIter
from gluonlab.train import classify


class _Value:
    def __init__(self, i, waited):
        self.i, self.waited = i, waited

    def wait_to_read(self):
        self.waited.append(self.i)


def _drive(n):
    waited, pending, lead = [], [], classify.Lead()
    for i in range(n):
        pending.append(_Value(i, waited))
        lead.keep_close(pending)
    return waited


def test_each_minibatch_is_waited_for_once_in_flight_behind(monkeypatch):
    monkeypatch.setattr(classify, "CHECK_EVERY_S", 0.0)
    assert _drive(7) == list(range(7 - classify.IN_FLIGHT))


def test_no_wait_before_it_is_time_to_check(monkeypatch):
    monkeypatch.setattr(classify, "CHECK_EVERY_S", 1e9)
    assert _drive(7) == []


def test_fit_and_evaluate_wait_within_the_epoch(seed, monkeypatch):
    """Without the waits the loop reads nothing until the epoch's end (one read of all losses)."""
    monkeypatch.setattr(classify, "CHECK_EVERY_S", 0.0)
    waits = []
    real = mx.nd.NDArray.wait_to_read
    monkeypatch.setattr(mx.nd.NDArray, "wait_to_read", lambda self: (waits.append(self.shape), real(self))[1])
    X, y = nd.random.uniform(shape=(64, 1, 4, 4)), nd.array([i % 3 for i in range(64)])
    it = ArrayIter(X, y, 8)                    # 8 minibatches
    net = nn.HybridSequential()
    net.add(nn.Dense(3))
    net.initialize(init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    classify.fit(net, it, it, gluon.loss.SoftmaxCrossEntropyLoss(), 1, 8, trainer=trainer, report=lambda *a: None)
    assert len(waits) == 2 * (8 - classify.IN_FLIGHT)        # training losses, then test counts
