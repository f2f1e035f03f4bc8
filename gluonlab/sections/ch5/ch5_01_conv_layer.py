"""5.1 Two-dimensional convolutional layer. Book: d2l-zh v1 §5.1 (d2lzh.corr2d, learning a kernel)."""
from dataclasses import dataclass

from mxnet import autograd, nd
from mxnet.gluon import nn

from ...config import RunConfig
from ...registry import Result, section
from ...scratch.conv import Conv2DDifferentiable, corr2d

ID, SLUG, TITLE = "5.1", "conv-layer", "2D convolutional layer"


@dataclass(frozen=True)
class Config(RunConfig):
    num_iters: int = 10
    lr: float = 3e-2


def learn_kernel(conv2d, X, Y, num_iters, lr, report=print):
    """Fit conv2d's weight to map X to Y by squared error, updating only the weight (the bias is ignored)."""
    history = []
    for i in range(num_iters):
        with autograd.record():
            Y_hat = conv2d(X)
            loss = (Y_hat - Y) ** 2
        loss.backward()
        conv2d.weight.data()[:] -= lr * conv2d.weight.grad()
        if (i + 1) % 2 == 0:
            report('batch %d, loss %.3f' % (i + 1, loss.sum().asscalar()))
            history.append({"epoch": i + 1, "loss": float(loss.sum().asscalar())})
    return history


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    report(corr2d(nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]]), nd.array([[0, 1], [2, 3]])))
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    report(X)
    K = nd.array([[1, -1]])
    Y = corr2d(X, K)
    report(Y)
    X, Y = X.as_in_context(ctx), Y.as_in_context(ctx)

    conv2d = nn.Conv2D(1, kernel_size=(1, 2))     # 1 output channel, default init
    conv2d.initialize(ctx=ctx)
    history = learn_kernel(conv2d, X.reshape((1, 1, 6, 8)), Y.reshape((1, 1, 6, 7)), cfg.num_iters, cfg.lr,
                           report)
    kernel = conv2d.weight.data().reshape((1, 2))
    report(kernel)

    # gluonlab extra (the book's exercise): the custom Conv2D made differentiable learns the same kernel
    report('custom Conv2D through F.Convolution:')
    custom = Conv2DDifferentiable(kernel_size=(1, 2))
    custom.initialize(ctx=ctx)
    learn_kernel(custom, X, Y, cfg.num_iters, cfg.lr, report)
    report(custom.weight.data())
    return Result(history=history, final={"kernel": kernel.asnumpy().ravel().tolist(),
                                          "custom_kernel": custom.weight.data().asnumpy().ravel().tolist()})
