"""Checks of Python arguments (the book's API, gluonlab.d2l): nonsense is a ValueError or TypeError that names the
argument, raised before any work, where MXNet would fail deep inside, or only while iterating, or silently give
something else (a batch size of 2.5). No mxnet import."""
import math
import numbers


def positive_int(value, name):
    """`value` as an int of at least 1; TypeError for a non-integer (2.5, '3', True), ValueError for 0 or less."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def non_negative_number(value, name):
    """`value` as a float that is finite and 0 or more; TypeError for a non-number, ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be a number of at least 0 (not NaN), got {value}")
    return value


def non_empty(values, name):
    """`values` as a list with at least one item; ValueError when it is empty."""
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one")
    return values
