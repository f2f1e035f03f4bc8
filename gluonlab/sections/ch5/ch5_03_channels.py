"""5.3 Multiple input and output channels. Book: d2l-zh v1 §5.3 (corr2d_multi_in, corr2d_multi_in_out, 1x1)."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.conv import corr2d_multi_in, corr2d_multi_in_out, corr2d_multi_in_out_1x1

ID, SLUG, TITLE = "5.3", "channels", "Multiple input and output channels"


@dataclass(frozen=True)
class Config(RunConfig):
    pass


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    X = nd.array([[[0, 1, 2], [3, 4, 5], [6, 7, 8]],
                  [[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = nd.array([[[0, 1], [2, 3]], [[1, 2], [3, 4]]])
    multi_in = corr2d_multi_in(X, K)
    report(multi_in)
    K = nd.stack(K, K + 1, K + 2)
    report(K.shape)
    multi_out = corr2d_multi_in_out(X, K)
    report(multi_out)

    X = nd.random.uniform(shape=(3, 3, 3))
    K = nd.random.uniform(shape=(2, 3, 1, 1))
    Y1 = corr2d_multi_in_out_1x1(X, K)
    Y2 = corr2d_multi_in_out(X, K)
    gap = (Y1 - Y2).norm().asscalar()
    report(gap < 1e-6)
    return Result(final={"multi_in": multi_in.asnumpy().tolist(), "kernel_shape": list(K.shape),
                         "multi_in_out": multi_out.asnumpy().tolist(), "one_by_one_gap": float(gap)})
