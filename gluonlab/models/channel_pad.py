"""Convolution chains whose channel count oneDNN cannot block, padded inside the forward to the same function.

oneDNN's fast CPU kernels keep channels in blocks of 8, and MXNet refuses layouts that need padding, so a
convolution with, say, 6 output channels falls back to im2col GEMMs and the pooling after it to the reference
NCHW kernel (`simple_nchw`): for the book's LeNet those were the largest costs of a training step
(DNNL_VERBOSE=1; docs/benchmarks.md). A chain Conv2D(c) -> channel-wise layers (pooling, activations) ->
Conv2D computes the same function with c rounded up to a multiple of 8: the first convolution gets extra
all-zero filters (bias 0), the second extra input channels whose weights are all zero. The extra channels hold
act(0) and meet only zero weights, so every output and every gradient of the original parameters is the
book's up to float32 summation order. The zero blocks are constants built in the graph, not parameters.

A first convolution with 1 or 2 input channels (LeNet's grey images) also gets zero input channels up to 3:
oneDNN computes the weight gradient of an RGB-like first layer with its jit kernel, but with 1 or 2 channels
as im2col GEMMs. LeNet's conv0 on the 2-core Zen 3 (DNNL_VERBOSE=1, one thread, a minibatch of 256): weight
gradient 10.3 -> 4.5 ms, forward 2.7 -> 5.7 ms. The GEMM path hardly uses a second thread: a hybridized
epoch at the book's settings, alternating fresh processes, took 8.1-9.1 s unpadded and 6.4-6.5 s padded at two
threads (9.0-10.6 s either way at one).
"""
import mxnet as mx
from mxnet.gluon import nn

CHANNEL_BLOCK = 8
FIRST_CONV_CHANNELS = 3
CHANNELWISE = (nn.MaxPool2D, nn.AvgPool2D, nn.Activation)


def onednn():
    """Whether this MXNet runs its CPU convolutions on oneDNN (MKLDNN), where padding pays."""
    return mx.runtime.Features().is_enabled("MKLDNN")


def _plain_conv(layer):
    """Whether layer is a Conv2D in NCHW, ungrouped, without dilation, its weight's shape known."""
    if type(layer) is not nn.Conv2D:
        return False
    kw = layer._kwargs
    return (kw["layout"] == "NCHW" and kw["num_group"] == 1 and set(kw["dilate"]) == {1}
            and 0 not in layer.weight.shape)


def padded_width(channels):
    """channels rounded up to a multiple of CHANNEL_BLOCK."""
    return -(-channels // CHANNEL_BLOCK) * CHANNEL_BLOCK


def chain_length(layers):
    """How many of `layers`, from the first, form a paddable chain (0 if they do not start one): a Conv2D
    whose channels are not a multiple of 8, channel-wise layers, then a Conv2D."""
    if not layers or not _plain_conv(layers[0]) or layers[0]._channels % CHANNEL_BLOCK == 0:
        return 0
    for i, layer in enumerate(layers[1:], start=1):
        if _plain_conv(layer):
            return i + 1
        if not isinstance(layer, CHANNELWISE):
            return 0
    return 0


def _value(F, param, like):
    """A parameter inside a parent's forward: its symbol, or its array on like's context."""
    return param.var() if F is mx.sym else param.data(like.context)


def _conv(F, layer, x, weight, bias, num_filter):
    kwargs = dict(layer._kwargs, num_filter=num_filter)
    out = F.Convolution(x, weight, bias, **kwargs) if bias is not None else F.Convolution(x, weight, **kwargs)
    return layer.act(out) if layer.act is not None else out


def run_chain(F, x, layers):
    """The chain `layers` (first Conv2D, channel-wise layers, last Conv2D) applied to x, channels padded."""
    first, *between, last = layers
    width = padded_width(first._channels)
    weight, bias = _value(F, first.weight, x), _value(F, first.bias, x) if first.bias is not None else None
    in_channels = first.weight.shape[1]
    if in_channels < FIRST_CONV_CHANNELS:
        x = _pad_to(F, x, 1, in_channels, FIRST_CONV_CHANNELS)
        weight = _pad_to(F, weight, 1, in_channels, FIRST_CONV_CHANNELS)
    weight = _pad_to(F, weight, 0, first._channels, width)
    x = _conv(F, first, x, weight, _pad_to(F, bias, 0, first._channels, width) if bias is not None else None, width)
    for layer in between:
        x = layer(x)
    bias = _value(F, last.bias, x) if last.bias is not None else None
    return _conv(F, last, x, _pad_to(F, _value(F, last.weight, x), 1, first._channels, width), bias, last._channels)


def _pad_to(F, x, axis, channels, width):
    """x, which has `channels` entries along axis, with width - channels zeros appended there."""
    zero = F.zeros_like(F.slice_axis(x, axis=axis, begin=0, end=1))
    return F.concat(x, F.broadcast_axis(zero, axis=axis, size=width - channels), dim=axis)


class PaddedChain(nn.HybridBlock):
    """The layers of a paddable chain (chain_length) as one block computing them with channels padded; the
    layers stay its children, so their Parameters are the same objects."""

    def __init__(self, layers, **kwargs):
        super().__init__(**kwargs)
        self._layers = list(layers)
        for layer in self._layers:
            self.register_child(layer)

    def hybrid_forward(self, F, x):
        return run_chain(F, x, self._layers)


def pad_chains(layers):
    """`layers` with every paddable chain replaced by a PaddedChain of its layers (the list itself when none is,
    or when MXNet has no oneDNN)."""
    if not onednn():
        return list(layers)
    out, i = [], 0
    while i < len(layers):
        n = chain_length(layers[i:])
        out.append(PaddedChain(layers[i:i + n]) if n else layers[i])
        i += n or 1
    return out
