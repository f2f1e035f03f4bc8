"""The feed-forward lab's networks (S2.3-S2.6) as HybridBlocks, layers named fc1, fc2, ..."""
from mxnet import init, nd
from mxnet.gluon import nn

from .registry import model

ACTIVATIONS = {"sigmoid": lambda: nn.Activation("sigmoid"), "relu": lambda: nn.Activation("relu"),
               "lrelu": lambda: nn.LeakyReLU(0.01)}    # Gluon's LeakyReLU needs its slope


def _points(batch_size=2):
    return (nd.random.normal(shape=(batch_size, 2)),)


def mlp_stack(sizes, act, w_init, b_init, in_units=2):
    """Dense layers fc1..fcN of `sizes`, `act` after each hidden layer, a sigmoid after the last."""
    if act not in ACTIVATIONS:
        raise ValueError(f"act must be one of {sorted(ACTIVATIONS)}, got {act!r}")
    net = nn.HybridSequential()
    for i, units in enumerate(sizes, 1):
        net.add(nn.Dense(units, in_units=in_units, weight_initializer=w_init, bias_initializer=b_init,
                         prefix=f"fc{i}_"))
        net.add(ACTIVATIONS[act]() if i < len(sizes) else nn.Activation("sigmoid"))
        in_units = units
    return net


@model("ffn_l2", example_input=_points)
def ffn_l2(w_init=None, b_init="zeros"):
    """Model_MLP_L2: 2 -> 5 -> 1, sigmoid after each layer, weights N(0, 1), zero bias. Lab S2.3."""
    return mlp_stack([5, 1], "sigmoid", w_init or init.Normal(1.0), b_init)


@model("ffn_l3", example_input=_points)
def ffn_l3(w_init=None, b_init="zeros"):
    """2 -> 5 -> 3 -> 1, sigmoid after each layer, weights N(0, 1), zero bias. Lab S2.4."""
    return mlp_stack([5, 3, 1], "sigmoid", w_init or init.Normal(1.0), b_init)


@model("ffn_l5", example_input=_points)
def ffn_l5(act="sigmoid", w_init=None, b_init=None):
    """Model_MLP_L5: 2 -> 3 -> 3 -> 3 -> 3 -> 1; weights N(0, 0.01^2), biases 1.0 by default. Lab S2.6."""
    return mlp_stack([3, 3, 3, 3, 1], act, w_init or init.Normal(0.01), b_init or init.Constant(1.0))
