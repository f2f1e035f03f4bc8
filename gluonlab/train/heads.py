"""What fit computes per minibatch under autograd: the summed loss the book differentiates and the training
accuracy's correct count, with as few cached graphs and Python calls as the net allows.

For a hybridized net and a HybridBlock loss, the net, the labels' cast to the features' dtype (d2lzh._get_batch),
the loss and the count are one cached graph (_NetAndHead): one Python call and one node on autograd's tape a
minibatch instead of two. Measured on the 3.10 MLP, 2 threads, alternating fresh processes: 0.242-0.270 ->
0.231-0.244 s an epoch. The net's forward pre-hooks run on each minibatch as they would on net(X), and only
there (the graph calls the net's forward, not the net); a net with forward hooks keeps its own graph. The net's
own cached graph is left as it is: fit's test accuracy runs the net itself, and `export` needs that graph.
Otherwise the net runs as it is and a cached graph (_LossAndCorrect) computes the rest, or, for a loss that is
not a HybridBlock, imperative operators (the labels' cast then an `astype`).
"""
from mxnet import gluon, nd
from mxnet.gluon import nn

from ..models import channel_pad


def correct_count(F, y_hat, y):
    """(y_hat.argmax(axis=1) == y).sum() with operator module F (nd or symbol). Book: d2lzh.accuracy's sum."""
    return F.sum(F.argmax(y_hat, axis=1) == y)


def _loss_and_count(F, loss_fn, y_hat, y, dtype):
    y = F.cast(y, dtype=dtype)
    return F.sum(loss_fn(y_hat, y)), correct_count(F, y_hat, y)


def _hybridize_alone(block, flags):
    """block.hybridize(**flags) without touching its children (HybridBlock.hybridize would re-hybridize them
    and so clear their cached graphs)."""
    block._active, block._flags = True, list(flags)
    block._clear_cached_op()


class _LossAndCorrect(gluon.HybridBlock):
    """(y_hat, y) -> (summed loss, correct count), labels cast to dtype. loss_fn is not made a child, so the
    caller's loss block is not hybridized."""

    def __init__(self, loss_fn, dtype, **kwargs):
        super().__init__(**kwargs)
        self._loss_fn = lambda y_hat, y: loss_fn(y_hat, y)
        self._dtype = dtype

    def hybrid_forward(self, F, y_hat, y):
        return _loss_and_count(F, self._loss_fn, y_hat, y, self._dtype)


class _NetAndHead(_LossAndCorrect):
    """(X, y) -> (summed loss, correct count) of net(X): the net is a child, so its graph is part of this one."""

    def __init__(self, net, loss_fn, dtype, **kwargs):
        super().__init__(loss_fn, dtype, **kwargs)
        self.net = net

    def hybrid_forward(self, F, X, y):
        return _loss_and_count(F, self._loss_fn, self.net.forward(X), y, self._dtype)


class TrainingHead:
    """head(X, y, dtype) -> (summed loss, correct count) of net(X) against y cast to dtype (see the module)."""

    def __init__(self, net, loss_fn):
        self._net, self._loss_fn, self._graphs = net, loss_fn, {}
        hybrid_loss = isinstance(loss_fn, gluon.HybridBlock)
        self._whole = (hybrid_loss and isinstance(net, gluon.HybridBlock) and net._active
                       and not net._forward_hooks)
        self._graph_of_head = hybrid_loss and not self._whole

    def __call__(self, X, y, dtype):
        if self._whole:
            for hook in self._net._forward_pre_hooks.values():
                hook(self._net, (X,))
            return self._graph(dtype)(X, y)
        y_hat = self._net(X)
        if self._graph_of_head:
            return self._graph(dtype)(y_hat, y)
        y = y.astype(dtype, copy=False)
        return self._loss_fn(y_hat, y).sum(), correct_count(nd, y_hat, y)

    def _graph(self, dtype):
        graph = self._graphs.get(dtype)
        if graph is None:
            if self._whole:
                graph = _NetAndHead(self._net, self._loss_fn, dtype)
                _hybridize_alone(graph, self._net._flags)
            else:
                graph = _LossAndCorrect(self._loss_fn, dtype)
                graph.hybridize(static_alloc=True)
            self._graphs[dtype] = graph
        return graph

    def rebuild(self):
        """Drop the cached graphs (a graph hybridized with static_shape keeps the gradient arrays it first ran
        with)."""
        self._graphs.clear()


def sequential_graph(net):
    """A plain nn.Sequential whose layers are all HybridBlocks, as a hybridized HybridSequential holding the same
    layers (so the same Parameters, which a Trainer made for net updates): one cached graph a minibatch, with
    static memory and shapes, computing what the layers compute one by one. A convolution chain whose channels
    oneDNN cannot block (the book's LeNet: 6) runs padded (models.channel_pad). Only the new container is
    hybridized, so net and its layers stay imperative. Any other net is returned as it is."""
    layers = list(net._children.values()) if type(net) is nn.Sequential else []
    if not layers or not all(isinstance(layer, gluon.HybridBlock) for layer in layers):
        return net
    graph = nn.HybridSequential(prefix=net.prefix)
    graph.add(*channel_pad.pad_chains(layers))
    _hybridize_alone(graph, {"static_alloc": True, "static_shape": True}.items())
    return graph
