"""Input-shape checks for models: a wrong input is a message naming the expected and the given shape.

The expected shape comes from the first Dense or Conv2D layer once its weight has a shape (after the first
forward, or at once when in_units / in_channels were given); before that every shape is accepted.
"""
import math
import warnings

from mxnet.gluon import nn, rnn

from ..errors import ConfigError


# The check is a pre-hook on the outermost block, which runs hybridized too; MXNet warns for any hooked block.
warnings.filterwarnings("ignore", message=r"(?s).*is being hybridized while still having forward hook",
                        category=UserWarning)


class InputShapeError(ConfigError):
    """An input whose shape the model cannot take."""


# Layers whose input is not a feature vector (token indices, sequences): a model that starts with one is not checked.
_OPAQUE = (nn.Embedding, rnn.rnn_layer._RNNLayer, rnn.RecurrentCell)


def first_layer(block):
    """The first Dense or Conv2D layer in registration order; None when there is none or a recurrent or
    embedding layer comes first (RNNModel's Dense reads the RNN's output, not the model's input)."""
    found = _first(block)
    return found if isinstance(found, (nn.Dense, nn.Conv2D)) else None


def _first(block):
    if isinstance(block, (nn.Dense, nn.Conv2D) + _OPAQUE):
        return block
    for child in block._children.values():
        found = _first(child)
        if found is not None:
            return found
    return None


def expected_input(block, layer=None):
    """(description, test) of the inputs `block` takes, or None while its first layer's shape is unknown."""
    layer = layer or first_layer(block)
    shape = layer.weight.shape if layer is not None else None
    if not shape or 0 in shape:
        return None
    if isinstance(layer, nn.Conv2D):
        if layer._kwargs.get("layout", "NCHW") != "NCHW":
            return None
        in_channels = shape[1] * layer._kwargs.get("num_group", 1)
        return (f"(batch_size, {in_channels}, height, width)",
                lambda s: len(s) == 4 and s[1] == in_channels)
    in_units = shape[1]
    if layer._flatten:
        return (f"(batch_size, {in_units}) or (batch_size, ...) with {in_units} features per example",
                lambda s: len(s) >= 2 and math.prod(s[1:]) == in_units)
    return f"(..., {in_units})", lambda s: len(s) >= 1 and s[-1] == in_units


def check_input(block, X, layer=None, name=None):
    """Raise InputShapeError unless `block` (whose first layer is `layer`, found if not given) can take X;
    return whether X was checked (False while the first layer's shape is unknown)."""
    expected = expected_input(block, layer)
    if expected is not None and not expected[1](tuple(X.shape)):
        what = f"model {name!r} ({type(block).__name__})" if name else type(block).__name__
        raise InputShapeError(f"{what} expects input of shape {expected[0]}, got {tuple(X.shape)}",
                              "reshape the input to the shape the model was built for, "
                              "or build the model for this input (in_units / in_channels)")
    return expected is not None


def guard(block, name=None):
    """Check every input `block` is called with (a forward pre-hook); return block.

    A shape once accepted against a known first layer is remembered (a layer's shape never changes once
    known), so a training loop's minibatches are checked once per shape, not per call."""
    layer = first_layer(block)
    accepted = set()

    def hook(b, inputs):
        shape = getattr(inputs[0], "shape", None) if inputs else None
        if shape is None or shape in accepted:
            return
        if check_input(b, inputs[0], layer, name):
            accepted.add(tuple(shape))
    if layer is not None:
        block.register_forward_pre_hook(hook)
    return block
