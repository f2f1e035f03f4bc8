"""2.2 Data manipulation (NDArray). Book: d2l-zh v1 §2.2 (nd.arange, reshape, broadcasting, indexing, in place)."""
from dataclasses import dataclass

import numpy as np
from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ._printed import printed, printed_scalar

ID, SLUG, TITLE = "2.2", "ndarray", "Data manipulation (NDArray)"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


def _operations(X, Y, report):
    """The book's element-wise, matrix, comparison and reduction cells; their values as printed."""
    for value in (X + Y, X * Y, X / Y, Y.exp(), nd.dot(X, Y.T), nd.concat(X, Y, dim=0), nd.concat(X, Y, dim=1),
                  X == Y, X.sum()):
        report(value)
    report(X.norm().asscalar())
    return {"X_div_Y": printed(X / Y), "exp_Y": printed(Y.exp()), "dot_X_YT": printed(nd.dot(X, Y.T)),
            "X_eq_Y": printed(X == Y), "X_sum": printed_scalar(X.sum()), "X_norm": printed_scalar(X.norm())}


def _memory(X, Y, report):
    """The book's id() experiments: Y = Y + X allocates; Z[:] =, out= and += write in place."""
    before = id(Y)
    Y = Y + X
    new_alloc = id(Y) == before
    Z = Y.zeros_like()
    before = id(Z)
    Z[:] = X + Y
    slice_assign = id(Z) == before
    nd.elemwise_add(X, Y, out=Z)
    out_arg = id(Z) == before
    before = id(X)
    X += Y
    plus_equal = id(X) == before
    for same in (new_alloc, slice_assign, out_arg, plus_equal):
        report(same)
    return {"Y_plus_X_same_id": new_alloc, "slice_assign_same_id": slice_assign, "out_same_id": out_arg,
            "plus_equal_same_id": plus_equal}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    x = nd.arange(12)
    report(x, x.shape, x.size, sep="\n")
    X = x.reshape((3, 4))
    report(X, nd.zeros((2, 3, 4)), nd.ones((3, 4)), sep="\n")
    Y = nd.array([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    normal = nd.random.normal(0, 1, shape=(3, 4))     # seed 0 is MXNet's start-up state: the book's draw
    report(Y, normal, sep="\n")
    final = {"x_size": x.size, "normal": printed(normal), **_operations(X, Y, report)}
    A, B = nd.arange(3).reshape((3, 1)), nd.arange(2).reshape((1, 2))
    report(A, B, A + B, X[1:3], sep="\n")
    final["A_plus_B"] = printed(A + B)
    X[1, 2] = 9
    report(X)
    X[1:2, :] = 12
    report(X)
    final["X_assigned"] = printed(X)
    final.update(_memory(X, Y, report))
    D = nd.array(np.ones((2, 3)))
    report(D, repr(D.asnumpy()), sep="\n")
    final["asnumpy_dtype"] = str(D.asnumpy().dtype)
    return Result(final=final)
