"""8.1 Hybrid programming: the HybridSequential MLP and HybridNet. Book: d2l-zh v1 §8.1 (get_net, HybridNet)."""
from mxnet import nd
from mxnet.gluon import nn

from .registry import model


@model("hybrid_mlp", example_input=lambda batch_size=2: (nd.random.normal(shape=(batch_size, 512)),))
def get_net():
    """HybridSequential: Dense(256, relu) -> Dense(128, relu) -> Dense(2). Book: 8.1 get_net (uninitialized)."""
    net = nn.HybridSequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(128, activation='relu'), nn.Dense(2))
    return net


class HybridNet(nn.HybridBlock):
    """Dense(10) -> relu -> Dense(2); with `report`, prints F, x and hidden as the book does. Book: 8.1."""

    def __init__(self, report=None, **kwargs):
        super(HybridNet, self).__init__(**kwargs)
        self.report = report
        self.hidden = nn.Dense(10)
        self.output = nn.Dense(2)

    def hybrid_forward(self, F, x):
        if self.report:                       # Python side effect: runs only while tracing once hybridized
            self.report('F: ', F)
            self.report('x: ', x)
        x = F.relu(self.hidden(x))
        if self.report:
            self.report('hidden: ', x)
        return self.output(x)


@model("hybrid_net", example_input=lambda batch_size=2: (nd.random.normal(shape=(batch_size, 4)),))
def hybrid_net():
    """HybridNet without printing. Book: 8.1."""
    return HybridNet()
