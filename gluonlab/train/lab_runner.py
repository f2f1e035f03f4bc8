"""The feed-forward lab's Runner in Gluon: full-batch training, best-dev-model saving (atomic). Lab S2.2."""
import time

from mxnet import autograd, nd

from ..models.checkpoint import load_parameters, save_parameters


def accuracy(preds, labels):
    """(N, 1) probabilities: class = preds >= 0.5; (N, C) scores: argmax. The mean of matches, a float."""
    if preds.shape[1] == 1:
        return ((preds >= 0.5) == labels).mean().asscalar()
    return (preds.argmax(axis=1) == labels.reshape((-1,))).mean().asscalar()


class Runner:
    """train / evaluate / predict / save_model / load_model, with the lab's lists of losses and scores."""

    def __init__(self, model, trainer, metric, loss_fn, report=print):
        self.model, self.trainer, self.metric, self.loss_fn, self.report = model, trainer, metric, loss_fn, report
        self.train_scores, self.dev_scores, self.train_loss, self.dev_loss = [], [], [], []
        self.history = []

    def train(self, train_set, dev_set, num_epochs=0, log_epochs=100, save_path="best_model.params",
              custom_print_log=None):
        """Full-batch epochs (counted from 0): step(1) on the mean loss; keep the best dev accuracy model."""
        X, y = train_set
        best_score = 0
        for epoch in range(num_epochs):
            start = time.perf_counter()
            with autograd.record():
                logits = self.model(X)
                loss = self.loss_fn(logits, y).mean()
            self.train_loss.append(loss.asscalar())
            self.train_scores.append(self.metric(logits, y))
            loss.backward()
            if custom_print_log:
                custom_print_log(self)
            self.trainer.step(1)
            dev_score, dev_loss = self.evaluate(dev_set)
            if dev_score > best_score:
                self.save_model(save_path)
                self.report(f"[Evaluate] best accuracy performence has been updated: "
                            f"{best_score:.5f} --> {dev_score:.5f}")
                best_score = dev_score
            if log_epochs and epoch % log_epochs == 0:
                self.report(f"[Train] epoch: {epoch}/{num_epochs}, loss: {self.train_loss[-1]}")
            self.history.append({"epoch": epoch, "loss": self.train_loss[-1], "train_acc": self.train_scores[-1],
                                 "dev_loss": dev_loss, "dev_acc": dev_score,
                                 "wall_s": time.perf_counter() - start})
        return best_score

    def evaluate(self, data_set):
        """(score, loss) in prediction mode; appended to the dev lists."""
        X, y = data_set
        logits = self.model(X)
        loss = self.loss_fn(logits, y).mean().asscalar()
        score = self.metric(logits, y)
        self.dev_scores.append(score)
        self.dev_loss.append(loss)
        return score, loss

    def predict(self, X):
        return self.model(X)

    def save_model(self, save_path):
        save_parameters(self.model, save_path)

    def load_model(self, model_path):
        load_parameters(self.model, model_path)


def curves(runner, title=None):
    """The lab's figure: train/dev loss on the left, train/dev accuracy on the right (10 x 5 in)."""
    from ..plot import figure
    fig, (ax1, ax2) = figure((10, 5), ncols=2)
    epochs = range(len(runner.train_loss))
    ax1.plot(epochs, runner.train_loss, color="#e4007f", label="Train loss")
    ax1.plot(epochs, runner.dev_loss[:len(runner.train_loss)], color="#f19ec2", linestyle="--", label="Dev loss")
    ax1.set_ylabel("loss")
    ax1.set_xlabel("epoch")
    ax1.legend(loc="upper right")
    ax2.plot(epochs, runner.train_scores, color="#e4007f", label="Train accuracy")
    ax2.plot(epochs, runner.dev_scores[:len(runner.train_scores)], color="#f19ec2", linestyle="--",
             label="Dev accuracy")
    ax2.set_ylabel("score")
    ax2.set_xlabel("epoch")
    ax2.legend(loc="lower right")
    if title:
        fig.suptitle(title)
    return fig
