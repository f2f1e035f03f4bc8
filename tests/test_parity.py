"""Parity suite: every registered model, hybridized vs imperative (gluonlab.testing.check_parity)."""
import pytest
from mxnet import gluon, nd
from mxnet.gluon import nn

from gluonlab import models, registry, testing

PARITY_NAMES = models.names()      # fixed at collection: each name below gets its own test


@pytest.mark.parametrize("name", PARITY_NAMES)
def test_parity(name, seed):
    report = testing.check_parity(name)
    assert {"predict", "train", "grad", "steps", "export", "shape2"} <= set(report), str(report)


def test_parity_covers_every_registered_model():
    registry.all_sections()                        # models registered from section modules count too
    missing = sorted(set(models.names()) - set(PARITY_NAMES))
    assert not missing, f"registered models without a parity test: {missing} (register them in gluonlab/models/)"


class _HybridOnlyOffset(nn.HybridBlock):
    """A planted difference: the symbolic graph adds 1e-3, the imperative path does not."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.dense = nn.Dense(3)

    def hybrid_forward(self, F, x):
        y = self.dense(x)
        return y if F is nd else y + 1e-3


class _HybridOnlyBlockGrad(nn.HybridBlock):
    """A planted difference in gradients only: the symbolic graph stops the gradient of `scale`."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.dense = nn.Dense(3)
        self.scale = self.params.get("scale", shape=(1,), init="ones")

    def hybrid_forward(self, F, x, scale):
        s = scale if F is nd else F.BlockGrad(scale)
        return F.broadcast_mul(self.dense(x), s)


def _features(batch_size=2):
    return (nd.random.normal(shape=(batch_size, 4)),)


def test_parity_detects_a_forward_difference(seed):
    with pytest.raises(AssertionError, match=r"predict.*max \|diff\| 1\.0\d*e-03"):
        testing.check_parity(_HybridOnlyOffset, _features)


def test_parity_detects_a_gradient_difference_and_names_the_parameter(seed):
    with pytest.raises(AssertionError, match=r"grad of parameter 'scale'"):
        testing.check_parity(_HybridOnlyBlockGrad, _features)


class _Recurrent(nn.HybridBlock):
    """An RNNModel-shaped block: (X, [h]) -> (Y, [h']), nested inputs and outputs."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.rnn = gluon.rnn.RNN(5)
        self.dense = nn.Dense(3, flatten=False)

    def hybrid_forward(self, F, x, state):
        y, state = self.rnn(x, state)
        return self.dense(y), state


def _sequence(batch_size=2):
    return nd.random.normal(shape=(4, batch_size, 3)), [nd.zeros((1, batch_size, 5))]


def test_parity_flattens_nested_inputs_and_outputs(seed):
    report = testing.check_parity(_Recurrent, _sequence)
    assert report["export"] <= testing.TOL["atol"] * 10


def test_report_lists_every_check(seed):
    report = testing.check_parity("linreg")
    assert str(report).startswith("parity linreg: predict")
