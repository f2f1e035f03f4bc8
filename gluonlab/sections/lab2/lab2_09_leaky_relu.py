"""S2.9 Leaky ReLU (slope 0.01) with biases -8: gradients small but non-zero everywhere, unlike S2.8."""
from dataclasses import dataclass

from ...registry import section
from ._lab import GradConfig, gradient_result, gradient_run

ID, SLUG, TITLE = "S2.9", "leaky-relu", "Feed-forward lab: Leaky ReLU fix"


@dataclass(frozen=True)
class Config(GradConfig):
    bias: float = -8.0


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print):
    norms = gradient_run("lrelu", cfg, report)
    report(f"layers with non-zero weight gradient: {sum(v > 0 for v in norms.values())} of {len(norms)}")
    return gradient_result({"lrelu": norms})
