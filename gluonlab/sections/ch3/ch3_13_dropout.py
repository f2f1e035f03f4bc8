"""3.13 Dropout, from scratch and with Gluon. Book: d2l-zh v1 §3.13 (dropout, d2lzh.train_ch3)."""
from dataclasses import dataclass

from mxnet import autograd, gluon, init, nd

from ... import models, train
from ...registry import Result, section, variant
from ...scratch import dropout, relu
from ._fashion import FashionConfig, final_of, load

ID, SLUG, TITLE = "3.13", "dropout", "Dropout"


@dataclass(frozen=True)
class Config(FashionConfig):
    lr: float = 0.5
    drop_prob1: float = 0.2
    drop_prob2: float = 0.5
    num_hiddens1: int = 256
    num_hiddens2: int = 256


def scratch_net(cfg):
    """The book's 784-256-256-10 net with dropout only while training (autograd.is_training())."""
    shapes = [(784, cfg.num_hiddens1), (cfg.num_hiddens1, cfg.num_hiddens2), (cfg.num_hiddens2, 10)]
    params = []
    for shape in shapes:
        params += [nd.random.normal(scale=0.01, shape=shape), nd.zeros(shape[1])]
    for param in params:
        param.attach_grad()
    W1, b1, W2, b2, W3, b3 = params

    def net(X):
        H1 = relu(nd.dot(X.reshape((-1, 784)), W1) + b1)
        if autograd.is_training():
            H1 = dropout(H1, cfg.drop_prob1)
        H2 = relu(nd.dot(H1, W2) + b2)
        if autograd.is_training():
            H2 = dropout(H2, cfg.drop_prob2)
        return nd.dot(H2, W3) + b3
    return net, params


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    X = nd.arange(16).reshape((2, 8))
    for p in (0, 0.5, 1):
        report(dropout(X, p))
    train_iter, test_iter = load(cfg)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    report("scratch:")
    net, params = scratch_net(cfg)
    scratch = train.fit(net, train_iter, test_iter, loss_fn, cfg.num_epochs, cfg.batch_size, params, cfg.lr,
                        report=report)
    report("gluon:")
    net = models.get("mlp_dropout", drop_prob1=cfg.drop_prob1, drop_prob2=cfg.drop_prob2,
                     num_hiddens1=cfg.num_hiddens1, num_hiddens2=cfg.num_hiddens2)
    net.initialize(init.Normal(sigma=0.01), ctx=cfg.contexts())
    if cfg.hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
    trainer = train.make_trainer(net.collect_params(), "sgd", {"learning_rate": cfg.lr})
    gluon_hist = train.fit(net, train_iter, test_iter, loss_fn, cfg.num_epochs, cfg.batch_size,
                           trainer=trainer, ctx=cfg.contexts(), report=report)
    history = [{**g, **{f"scratch_{k}": v for k, v in s.items() if k != "epoch"}}
               for s, g in zip(scratch, gluon_hist)]
    final = {**final_of(gluon_hist), **{f"scratch_{k}": v for k, v in final_of(scratch).items()}}
    return Result(history, final)


# The course's scratch lr 100 is set for PyTorch's mean-reduced loss, the book's lr 0.5 for a summed one: the
# difference is the loss's reduction, not the training, so the variant runs the book's settings.
variant("S4.3", "course-dropout", "Course variant: dropout (3.13)", ID)
