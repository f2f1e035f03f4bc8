"""A per-layer gradient-norm probe for any Block (the lab's print_grads, S2.6)."""
from collections import OrderedDict


def grad_norms(net, weights_only=True):
    """{parameter name relative to the net: L2 norm of its gradient}, in layer order, one sync.

    weights_only keeps 2-D parameters (the layers' weights), as the lab prints them.
    """
    out = OrderedDict()
    for name, param in net.collect_params().items():
        if param.grad_req == "null" or (weights_only and len(param.shape) != 2):
            continue
        out[name[len(net.prefix):] if name.startswith(net.prefix) else name] = param.grad().norm()
    return OrderedDict((k, v.asscalar()) for k, v in out.items())
