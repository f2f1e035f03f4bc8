"""3.9 MLP from scratch. Book: d2l-zh v1 §3.9 (d2lzh.train_ch3)."""
from dataclasses import dataclass

from mxnet import gluon, nd

from ... import train
from ...registry import Result, section
from ...scratch import relu
from ._fashion import FashionConfig, final_of, load

ID, SLUG, TITLE = "3.9", "mlp-scratch", "MLP from scratch"


@dataclass(frozen=True)
class Config(FashionConfig):
    lr: float = 0.5
    num_hiddens: int = 256


def get_params(num_inputs, num_hiddens, num_outputs):
    """[W1, b1, W2, b2]: weights N(0, 0.01^2), biases zero, gradients attached."""
    params = [nd.random.normal(scale=0.01, shape=(num_inputs, num_hiddens)), nd.zeros(num_hiddens),
              nd.random.normal(scale=0.01, shape=(num_hiddens, num_outputs)), nd.zeros(num_outputs)]
    for param in params:
        param.attach_grad()
    return params


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    train_iter, test_iter = load(cfg)
    W1, b1, W2, b2 = params = get_params(784, cfg.num_hiddens, 10)

    def net(X):
        H = relu(nd.dot(X.reshape((-1, 784)), W1) + b1)
        return nd.dot(H, W2) + b2

    history = train.fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs,
                        cfg.batch_size, params, cfg.lr, report=report)
    return Result(history, final_of(history))
