"""6.6 Back-propagation through time. Book: d2l-zh v1 §6.6 (equations; checked here against autograd)."""
from dataclasses import dataclass

import numpy as np
from mxnet import nd

from ...config import RunConfig
from ...registry import Result, section
from ...scratch import bptt
from ...scratch.rnn import grad_clipping

ID, SLUG, TITLE = "6.6", "bptt", "Back-propagation through time"


@dataclass(frozen=True)
class Config(RunConfig):
    num_steps: int = 6             # T of the tiny linear RNN
    num_inputs: int = 3
    num_hiddens: int = 4
    num_outputs: int = 2
    clipping_theta: float = 1e-2


def max_diff(a, b):
    return float(np.abs(a.asnumpy() - b.asnumpy()).max())


def clipping_facts(theta, report):
    """Gradients above theta come back with norm exactly theta; below it they are untouched."""
    facts = {}
    for name, scale in (("above", 100.0), ("below", 1e-3)):
        g = nd.random.normal(shape=(3, 3))
        g = g / g.norm() * theta * scale
        param = nd.zeros((3, 3))
        param.attach_grad()
        param.grad[:] = g
        grad_clipping([param], theta, param.context)
        facts[f"clipped_norm_{name}"] = param.grad.norm().asscalar()
        report(f"norm {theta * scale:g} ({name} theta {theta:g}) -> {facts[f'clipped_norm_{name}']:g}")
    return facts


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    T, d, h, q = cfg.num_steps, cfg.num_inputs, cfg.num_hiddens, cfg.num_outputs
    xs, ys, W_hx, W_hh, W_qh = [nd.random.normal(shape=s, dtype="float64") for s in [(T, d), (T, q), (h, d),
                                                                                     (h, h), (q, h)]]
    *grads, dhs, dos = bptt.bptt(xs, ys, W_hx, W_hh, W_qh)
    diffs = {f"max_diff_{n}": max_diff(a, b)
             for n, a, b in zip(("W_hx", "W_hh", "W_qh"), grads, bptt.autograd_grads(xs, ys, W_hx, W_hh, W_qh))}
    diffs["max_diff_dh_unrolled"] = max(max_diff(bptt.dh_unrolled(t, dos, W_hh, W_qh), dhs[t - 1])
                                        for t in range(1, T + 1))
    report("BPTT recursion vs autograd (float64), max |diff|:", diffs)
    norms = [float(dh.norm().asscalar()) for dh in dhs]
    trend = "explode" if norms[0] > norms[-1] else "vanish"
    report(f"|dL/dh_t| for t = 1..T: earlier steps take higher powers of W_hh^T (here they {trend}):",
           np.round(norms, 4).tolist())
    return Result(final={**diffs, **clipping_facts(cfg.clipping_theta, report), "dh_norms": norms})
