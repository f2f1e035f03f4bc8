"""S2.7 Vanishing gradients: sigmoid vs ReLU in the five-layer net. Lab: the same run with each activation."""
from ...registry import section
from ._lab import GradConfig, gradient_result, gradient_run

ID, SLUG, TITLE = "S2.7", "vanishing-gradients", "Feed-forward lab: vanishing gradients, sigmoid vs ReLU"


@section(ID, SLUG, TITLE, GradConfig)
def run(cfg: GradConfig, report=print):
    norms = {act: gradient_run(act, cfg, report) for act in ("sigmoid", "relu")}
    first = {act: n[next(iter(n))] for act, n in norms.items()}
    report("first-layer gradient norm: sigmoid %.3g, relu %.3g (relu/sigmoid = %.3g)"
           % (first["sigmoid"], first["relu"], first["relu"] / max(first["sigmoid"], 1e-45)))
    return gradient_result(norms)
