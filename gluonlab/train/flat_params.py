"""Parameters whose weights and gradients are views of two flat buffers, so plain SGD is one sgd_update a step.

sgd_update is elementwise: one call over the concatenated weights gives each weight the bits its own call gives.
Packing copies every weight and its current gradient into the buffers, points each Parameter's data and
gradient at its views (re-marking them for autograd), and keeps the arrays it had; unpack copies the values
back into those arrays and points the Parameter at them again. While packed, parameter.data() is the view and
set_data and load_parameters write into it. A graph hybridized with static_shape keeps the gradient arrays it
first ran with, so whoever packs and unpacks rebuilds the cached graphs that run meanwhile (fit does).
"""
import numpy as np
from mxnet import autograd, nd


class FlatParams:
    """The packed parameters' buffers and views; holds(todo) says whether they still are what the step updates."""

    def __init__(self, params):
        self._params = list(params)
        self._datas = [p._data[0] for p in self._params]
        self._grads = [p._grad[0] for p in self._params]
        sizes = [d.size for d in self._datas]
        ctx, dtype = self._datas[0].context, self._datas[0].dtype
        self.weights = nd.empty((sum(sizes),), ctx=ctx, dtype=dtype)
        self.grads = nd.empty((sum(sizes),), ctx=ctx, dtype=dtype)
        self._weight_views, self._grad_views = [], []
        start = 0
        for param, data, grad, size in zip(self._params, self._datas, self._grads, sizes):
            w = self.weights[start:start + size].reshape(data.shape)
            g = self.grads[start:start + size].reshape(data.shape)
            data.copyto(w)
            grad.copyto(g)
            param._data, param._grad = [w], [g]
            autograd.mark_variables([w], [g], param.grad_req)
            self._weight_views.append(w)
            self._grad_views.append(g)
            start += size

    @staticmethod
    def packable(params):
        """Whether params can share two buffers: one context each, all of one dtype, dense, gradients written
        (not added), two or more of them."""
        if len(params) < 2:
            return False
        first = params[0]._data
        if first is None or len(first) != 1:
            return False
        ctx, dtype = first[0].context, np.dtype(first[0].dtype)
        return all(p._data is not None and len(p._data) == 1 and p._grad is not None and p.grad_req == "write"
                   and p._stype == "default" and p._grad_stype == "default"
                   and p._data[0].context == ctx and np.dtype(p._data[0].dtype) == dtype for p in params)

    def holds(self, todo):
        """Whether todo's (index, weight, grad) are exactly the packed views, in order."""
        return (len(todo) == len(self._weight_views)
                and all(w is wv and g is gv
                        for (_, w, g), wv, gv in zip(todo, self._weight_views, self._grad_views)))

    def unpack(self):
        """Give every parameter still on its views the arrays it had before packing, holding the views' values
        (its weight and its last gradient). A parameter given other arrays meanwhile keeps them."""
        for param, data, grad, w, g in zip(self._params, self._datas, self._grads, self._weight_views,
                                           self._grad_views):
            on_data = param._data is not None and param._data[0] is w
            on_grad = param._grad is not None and param._grad[0] is g
            if not (on_data or on_grad):
                continue
            if on_data:
                w.copyto(data)
                param._data = [data]
            if on_grad:
                g.copyto(grad)
                param._grad = [grad]
            if param._grad is not None:
                autograd.mark_variables(param._data, param._grad, param.grad_req)
