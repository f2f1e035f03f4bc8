"""Hybridized-vs-imperative parity for any HybridBlock: `check_parity("mlp")` or `check_parity(factory, inputs)`.

Two twins get identical parameter values; one is hybridized (static_alloc/static_shape, as the sections run it).
They must agree, within float32 rounding (TOL, stated once here), on:

  predict      forward in prediction mode
  train        forward in training mode (random ops: both seeded identically first)
  grad         the gradient of every parameter under a head that weighs every output differently
  steps        every parameter (BatchNorm running statistics included) after several Trainer('sgd') steps
  export       `export` then `SymbolBlock.imports` gives the hybridized twin's outputs
  shape2       the hybridized twin called with a second batch size equals the imperative one

Nested outputs (an RNN's (output, state)) and nested inputs ((X, [h, c])) are flattened.
Returns a ParityReport {check: max |diff|}; raises AssertionError naming the check, parameter and max diff.
"""
import tempfile
import warnings
from pathlib import Path

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, init as mx_init, nd

TOL = dict(rtol=1e-5, atol=1e-6)   # float32 rounding (MXNet's own check_consistency yardstick); the ONLY tolerance
_SEED = 1234                       # seeds every random draw of a parity run (train-mode masks, the head weights)


class ParityReport(dict):
    """{check name: largest |hybridized - imperative|} for one model; `str()` gives a one-line summary."""

    def __init__(self, name, **kw):
        super().__init__(**kw)
        self.name = name

    def __str__(self):
        return f"parity {self.name}: " + ", ".join(f"{k} {v:.2e}" for k, v in self.items())


def flatten(value):
    """NDArrays in a nested tuple/list, in order."""
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in flatten(v)]
    return [value]


def _scaled_tol(ref):
    """TOL with atol measured against the reference's magnitude (rounding is relative to the largest value)."""
    scale = max(1.0, float(np.max(np.abs(ref)))) if ref.size else 1.0
    return TOL["rtol"], TOL["atol"] * scale


def _compare(report, check, expected, actual, what=""):
    """Assert `actual` equals `expected` (lists of arrays) within TOL; record the max diff under `check`."""
    expected, actual = flatten(expected), flatten(actual)
    label = f"{report.name}: {check}" + (f" of {what}" if what else "")
    if len(expected) != len(actual):
        raise AssertionError(f"parity {label}: {len(actual)} outputs instead of {len(expected)}")
    worst = report.get(check, 0.0)
    for i, (e, a) in enumerate(zip(expected, actual)):
        e = e.asnumpy() if hasattr(e, "asnumpy") else np.asarray(e)
        a = a.asnumpy() if hasattr(a, "asnumpy") else np.asarray(a)
        where = label + (f" (output {i})" if len(expected) > 1 else "")
        if e.shape != a.shape:
            raise AssertionError(f"parity {where}: shape {a.shape} instead of {e.shape}")
        diff = float(np.max(np.abs(a.astype(np.float64) - e))) if e.size else 0.0
        if not np.all(np.isfinite(e)) or not np.all(np.isfinite(a)):
            raise AssertionError(f"parity {where}: non-finite values")
        rtol, atol = _scaled_tol(e)
        if not np.allclose(a, e, rtol=rtol, atol=atol):
            raise AssertionError(f"parity {where}: max |diff| {diff:.3e} exceeds rtol={rtol:g}, atol={atol:.3g}")
        worst = max(worst, diff)
    report[check] = worst


def _params(net):
    """{structural name: Parameter} ('0.weight', 'hidden.bias'): equal across twins, unlike prefixed names."""
    return net._collect_params_with_prefix()


def _copy_values(src, dst):
    src_p, dst_p = _params(src), _params(dst)
    if sorted(src_p) != sorted(dst_p):
        raise AssertionError(f"twins have different parameters: {sorted(src_p)} vs {sorted(dst_p)}")
    for k, p in src_p.items():
        dst_p[k].set_data(p.data())


def _head(outputs):
    """Fixed random weights, one per output element, so every output gets its own gradient."""
    state = np.random.RandomState(_SEED)
    return [nd.array(state.normal(size=o.shape), dtype=o.dtype) for o in flatten(outputs)]


def _loss(outputs, head):
    return nd.add_n(*[(o * h).sum() for o, h in zip(flatten(outputs), head)])


def _forward(net, inputs, train_mode):
    mx.random.seed(_SEED)
    with autograd.train_mode() if train_mode else autograd.predict_mode():
        return net(*inputs)


