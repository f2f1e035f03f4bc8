"""4.5 Save and load: NDArray/list/dict round trips, parameters giving identical outputs, clear mismatch errors."""
import os

import numpy as np
import pytest
from mxnet import nd
from mxnet.gluon import nn

from gluonlab.models.blocks import MLP
from gluonlab.models.checkpoint import ParameterFileError, load_parameters, save_ndarrays, save_parameters


def test_ndarray_list_and_dict_round_trip(tmp_path):
    x, y = nd.ones(3), nd.zeros(4)
    save_ndarrays(x, tmp_path / 'x')
    save_ndarrays([x, y], tmp_path / 'xy')
    save_ndarrays({'x': x, 'y': y}, tmp_path / 'mydict')
    (x2,) = nd.load(str(tmp_path / 'x'))
    np.testing.assert_array_equal(x2.asnumpy(), x.asnumpy())
    assert [a.shape for a in nd.load(str(tmp_path / 'xy'))] == [(3,), (4,)]
    loaded = nd.load(str(tmp_path / 'mydict'))
    assert sorted(loaded) == ['x', 'y'] and loaded['y'].shape == (4,)


@pytest.fixture
def saved_mlp(tmp_path, seed):
    X = nd.random.uniform(shape=(2, 20))
    net = MLP()
    net.initialize()
    Y = net(X)
    path = tmp_path / 'mlp.params'
    save_parameters(net, path)
    return path, X, Y


def test_parameters_round_trip_gives_identical_outputs(saved_mlp):
    path, X, Y = saved_mlp
    clone = load_parameters(MLP(), path)
    np.testing.assert_array_equal(clone(X).asnumpy(), Y.asnumpy())
    assert [p.name for p in path.parent.iterdir()] == ['mlp.params'], "no temporary file left behind"


def test_other_architecture_is_a_clear_error(saved_mlp):
    path, _, _ = saved_mlp
    other = nn.Sequential()
    other.add(nn.Dense(256, activation='relu'), nn.Dense(10))
    with pytest.raises(ParameterFileError, match="does not fit Sequential") as err:
        load_parameters(other, path)
    assert "hidden.weight" in str(err.value) and "fix:" in str(err.value)

    class Wider(MLP):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.output = nn.Dense(5)
    with pytest.raises(ParameterFileError, match="shape incompatible"):
        load_parameters(Wider(), path)


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(ParameterFileError, match="no parameter file"):
        load_parameters(MLP(), tmp_path / 'nothing.params')
    junk = tmp_path / 'junk.params'
    junk.write_bytes(b'not parameters')
    with pytest.raises(ParameterFileError, match="not an MXNet parameter file"):
        load_parameters(MLP(), junk)


def test_failed_save_leaves_no_file(tmp_path):
    net = MLP()
    net.initialize()                  # deferred: saving fails before the first forward
    with pytest.raises(Exception):
        save_parameters(net, tmp_path / 'mlp.params')
    assert os.listdir(tmp_path) == []
