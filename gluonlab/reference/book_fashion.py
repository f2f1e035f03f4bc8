"""The book's own chapter-3 Gluon cells, kept as the oracle: nn.Sequential models trained with d2lzh.train_ch3."""
from mxnet import gluon, init
from mxnet.gluon import nn

from . import d2lzh_side

SOFTMAX = [("dense", 10)]
MLP_DROPOUT = [("relu", 256), ("dropout", 0.2), ("relu", 256), ("dropout", 0.5), ("dense", 10)]


def _book_net(layers):
    net = nn.Sequential()
    for kind, arg in layers:
        net.add(nn.Dense(arg, activation="relu") if kind == "relu" else
                nn.Dense(arg) if kind == "dense" else nn.Dropout(arg))
    return net


def book_train_ch3(layers, lr, epochs, batch_size, train_iter, test_iter):
    """The book's Gluon cells: nn.Sequential of `layers`, Normal(0.01), sgd at lr, d2lzh.train_ch3.

    Returns (start, [(time, printed line)]) from d2lzh_side.run_printing.
    """
    import d2lzh
    net = _book_net(layers)
    net.initialize(init.Normal(sigma=0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    return d2lzh_side.run_printing(d2lzh.train_ch3, net, train_iter, test_iter,
                                   gluon.loss.SoftmaxCrossEntropyLoss(), epochs, batch_size, None, None, trainer)