def _backward(net, inputs, train_mode, head=None):
    mx.random.seed(_SEED)
    with autograd.record(train_mode=train_mode):
        out = net(*inputs)
        head = head or _head(out)
        _loss(out, head).backward()
    return out, head, {k: p.grad() for k, p in _params(net).items() if p.grad_req != "null"}


def _resolve(model, inputs, init, train_mode_random, kwargs):
    if isinstance(model, str):
        from . import models
        entry = models.entry(model)
        factory = lambda: models.get(model, **kwargs)   # noqa: E731
        example = entry.example_input
        init = init if init is not None else entry.init
        train_mode_random = entry.train_mode_random if train_mode_random is None else train_mode_random
        return model, factory, example, init, bool(train_mode_random)
    name = getattr(model, "__name__", type(model).__name__)
    factory = lambda: model(**kwargs)   # noqa: E731
    if inputs is None:
        raise ValueError("check_parity(factory, ...) needs `inputs`: a function batch_size -> tuple of NDArrays")
    return name, factory, inputs, init, bool(train_mode_random)


def make_twins(factory, inputs, init=None, static=True):
    """(imperative net, hybridized net) with identical parameter values, both run once on `inputs`."""
    net = factory()
    net.initialize(init if init is not None else mx_init.Uniform())
    twin = factory()
    twin.initialize()
    with autograd.predict_mode():
        net(*inputs)
        twin(*inputs)             # finishes deferred init of both before the copy
    _copy_values(net, twin)
    twin.hybridize(static_alloc=static, static_shape=static)
    return net, twin


def check_parity(model, inputs=None, init=None, train_mode_random=None, steps=3, lr=None, static=True,
                 workdir=None, **kwargs):
    """Check a model's hybridized twin against its imperative self; return a ParityReport or raise AssertionError.

    model: a registered name (its example input, init and train_mode_random come from the registry) or a
    factory(**kwargs) -> HybridBlock, then with `inputs(batch_size=2) -> tuple of NDArrays`.
    Random train-mode forwards are seeded identically on both sides; if the hybridized graph still draws
    other random numbers (a different RNG stream), the gradient and step checks fall back to prediction mode
    and the report says so under 'train_mode_random_fallback'.
    """
    name, factory, example, init, random_train = _resolve(model, inputs, init, train_mode_random, kwargs)
    if lr is None:                       # a registered model's own (ModelEntry.parity_lr), else 0.1
        from . import models
        lr = models.entry(model).parity_lr if isinstance(model, str) else 0.1
    report = ParityReport(name)
    x = tuple(example(batch_size=2))
    net, twin = make_twins(factory, x, init, static)

    _compare(report, "predict", _forward(net, x, False), _forward(twin, x, False))
    train_mode = True
    try:
        _compare(report, "train", _forward(net, x, True), _forward(twin, x, True))
    except AssertionError:
        if not random_train:
            raise
        report["train_mode_random_fallback"] = 1.0     # masks differ between the two RNG streams
        train_mode = False

    _, head, grads = _backward(net, x, train_mode)
    _, _, twin_grads = _backward(twin, x, train_mode, head)
    if sorted(grads) != sorted(twin_grads):
        raise AssertionError(f"parity {name}: gradients for {sorted(twin_grads)} instead of {sorted(grads)}")
    for k in sorted(grads):
        _compare(report, "grad", grads[k], twin_grads[k], f"parameter {k!r}")

    trainers = [gluon.Trainer(n.collect_params(), "sgd", {"learning_rate": lr}) for n in (net, twin)]
    for _ in range(steps):
        for n, trainer in zip((net, twin), trainers):
            _backward(n, x, train_mode, head)
            trainer.step(x[0].shape[0])
    twin_params = _params(twin)
    for k, p in sorted(_params(net).items()):
        _compare(report, "steps", p.data(), twin_params[k].data(), f"parameter {k!r} after {steps} steps")

    expected = _forward(twin, x, False)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(workdir or tmp) / name.replace("/", "_"))
        twin.export(prefix)
        input_names = [s.name for s in twin._cached_graph[0]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            imported = gluon.SymbolBlock.imports(f"{prefix}-symbol.json", input_names, f"{prefix}-0000.params")
        _compare(report, "export", expected, imported(*flatten(x)))

    x3 = tuple(example(batch_size=3))
    _compare(report, "shape2", _forward(net, x3, False), _forward(twin, x3, False))
    return report
