"""A scratch cell over a whole minibatch as one HybridBlock, so it can be hybridized (one graph per minibatch).

The scratch cells (rnn, gru, lstm) take F=nd or F=mxnet.symbol and use the same operators either way. Wrapped
here, hybridized with static_alloc, the 35 unrolled steps of a 6.7 minibatch run as one cached graph: the
values are those of the imperative cell (tests/test_rnn_unrolled.py) and Python is called once per minibatch
instead of about 12 times per step (6.7 GRU, 2 threads: 26 -> 16 ms forward, 34 -> 28 ms backward a minibatch).
The parameters stay the book's plain NDArrays with attach_grad(): they enter as inputs, and their gradients land
in their .grad as with the imperative cell.
"""
from mxnet import gluon, nd

from .rnn import OneHotSteps


class HybridUnrolled(gluon.HybridBlock):
    """(X (batch, num_steps) indices, *state, *params) -> (outputs (num_steps * batch, vocab), *state)."""

    def __init__(self, cell, params, num_states, vocab_size, num_steps, **kwargs):
        super().__init__(**kwargs)
        self._cell, self._num_states = cell, num_states
        self._vocab_size, self._num_steps = vocab_size, num_steps
        self._shapes = [tuple(p.shape) for p in params]

    def hybrid_forward(self, F, X, *arrays):
        state, params = list(arrays[:self._num_states]), list(arrays[self._num_states:])
        if F is not nd:                                   # symbols: the cells read sizes from __shape__
            for p, shape in zip(params, self._shapes):
                p._set_attr(__shape__=str(shape))
        inputs = OneHotSteps(F.transpose(X), self._vocab_size, self._num_steps)
        outputs, state = self._cell(inputs, state, params, F=F)
        whole = getattr(outputs, "whole", None)            # the stacked outputs as the cell computed them
        return (F.concat(*outputs, dim=0) if whole is None else whole,) + tuple(state)

    def __call__(self, X, *arrays):
        if X.shape[1] != self._num_steps:          # a cached graph would fail deep inside MXNet on another length
            raise ValueError(f"HybridUnrolled was built for {self._num_steps} steps, got X of shape {X.shape}")
        return super().__call__(X, *arrays)
