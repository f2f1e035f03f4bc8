"""3.4 Softmax regression (theory) as executable checks. Book: d2l-zh v1 §3.4."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...scratch import cross_entropy, softmax

ID, SLUG, TITLE = "3.4", "softmax-regression", "Softmax regression"


@dataclass(frozen=True)
class Config(RunConfig):
    num_inputs: int = 4           # a 2x2 image
    num_outputs: int = 3          # dog, cat, chicken


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    X = nd.random.normal(shape=(5, cfg.num_inputs))
    W = nd.random.normal(shape=(cfg.num_inputs, cfg.num_outputs))
    b = nd.random.normal(shape=(cfg.num_outputs,))
    O = nd.dot(X, W) + b
    Y_hat = softmax(O)
    row_sums = Y_hat.sum(axis=1)
    report("O = XW + b:", O.shape, "softmax rows sum to", row_sums)
    same_argmax = bool((Y_hat.argmax(axis=1) == O.argmax(axis=1)).min().asscalar())
    report("softmax keeps the argmax:", same_argmax)
    y = nd.array([0, 1, 2, 0, 1])
    onehot_ce = -(nd.one_hot(y, cfg.num_outputs) * Y_hat.log()).sum(axis=1)
    ce_gap = (onehot_ce - cross_entropy(Y_hat, y)).abs().max().asscalar()
    report("cross entropy with one-hot labels = -log y_hat[label]: max gap", ce_gap)
    final = {"max_row_sum_error": (row_sums - 1).abs().max().asscalar(), "argmax_kept": same_argmax,
             "cross_entropy_gap": ce_gap}
    return Result(final=final)
