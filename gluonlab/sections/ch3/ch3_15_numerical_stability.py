"""3.15 Numerical stability and initialization, as running checks. Book: d2l-zh v1 §3.15."""
from dataclasses import dataclass

from mxnet import init

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.stability import deep_linear_norms, dense_weight, symmetric_mlp_after_training, xavier_bound

ID, SLUG, TITLE = "3.15", "numerical-stability", "Numerical stability and model initialization"


@dataclass(frozen=True)
class Config(RunConfig):
    depth: int = 30
    units: int = 256
    in_units: int = 784


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    final = {"pow_0.2": 0.2 ** cfg.depth, "pow_5": 5.0 ** cfg.depth}
    report("0.2^%d = %g, 5^%d = %g" % (cfg.depth, final["pow_0.2"], cfg.depth, final["pow_5"]))
    for scale in (0.2, 5.0):
        out, grad = deep_linear_norms(scale, cfg.depth)
        report("%d layers of %g * I: output %g, input gradient %g" % (cfg.depth, scale, out, grad))
        final[f"deep_{scale:g}_output"], final[f"deep_{scale:g}_grad"] = out, grad
    W = symmetric_mlp_after_training()
    spread = (W - W[0:1]).abs().max().asscalar()
    report("equal initial weights, after training: max difference between hidden units %g" % spread)
    w, b = dense_weight(None, cfg.units, cfg.in_units)
    report("default init: weight in [%.4f, %.4f], std %.4f (U(-0.07, 0.07): %.4f), bias all zero: %s"
           % (w.min().asscalar(), w.max().asscalar(), w.asnumpy().std(), 0.07 / 3 ** 0.5,
              (b == 0).min().asscalar() == 1))
    xw, _ = dense_weight(init.Xavier(), cfg.units, cfg.in_units)
    bound = xavier_bound(cfg.in_units, cfg.units)
    report("Xavier: max |w| %.4f, bound sqrt(6/(a+b)) %.4f" % (xw.abs().max().asscalar(), bound))
    final.update({"symmetric_spread": spread, "default_max_abs": w.abs().max().asscalar(),
                  "default_std": float(w.asnumpy().std()), "xavier_max_abs": xw.abs().max().asscalar(),
                  "xavier_bound": bound})
    return Result(final=final)
