"""A cell written with `nd.` (the book's own 6.4/6.7/6.8 cells) run as one cached graph per minibatch.

The book's cells call `nd.dot`, `nd.sigmoid`, `nd.tanh` and arithmetic step by step: about 50 operators and
their gradients a step, each dispatched from Python, which is most of a 6.7 epoch on a CPU. TracedUnrolled calls
the cell once with symbols in place of arrays (its global `nd` rebound, for this call only, to a namespace that
builds symbols), so the 35 unrolled steps of a minibatch become one graph, hybridized with static_alloc.
One-hot inputs: `dot(one_hot(i), W)` is row i of W exactly (one product by 1, the rest by 0), so the trace
looks the row up instead of multiplying; the gradient of W sums the same products, in another order.
`trace_or_none` checks the traced graph against the cell run imperatively on the first minibatch and gives up
(None: run imperatively) when the cell cannot be traced or the two disagree beyond float32 rounding.
"""
import types

import mxnet as mx
import numpy as np
from mxnet import gluon, nd

from .rnn import to_onehot


class _Traced:
    """A symbol that behaves like an NDArray in arithmetic: +, -, *, / broadcast (a Symbol's do not)."""

    def __init__(self, sym):
        self.sym = sym

    def _binary(self, other, op, scalar_op, reverse=False):
        if isinstance(other, (int, float)):
            return _Traced(scalar_op(self.sym, other))
        a, b = (_unwrap(other), self.sym) if reverse else (self.sym, _unwrap(other))
        return _Traced(op(a, b))

    def __add__(self, other):
        return self._binary(other, mx.sym.broadcast_add, lambda s, x: s + x)

    def __radd__(self, other):
        return self._binary(other, mx.sym.broadcast_add, lambda s, x: x + s, reverse=True)

    def __sub__(self, other):
        return self._binary(other, mx.sym.broadcast_sub, lambda s, x: s - x)

    def __rsub__(self, other):
        return self._binary(other, mx.sym.broadcast_sub, lambda s, x: x - s, reverse=True)

    def __mul__(self, other):
        return self._binary(other, mx.sym.broadcast_mul, lambda s, x: s * x)

    def __rmul__(self, other):
        return self._binary(other, mx.sym.broadcast_mul, lambda s, x: x * s, reverse=True)

    def __truediv__(self, other):
        return self._binary(other, mx.sym.broadcast_div, lambda s, x: s / x)

    def __rtruediv__(self, other):
        return self._binary(other, mx.sym.broadcast_div, lambda s, x: x / s, reverse=True)

    def __neg__(self):
        return _Traced(-self.sym)

    def __getattr__(self, name):                     # X.tanh(), X.relu(), X.reshape(...), ...
        method = getattr(self.sym, name)
        return lambda *args, **kwargs: _wrap(method(*_unwrap(args), **_unwrap(kwargs)))


def _unwrap(value):
    if isinstance(value, _Traced):
        return value.sym
    if isinstance(value, (list, tuple)):
        return type(value)(_unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _wrap(value):
    if isinstance(value, mx.sym.Symbol):
        return _Traced(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_wrap(v) for v in value)
    return value


class _SymbolNd:
    """Stands for `nd` inside a traced cell: mxnet.symbol's operators on _Traced values, one-hot products as
    row lookups."""

    def __init__(self, onehots):
        self._onehots = onehots                     # id(one-hot _Traced) -> its index symbol

    def __getattr__(self, name):
        fn = getattr(mx.sym, name)
        return lambda *args, **kwargs: _wrap(fn(*_unwrap(args), **_unwrap(kwargs)))

    def dot(self, lhs, rhs, **kwargs):
        index = self._onehots.get(id(lhs))
        if index is not None and not kwargs:
            return _Traced(mx.sym.take(_unwrap(rhs), index))
        return _Traced(mx.sym.dot(_unwrap(lhs), _unwrap(rhs), **kwargs))


def _rebound(fn, namespace):
    """fn with its global `nd` replaced by namespace (a copy of the function; fn itself is untouched)."""
    return types.FunctionType(fn.__code__, {**fn.__globals__, "nd": namespace}, fn.__name__, fn.__defaults__,
                              fn.__closure__)


class TracedUnrolled(gluon.HybridBlock):
    """(X (batch, num_steps) indices, *state, *params) -> (outputs (num_steps * batch, vocab), *state)."""

    def __init__(self, cell, num_states, vocab_size, num_steps, **kwargs):
        super().__init__(**kwargs)
        self._cell, self._num_states = cell, num_states
        self._vocab_size, self._num_steps = vocab_size, num_steps

    def hybrid_forward(self, F, X, *arrays):
        state, params = tuple(arrays[:self._num_states]), list(arrays[self._num_states:])
        if F is nd:
            outputs, state = self._cell(to_onehot(X, self._vocab_size), state, params)
        else:
            indices = F.split(F.transpose(X), num_outputs=self._num_steps, axis=0, squeeze_axis=True) \
                if self._num_steps > 1 else [F.reshape(X, (-1,))]
            inputs = [_Traced(F.one_hot(i, self._vocab_size)) for i in indices]
            namespace = _SymbolNd({id(x): i for x, i in zip(inputs, indices)})
            outputs, state = _unwrap(_rebound(self._cell, namespace)(inputs, _wrap(state), _wrap(params)))
        return (F.concat(*outputs, dim=0),) + tuple(state)

    def __call__(self, X, *arrays):
        if X.shape[1] != self._num_steps:
            raise ValueError(f"TracedUnrolled was built for {self._num_steps} steps, got X of shape {X.shape}")
        return super().__call__(X, *arrays)


def trace_or_none(cell, X, state, params, vocab_size, rtol=1e-4, atol=1e-5):
    """A hybridized TracedUnrolled for cell if it traces and matches the imperative cell on (X, state), else None."""
    block = TracedUnrolled(cell, len(state), vocab_size, X.shape[1])
    block.hybridize(static_alloc=True, static_shape=True)
    try:
        traced = block(X, *state, *params)
        outputs, new_state = cell(to_onehot(X, vocab_size), tuple(state), params)
        expected = [nd.concat(*outputs, dim=0)] + list(new_state)
        if len(traced) != len(expected):
            return None
        for a, b in zip(traced, expected):
            if a.shape != b.shape or not np.allclose(a.asnumpy(), b.asnumpy(), rtol=rtol, atol=atol):
                return None
    except Exception:                  # noqa: BLE001  (any cell that does not trace runs imperatively instead)
        return None
    return block
