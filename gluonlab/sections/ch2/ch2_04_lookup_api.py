"""2.4 Looking up the documentation. Book: d2l-zh v1 §2.4 (dir(nd.random), help(nd.ones_like), ones_like)."""
import pydoc
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ._printed import printed

ID, SLUG, TITLE = "2.4", "lookup-api", "Looking up the documentation"

# dir(nd.random) as the book printed it (MXNet 1.4): the sampling functions it lists.
BOOK_RANDOM = ("exponential", "exponential_like", "gamma", "gamma_like", "generalized_negative_binomial",
               "generalized_negative_binomial_like", "multinomial", "negative_binomial", "negative_binomial_like",
               "normal", "normal_like", "poisson", "poisson_like", "randint", "randn", "shuffle", "uniform",
               "uniform_like")


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    names = dir(nd.random)
    report(names)
    # help() writes to the terminal through a pager; its text is rendered here so that it goes to the log
    report(pydoc.render_doc(nd.ones_like, "Help on %s:", renderer=pydoc.plaintext))
    x = nd.array([[0, 0, 0], [2, 2, 2]])
    y = x.ones_like()
    report(y)
    missing = [n for n in BOOK_RANDOM if n not in names]
    if missing:
        report("not in this MXNet's nd.random:", missing)
    return Result(final={"ones_like": printed(y), "book_random_missing": len(missing),
                         "random_functions": len([n for n in names if not n.startswith("_")])})
