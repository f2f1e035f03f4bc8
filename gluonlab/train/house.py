"""The house-price trainer and k-fold cross-validation. Book: §3.16 (train, k_fold, train_and_pred)."""
from mxnet import gluon, init

from .. import models
from ..data.batches import ArrayIter
from .parallel import make_trainer
from .regression import get_k_fold_data, log_rmse, train_epochs, trainer_step


def get_net(init_sigma=0.0):
    """Dense(1) with the default init (book), or N(0, sigma^2) weight and bias (the course, S4.4)."""
    net = models.get("linreg")
    if init_sigma:
        net.initialize(init.Normal(sigma=init_sigma))
        net[0].bias.initialize(init.Normal(sigma=init_sigma), force_reinit=True)
    else:
        net.initialize()
    return net


def train(net, train_features, train_labels, test_features, test_labels, num_epochs, learning_rate,
          weight_decay, batch_size):
    """Adam with wd, step(batch_size); per epoch log_rmse on train (and test). Returns (train_ls, test_ls).

    The book shuffles with a DataLoader; ArrayIter gives the same minibatches (one shuffle per epoch) by slicing.
    """
    train_iter = ArrayIter(train_features, train_labels, batch_size, shuffle=True)
    trainer = make_trainer(net.collect_params(), "adam", {"learning_rate": learning_rate, "wd": weight_decay})

    def evaluate():
        out = {"train_rmse": log_rmse(net, train_features, train_labels)}
        if test_labels is not None:
            out["valid_rmse"] = log_rmse(net, test_features, test_labels)
        return out
    history = train_epochs(train_iter, trainer_step(net, gluon.loss.L2Loss(), trainer, batch_size),
                           num_epochs, evaluate)
    return [h["train_rmse"] for h in history], [h.get("valid_rmse") for h in history if "valid_rmse" in h]


def k_fold(k, X_train, y_train, num_epochs, learning_rate, weight_decay, batch_size, init_sigma=0.0,
           report=print, fold_curves=None):
    """The book's k-fold CV, printing each fold; returns (avg train rmse, avg valid rmse).

    fold_curves, a list, receives each fold's (train_ls, valid_ls) (the book plots fold 0's).
    """
    train_l_sum, valid_l_sum = 0.0, 0.0
    for i in range(k):
        data = get_k_fold_data(k, i, X_train, y_train)
        net = get_net(init_sigma)
        train_ls, valid_ls = train(net, *data, num_epochs, learning_rate, weight_decay, batch_size)
        train_l_sum += train_ls[-1]
        valid_l_sum += valid_ls[-1]
        if fold_curves is not None:
            fold_curves.append((train_ls, valid_ls))
        report("fold %d, train rmse %f, valid rmse %f" % (i, train_ls[-1], valid_ls[-1]))
    return train_l_sum / k, valid_l_sum / k


def train_and_pred(train_features, test_features, train_labels, num_epochs, lr, weight_decay, batch_size,
                   init_sigma=0.0):
    """Train on all rows; returns (train_ls, predictions as a numpy vector of the test rows).

    The book's version also plots and writes submission.csv; the 3.16 section does both (the file atomically).
    """
    net = get_net(init_sigma)
    train_ls, _ = train(net, train_features, train_labels, None, None, num_epochs, lr, weight_decay, batch_size)
    return train_ls, net(test_features).asnumpy().reshape(-1)
