"""The house-price trainer and k-fold cross-validation. Book: §3.16 (train, k_fold, train_and_pred)."""
from mxnet import gluon, init
from mxnet.gluon import data as gdata

from .. import models
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
    """Adam with wd, step(batch_size); per epoch log_rmse on train (and test). Returns (train_ls, test_ls)."""
    train_iter = gdata.DataLoader(gdata.ArrayDataset(train_features, train_labels), batch_size, shuffle=True)
    trainer = make_trainer(net.collect_params(), "adam", {"learning_rate": learning_rate, "wd": weight_decay})

    def evaluate():
        out = {"train_rmse": log_rmse(net, train_features, train_labels)}
        if test_labels is not None:
            out["valid_rmse"] = log_rmse(net, test_features, test_labels)
        return out
    history = train_epochs(train_iter, trainer_step(net, gluon.loss.L2Loss(), trainer, batch_size),
                           num_epochs, evaluate)
    return [h["train_rmse"] for h in history], [h.get("valid_rmse") for h in history if "valid_rmse" in h]


def k_fold(cfg, X_train, y_train, report=print):
    """k-fold CV printing each fold; returns (avg train rmse, avg valid rmse, fold 0's [(train, valid)])."""
    train_l_sum, valid_l_sum, fold0 = 0.0, 0.0, None
    for i in range(cfg.k):
        data = get_k_fold_data(cfg.k, i, X_train, y_train)
        net = get_net(cfg.init_sigma)
        train_ls, valid_ls = train(net, *data, cfg.num_epochs, cfg.lr, cfg.weight_decay, cfg.batch_size)
        train_l_sum += train_ls[-1]
        valid_l_sum += valid_ls[-1]
        fold0 = fold0 or list(zip(train_ls, valid_ls))
        report("fold %d, train rmse %f, valid rmse %f" % (i, train_ls[-1], valid_ls[-1]))
    return train_l_sum / cfg.k, valid_l_sum / cfg.k, fold0


def train_and_pred(cfg, train_features, test_features, train_labels):
    """Train on all rows; returns (train_ls, predictions as a numpy vector of the test rows)."""
    net = get_net(cfg.init_sigma)
    train_ls, _ = train(net, train_features, train_labels, None, None, cfg.num_epochs, cfg.lr,
                        cfg.weight_decay, cfg.batch_size)
    return train_ls, net(test_features).asnumpy().reshape(-1)
