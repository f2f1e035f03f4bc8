"""load_parameters of a foreign or corrupt file: a message naming the file and the network; nothing overwritten."""
import numpy as np
import pytest
from mxnet import nd
from mxnet.gluon import nn

from gluonlab import models
from gluonlab.models.blocks import MLP
from gluonlab.models.checkpoint import ParameterFileError, load_parameters, save_parameters


def trained(net, X):
    net.initialize()
    net(X)
    return net


def values(net):
    return {k: p.data().asnumpy().copy() for k, p in net._collect_params_with_prefix().items()}


@pytest.fixture
def saved(tmp_path, seed):
    X = nd.random.uniform(shape=(2, 20))
    path = tmp_path / "mlp.params"
    save_parameters(trained(MLP(), X), path)
    return path, X


class Wider(MLP):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.output = nn.Dense(5)


@pytest.mark.parametrize("make,said", [
    (lambda: Wider(), "shape incompatible: output.weight is (10, 256) in the file"),
    (lambda: nn.Sequential(), "missing in the file"),
])
def test_other_architecture_names_file_and_network_and_changes_nothing(saved, make, said):
    path, X = saved
    net = make()
    if isinstance(net, nn.Sequential):
        net.add(nn.Dense(256, activation="relu"), nn.Dense(10))
    trained(net, X)
    before, file_before = values(net), path.read_bytes()
    with pytest.raises(ParameterFileError) as err:
        load_parameters(net, path)
    msg = str(err.value)
    assert str(path) in msg and f"does not fit {type(net).__name__}" in msg and said in msg and "fix:" in msg
    after = values(net)
    assert before.keys() == after.keys() and all(np.array_equal(before[k], after[k]) for k in before)
    assert path.read_bytes() == file_before


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_corrupt_file_names_file_and_network(saved, damage):
    path, X = saved
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncate" else b"\x00" * 64)
    net = trained(MLP(), X)
    before = values(net)
    with pytest.raises(ParameterFileError) as err:
        load_parameters(net, path)
    assert str(path) in str(err.value) and "MLP" in str(err.value) and "corrupt" in str(err.value)
    assert all(np.array_equal(before[k], v) for k, v in values(net).items())


def test_good_file_still_loads(saved):
    path, X = saved
    net = load_parameters(MLP(), path)
    again = load_parameters(MLP(), path)
    np.testing.assert_array_equal(net(X).asnumpy(), again(X).asnumpy())


def test_wrong_input_shape_names_expected_and_given(seed):
    net = models.get("mlp")
    net.initialize()
    net(nd.ones((2, 1, 28, 28)))
    before = values(net)
    with pytest.raises(models.shapes.InputShapeError) as err:
        net(nd.ones((2, 100)))
    assert "model 'mlp'" in str(err.value) and "784" in str(err.value) and "got (2, 100)" in str(err.value)
    conv = models.get("lenet_bn")
    conv.initialize()
    conv(nd.ones((2, 1, 28, 28)))
    with pytest.raises(models.shapes.InputShapeError, match=r"\(batch_size, 1, height, width\), got \(2, 3, 28, 28\)"):
        conv(nd.ones((2, 3, 28, 28)))
    assert all(np.array_equal(before[k], v) for k, v in values(net).items())


@pytest.mark.parametrize("name", models.names())
def test_every_model_takes_its_example_input_and_refuses_a_wider_one(name):
    from mxnet import init
    entry = models.entry(name)
    net = models.get(name)
    net.initialize(entry.init or init.Uniform(0.07))
    X, *rest = entry.example_input(2)
    net(X, *rest)                                           # the registered input passes the check
    expected = models.shapes.expected_input(net)
    if expected is None:
        pytest.skip(f"{name}: its first layer is neither Dense nor Conv2D")
    wider = nd.concat(X, X, dim=1)                          # twice the features or channels
    with pytest.raises(models.shapes.InputShapeError, match="got"):
        net(wider, *rest)
