"""Per-minibatch values kept on the device during an epoch and read back once at its end."""
import math

import numpy as np
from mxnet import nd


def read(batch_values):
    """Per-batch (1,) device arrays as one float64 numpy vector: one synchronisation for the whole epoch."""
    return nd.concat(*batch_values, dim=0).asnumpy().astype("float64") if batch_values else np.zeros(0)


def first_non_finite(values):
    """(index, value) of the first NaN or infinite value, or None."""
    for i, v in enumerate(values):
        if not math.isfinite(v):
            return i, float(v)
    return None
