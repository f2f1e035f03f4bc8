"""S2.6 The five-layer net and the gradient probe. Lab: Model_MLP_L5 (sigmoid), one epoch, print_grads."""
from ...registry import section
from ._lab import GradConfig, gradient_result, gradient_run

ID, SLUG, TITLE = "S2.6", "mlp-5layer-grads", "Feed-forward lab: five-layer net for gradient experiments"


@section(ID, SLUG, TITLE, GradConfig)
def run(cfg: GradConfig, report=print):
    return gradient_result({"sigmoid": gradient_run("sigmoid", cfg, report)})
