"""Multiply-adds of a network's convolutions and Dense layers, layer by layer, from one forward pass.

`layer_costs(net, input_shape)` runs an initialized net imperatively on zeros with forward hooks on every
nn.Conv2D and nn.Dense and returns each layer's shapes and forward MACs per example. The long runs' time estimate
(train/estimate.py) and the bench's conv floor (bench/cnn.py) both count from it; everything else a CNN does
(pooling, BatchNorm, ReLU, concatenation) is memory-bound and left out of the count.
"""
from dataclasses import dataclass

from mxnet import nd
from mxnet.gluon import nn


@dataclass(frozen=True)
class LayerCost:
    kind: str              # "conv" or "dense"
    in_shape: tuple        # one example's input: (C, H, W) or (features,)
    out_shape: tuple
    kernel: tuple = ()     # conv: (kh, kw); its strides, pads and groups below
    strides: tuple = ()
    pads: tuple = ()
    groups: int = 1
    macs: int = 0          # forward multiply-adds per example


def _cost(block, x, y):
    if isinstance(block, nn.Conv2D):
        kw = block._kwargs
        c_in, k = x.shape[1], tuple(kw["kernel"])
        macs = y[0].size * (c_in // kw.get("num_group", 1)) * k[0] * k[1]
        return LayerCost("conv", x.shape[1:], y.shape[1:], k, tuple(kw["stride"]), tuple(kw["pad"]),
                         kw.get("num_group", 1), macs)
    in_units = x[0].size if block._flatten else x.shape[-1]
    return LayerCost("dense", (in_units,), y.shape[1:], macs=in_units * y[0].size)


def layer_costs(net, input_shape):
    """[LayerCost] of net's Conv2D and Dense layers, in the order they run, for one input of `input_shape`
    (with its batch axis). net must be initialized (or take deferred init); it runs imperatively once."""
    costs, handles = [], []

    def hook(block, inputs, output):
        costs.append(_cost(block, inputs[0], output))

    def attach(block):
        if isinstance(block, (nn.Conv2D, nn.Dense)):
            handles.append(block.register_forward_hook(hook))
    net.apply(attach)
    try:
        net(nd.zeros(input_shape)).wait_to_read()
    finally:
        for h in handles:
            h.detach()
    return costs


def training_flops(costs):
    """FLOPs to train on one example: forward, the weight gradients, and the input gradients of every layer
    but the first (the data needs none): 2 FLOPs a multiply-add."""
    macs = [c.macs for c in costs]
    return 2 * (2 * sum(macs) + sum(macs[1:]))


def forward_flops(costs):
    return 2 * sum(c.macs for c in costs)
