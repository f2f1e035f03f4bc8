"""S2.8 Dead ReLU: biases -8 make every ReLU output 0, so every weight gradient is exactly 0."""
from dataclasses import dataclass

from ...registry import section
from ._lab import GradConfig, gradient_result, gradient_run

ID, SLUG, TITLE = "S2.8", "dead-relu", "Feed-forward lab: dead ReLU"


@dataclass(frozen=True)
class Config(GradConfig):
    bias: float = -8.0


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print):
    norms = gradient_run("relu", cfg, report)
    dead = [name for name, value in norms.items() if value == 0.0]
    report(f"layers with exactly zero weight gradient: {len(dead)} of {len(norms)}")
    return gradient_result({"relu": norms})
