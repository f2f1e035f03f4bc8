"""Numbers as MXNet prints them, so that a record holds the digits the book shows.

An NDArray prints its float32 values with numpy's shortest round-trip repr ('22.494442'); float() of the same
float32 is 22.494441986...: recorded as printed, a deterministic value equals the book's number exactly.
"""
import numpy as np


def printed(array):
    """An NDArray (or a numpy/float32 scalar) as a flat list of Python floats with MXNet's printed digits."""
    values = array.asnumpy() if hasattr(array, "asnumpy") else np.asarray(array)
    return [float(str(np.float32(v))) for v in values.ravel()]


def printed_scalar(value):
    """One float32 value (asscalar()'s result, a one-element NDArray) with its printed digits."""
    return printed(value)[0]
