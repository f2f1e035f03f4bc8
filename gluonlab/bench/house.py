"""House-price k-fold (3.16): 5 folds x 100 epochs of Adam on Dense(1), batch 64, lr 5, book settings.

d2lzh has no k-fold helper (the book defines train/k_fold in its notebook), so the d2lzh side is the book's
notebook code as printed (DataLoader over an ArrayDataset, gluon.Trainer, log_rmse per epoch). Both sides share
the preprocessed features (gluonlab.data.house.preprocess, the book's pandas code) and the fold split. One unit
is a whole k-fold; the final metric is the average validation log-rmse. No hybridized side: train.house builds
its Dense(1) without hybridizing (a 331x1 layer: nothing to gain).
"""

from mxnet import autograd, gluon, nd
from mxnet.gluon import data as gdata, loss as gloss, nn

from ..data.house import load_house_frames, preprocess
from ..train.house import k_fold
from ..train.regression import get_k_fold_data
from .workloads import Workload, register, timed as _timed


def _features(p):
    train_data, test_data = load_house_frames()
    train_features, _, train_labels = preprocess(train_data, test_data)
    return train_features, train_labels


def _book_log_rmse(net, features, labels):
    clipped_preds = nd.clip(net(features), 1, float('inf'))
    return nd.sqrt(2 * gloss.L2Loss()(clipped_preds.log(), labels.log()).mean()).asscalar()


def _book_train(net, train_features, train_labels, test_features, test_labels, num_epochs, learning_rate,
                weight_decay, batch_size):
    loss = gloss.L2Loss()
    train_ls, test_ls = [], []
    train_iter = gdata.DataLoader(gdata.ArrayDataset(train_features, train_labels), batch_size, shuffle=True)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': learning_rate, 'wd': weight_decay})
    for epoch in range(num_epochs):
        for X, y in train_iter:
            with autograd.record():
                l = loss(net(X), y)  # noqa: E741  (the book's name)
            l.backward()
            trainer.step(batch_size)
        train_ls.append(_book_log_rmse(net, train_features, train_labels))
        if test_labels is not None:
            test_ls.append(_book_log_rmse(net, test_features, test_labels))
    return train_ls, test_ls


def _book_k_fold(k, X_train, y_train, num_epochs, learning_rate, weight_decay, batch_size):
    valid_l_sum = 0.0
    for i in range(k):
        net = nn.Sequential()
        net.add(nn.Dense(1))
        net.initialize()
        _, valid_ls = _book_train(net, *get_k_fold_data(k, i, X_train, y_train), num_epochs, learning_rate,
                                  weight_decay, batch_size)
        valid_l_sum += valid_ls[-1]
    return valid_l_sum / k


def run_d2lzh(p):
    X, y = _features(p)
    return _timed(lambda: _book_k_fold(p["k"], X, y, p["num_epochs"], p["lr"], p["weight_decay"],
                                       p["batch_size"]), p["epochs"])


def run_gluonlab(p, hybridize):
    X, y = _features(p)
    return _timed(lambda: k_fold(p["k"], X, y, p["num_epochs"], p["lr"], p["weight_decay"], p["batch_size"],
                                 report=lambda *a: None)[1], p["epochs"])


register(Workload(
    name="house_kfold", title="House prices, 5-fold x 100 epochs (3.16)", kind="small", metric="valid_rmse",
    params={"epochs": 2, "k": 5, "num_epochs": 100, "lr": 5.0, "weight_decay": 0.0, "batch_size": 64},
    quick={"epochs": 1, "k": 2, "num_epochs": 2},
    run_d2lzh=run_d2lzh, run_gluonlab=run_gluonlab,
    examples=lambda p: p["k"] * p["num_epochs"] * (1460 // p["k"]) * (p["k"] - 1), unit="k-fold",
    sides=("d2lzh", "imperative")))
