"""3.1 Linear regression: vectorization and broadcasting. Book: d2l-zh v1 §3.1."""
import time
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "3.1", "linear-regression", "Linear regression"


@dataclass(frozen=True)
class Config(RunConfig):
    n: int = 1000


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    a, b = nd.ones(shape=cfg.n), nd.ones(shape=cfg.n)
    start = time.perf_counter()
    c = nd.zeros(shape=cfg.n)
    for i in range(cfg.n):
        c[i] = a[i] + b[i]
    c.wait_to_read()
    loop_s = time.perf_counter() - start
    start = time.perf_counter()
    d = a + b
    d.wait_to_read()
    vector_s = time.perf_counter() - start
    report("element by element: %f sec" % loop_s)
    report("vectorized: %f sec" % vector_s)
    same = bool((c == d).min().asscalar())
    report("same result:", same)
    report(nd.ones(shape=3) + 10)
    return Result(final={"loop_s": loop_s, "vector_s": vector_s, "speedup": loop_s / vector_s, "same": same})
