"""The book's training loop of the Kaggle image contests: momentum SGD with weight decay, the learning rate
multiplied by lr_decay every lr_period epochs, one line per epoch. Book: d2l-zh v1 §9.12 (train)."""
import time

from mxnet import autograd, gluon
from mxnet.gluon import loss as gloss

from ..train.classify import evaluate_accuracy


def train(net, train_iter, valid_iter, num_epochs, lr, wd, ctx, lr_period, lr_decay, batch_size, report=print):
    """Train net; returns the history: per epoch loss, train acc, valid acc (when valid_iter) and lr."""
    loss = gloss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr, 'momentum': 0.9, 'wd': wd})
    history = []
    for epoch in range(num_epochs):
        train_l_sum, train_acc_sum, n, start = 0.0, 0.0, 0, time.time()
        if epoch > 0 and epoch % lr_period == 0:
            trainer.set_learning_rate(trainer.learning_rate * lr_decay)
        for X, y in train_iter:
            y = y.astype('float32').as_in_context(ctx)
            with autograd.record():
                y_hat = net(X.as_in_context(ctx))
                l = loss(y_hat, y).sum()
            l.backward()
            trainer.step(batch_size)
            # summed on the device, read once an epoch (the book reads both every minibatch)
            train_l_sum = l + train_l_sum
            train_acc_sum = (y_hat.argmax(axis=1) == y).sum() + train_acc_sum
            n += y.size
        row = {"epoch": epoch + 1, "loss": float(train_l_sum.asscalar()) / n,
               "train_acc": float(train_acc_sum.asscalar()) / n}
        time_s = "time %.2f sec" % (time.time() - start)
        epoch_s = "epoch %d, loss %f, train acc %f, " % (epoch + 1, row["loss"], row["train_acc"])
        if valid_iter is not None:
            row["valid_acc"] = evaluate_accuracy(valid_iter, net, ctx)
            epoch_s += "valid acc %f, " % row["valid_acc"]
        report(epoch_s + time_s + ', lr ' + str(trainer.learning_rate))
        history.append({**row, "lr": trainer.learning_rate})
    return history
