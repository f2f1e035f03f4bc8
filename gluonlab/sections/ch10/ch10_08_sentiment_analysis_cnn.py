"""10.8 Text sentiment classification: using CNNs (textCNN). Book: d2l-zh v1 §10.8 (corr1d, TextCNN over GloVe
100d vectors, one trained and one fixed embedding)."""
from dataclasses import dataclass

from mxnet import nd

from . import _imdb
from ...registry import Result, section

ID, SLUG, TITLE = "10.8", "sentiment-analysis-cnn", "Text sentiment classification: using CNNs (textCNN)"


@dataclass(frozen=True)
class Config(_imdb.IMDBConfig):
    kernel_sizes: tuple = (3, 4, 5)
    num_channels: int = 100                  # per kernel size: the book's [100, 100, 100]
    lr: float = 0.001


def corr1d(X, K):
    """One-dimensional cross-correlation of X with kernel K (the book's loop)."""
    w = K.shape[0]
    Y = nd.zeros((X.shape[0] - w + 1))
    for i in range(Y.shape[0]):
        Y[i] = (X[i: i + w] * K).sum()
    return Y


def corr1d_multi_in(X, K):
    return nd.add_n(*[corr1d(x, k) for x, k in zip(X, K)])


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    report(corr1d(nd.array([0, 1, 2, 3, 4, 5, 6]), nd.array([1, 2])))
    X = nd.array([[0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8]])
    report(corr1d_multi_in(X, nd.array([[1, 2], [3, 4], [-1, -3]])))
    vocab, train_iter, test_iter = _imdb.load(cfg, report)
    net = _imdb.new_net("text_cnn", vocab, embed_size=cfg.embed_size, kernel_sizes=cfg.kernel_sizes,
                        num_channels=(cfg.num_channels,) * len(cfg.kernel_sizes))
    vectors = _imdb.glove_for(cfg, vocab)
    net.embedding.weight.set_data(vectors)
    net.constant_embedding.weight.set_data(vectors)
    net.constant_embedding.collect_params().setattr("grad_req", "null")
    return _imdb.train_and_predict(cfg, net, vocab, train_iter, test_iter, report)
