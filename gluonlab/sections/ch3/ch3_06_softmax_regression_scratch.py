"""3.6 Softmax regression from scratch. Book: d2l-zh v1 §3.6 (d2lzh.train_ch3, evaluate_accuracy)."""
from dataclasses import dataclass, field

from mxnet import nd

from ... import train
from ...registry import Result, section
from ...scratch import accuracy, cross_entropy, softmax
from ._fashion import FashionConfig, final_of, load, prediction_figure

ID, SLUG, TITLE = "3.6", "softmax-regression-scratch", "Softmax regression from scratch"


@dataclass(frozen=True)
class Config(FashionConfig):
    lr: float = 0.1
    num_inputs: int = field(default=784, metadata={"fixed": "Fashion-MNIST's 28 x 28 pixels"})
    num_outputs: int = field(default=10, metadata={"fixed": "Fashion-MNIST's 10 classes"})


def demos(report):
    """The book's small demos: sums with keepdims, softmax rows, pick, accuracy."""
    X = nd.array([[1, 2, 3], [4, 5, 6]])
    report(X.sum(axis=0, keepdims=True), X.sum(axis=1, keepdims=True))
    X_prob = softmax(nd.random.normal(shape=(2, 5)))
    report(X_prob, X_prob.sum(axis=1))
    y_hat = nd.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    y = nd.array([0, 2], dtype="int32")
    report(nd.pick(y_hat, y))
    report(accuracy(y_hat, y))
    return accuracy(y_hat, y)


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    train_iter, test_iter = load(cfg)
    W = nd.random.normal(scale=0.01, shape=(cfg.num_inputs, cfg.num_outputs))
    b = nd.zeros(cfg.num_outputs)
    for param in (W, b):
        param.attach_grad()

    def net(X):
        return softmax(nd.dot(X.reshape((-1, cfg.num_inputs)), W) + b)

    demo_acc = demos(report)
    untrained = train.evaluate_accuracy(test_iter, net)
    report(untrained)
    history = train.fit(net, train_iter, test_iter, cross_entropy, cfg.num_epochs, cfg.batch_size,
                        [W, b], cfg.lr, report=report)
    final = {**final_of(history), "untrained_test_acc": untrained, "demo_accuracy": demo_acc}
    return Result(history, final, {"predictions": prediction_figure(net, test_iter)})
