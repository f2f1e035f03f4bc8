"""Chapter 7's data: the NASA airfoil self-noise table, standardized. Book: d2l-zh v1 §7.3 (d2lzh.get_data_ch7)."""
import numpy as np
from mxnet import nd

from ..errors import DataError
from .resolve import FIX, resolve

FILE = "airfoil_self_noise.dat"
ROWS, COLUMNS = 1503, 6


def load_table():
    """The raw (1503, 6) float64 table: five features, then the sound pressure level."""
    path = resolve(FILE)
    data = np.genfromtxt(path, delimiter="\t")
    if data.shape != (ROWS, COLUMNS) or not np.isfinite(data).all():
        raise DataError(f"{path} is not the airfoil table (shape {data.shape}, expected {(ROWS, COLUMNS)})", FIX)
    return data


def get_data_ch7(n=None):
    """(features (n, 5), labels (n,)) float32 NDArrays, every column standardized over all 1503 rows.

    n=None keeps all rows, as d2lzh.get_data_ch7 does; n=1500 is §7.3's cell, which standardizes over the whole
    table and then keeps the first 1500 rows.
    """
    data = load_table()
    data = (data - data.mean(axis=0)) / data.std(axis=0)
    rows = slice(None) if n is None else slice(n)
    return nd.array(data[rows, :-1]), nd.array(data[rows, -1])
