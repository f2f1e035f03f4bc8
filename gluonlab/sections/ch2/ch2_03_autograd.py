"""2.3 Automatic differentiation. Book: d2l-zh v1 §2.3 (attach_grad, autograd.record, backward, control flow)."""
from dataclasses import dataclass

from mxnet import autograd, nd

from ...config import RunConfig
from ...registry import Result, section
from ._printed import printed

ID, SLUG, TITLE = "2.3", "autograd", "Automatic differentiation"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


def f(a):
    """The book's function with Python control flow: doubles until the norm reaches 1000, then maybe scales."""
    b = a * 2
    while b.norm().asscalar() < 1000:
        b = b * 2
    if b.sum().asscalar() > 0:
        c = b
    else:
        c = 100 * b
    return c


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    x = nd.arange(4).reshape((4, 1))
    report(x)
    x.attach_grad()
    with autograd.record():
        y = 2 * nd.dot(x.T, x)
    y.backward()
    assert (x.grad - 4 * x).norm().asscalar() == 0
    report(x.grad)
    outside = autograd.is_training()
    with autograd.record():
        inside = autograd.is_training()
    report(outside, inside, sep="\n")

    a = nd.random.normal(shape=1)
    a.attach_grad()
    with autograd.record():
        c = f(a)
    c.backward()
    report(a.grad == c / a)
    # f is linear in a on each path (c = k * a), so a.grad equals c / a up to float32 rounding
    return Result(final={"x_grad": printed(x.grad), "is_training_outside": outside, "is_training_inside": inside,
                         "grad_equals_c_over_a": printed(a.grad == c / a)[0],
                         "grad_over_c_over_a": printed(a.grad / (c / a))[0]})
