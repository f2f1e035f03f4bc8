"""8.1 Hybridize: every registered model equals its imperative twin (forward, gradients, export/import)."""
import warnings

import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd, symbol

from gluonlab import models
from gluonlab.testing import flatten
from gluonlab.models.checkpoint import copy_parameters
from gluonlab.models.hybrid import HybridNet, get_net

TOL = dict(rtol=1e-5, atol=1e-6)   # MXNet's own yardstick


def _twins(name):
    """The registered model and a hybridized copy with the same parameter values, plus an example input."""
    entry = models.entry(name)
    inputs = entry.example_input(batch_size=2)
    net = models.get(name)
    net.initialize(entry.init or init.Uniform())
    twin = copy_parameters(net, models.get(name), *inputs)
    twin.hybridize()
    return net, twin, inputs


def _forward_and_grads(net, inputs, train):
    with autograd.record(train_mode=train):
        outs = flatten(net(*inputs))          # an RNN's (output, [state]) as a flat list
        nd.add_n(*[(out * nd.arange(out.size).reshape(out.shape)).sum() for out in outs]).backward()  # every output
    grads = {k: p.grad().asnumpy() for k, p in net._collect_params_with_prefix().items() if p.grad_req != 'null'}
    return np.concatenate([out.asnumpy().ravel() for out in outs]), grads


def _assert_same(a, b):
    out_a, grads_a = a
    out_b, grads_b = b
    np.testing.assert_allclose(out_b, out_a, **TOL)
    assert sorted(grads_a) == sorted(grads_b)
    for k in grads_a:
        np.testing.assert_allclose(grads_b[k], grads_a[k], rtol=1e-4, atol=1e-5, err_msg=k)


@pytest.mark.parametrize("name", models.names())
def test_hybridized_equals_imperative(name, seed):
    net, twin, inputs = _twins(name)
    hybrid, imperative = flatten(twin(*inputs)), flatten(net(*inputs))                      # predict mode
    assert len(hybrid) == len(imperative)
    for a, b in zip(hybrid, imperative):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), **TOL)
    if not models.entry(name).train_mode_random:
        _assert_same(_forward_and_grads(net, inputs, True), _forward_and_grads(twin, inputs, True))


@pytest.mark.parametrize("name", models.names())
def test_export_then_import_gives_identical_outputs(name, seed, tmp_path):
    net, twin, inputs = _twins(name)
    expected = flatten(twin(*inputs))
    twin.export(str(tmp_path / name))
    names = [s.name for s in twin._cached_graph[0]]          # one per flattened input ('data', or data0, data1...)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        imported = gluon.SymbolBlock.imports(str(tmp_path / f'{name}-symbol.json'), names,
                                             str(tmp_path / f'{name}-0000.params'))
    actual = flatten(imported(*flatten(inputs)))
    assert len(actual) == len(expected)
    for a, b in zip(actual, expected):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), **TOL)


def test_the_parity_check_can_fail(seed):
    net, twin, inputs = _twins("hybrid_mlp")
    twin[2].bias.set_data(twin[2].bias.data() + 1e-3)          # a planted difference
    with pytest.raises(AssertionError):
        _assert_same(_forward_and_grads(net, inputs, True), _forward_and_grads(twin, inputs, True))


def test_hybrid_net_sees_ndarray_then_symbol_then_nothing(seed):
    seen = []
    net = HybridNet(report=lambda *a: seen.append(a))
    net.initialize()
    x = nd.random.normal(shape=(1, 4))
    imperative = net(x)
    assert seen[0][1] is nd and isinstance(seen[1][1], nd.NDArray)
    seen.clear()
    net.hybridize()
    hybrid = net(x)
    assert seen[0][1] is symbol and isinstance(seen[1][1], symbol.Symbol) and seen[1][1].name == 'data'
    assert seen[2][1].name.endswith('relu0')
    seen.clear()
    net(x)
    assert seen == [], "the cached graph runs without calling hybrid_forward"
    np.testing.assert_allclose(hybrid.asnumpy(), imperative.asnumpy(), **TOL)


def test_get_net_on_a_symbol_returns_a_symbol(seed):
    net = get_net()
    net.initialize()
    net.hybridize()
    net(nd.random.normal(shape=(1, 512)))
    assert isinstance(net(symbol.var('data')), symbol.Symbol)


def test_section_8_1_export_and_hybridize_equal():
    from gluonlab import registry
    sec = registry.get("8.1")
    result = sec.run(sec.make_config(quick=True), report=lambda *a: None)
    assert result.final["hybridize_max_diff"] == 0 and result.final["export_max_diff"] == 0
    assert result.final["before_s"] > 0 and result.final["after_s"] > 0
