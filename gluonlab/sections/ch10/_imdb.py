"""What 10.7 and 10.8 share: their config, the IMDB reviews as padded minibatches, GloVe vectors for the
vocabulary, training with d2lzh.train's loop, the book's two predictions (registers nothing)."""
from dataclasses import dataclass

from mxnet import gluon, init

from ... import models
from ...config import RunConfig
from ...data import embeddings
from ...data.batches import ArrayIter
from ...data.imdb import read_imdb
from ...nlp import sentiment
from ...registry import Result
from ...train.classify import fit

SENTENCES = (["this", "movie", "is", "so", "great"], ["this", "movie", "is", "so", "bad"])


@dataclass(frozen=True)
class IMDBConfig(RunConfig):
    data_dir: str = ""                  # the folder holding aclImdb/ or its archive (none: gluonlab's data folders)
    pretrained_file: str = "glove.6B.100d.txt"
    max_examples: int = 0               # reviews per split (0: all 25,000)
    batch_size: int = 64
    embed_size: int = 100
    num_epochs: int = 5
    QUICK = {"num_epochs": 1, "max_examples": 1000}


def load(cfg, report):
    """(vocab, train_iter, test_iter) as the book builds them: '<pad>' in the vocabulary, reviews padded with it."""
    root = cfg.data_dir or None
    train_data, test_data = (read_imdb(split, root)[:cfg.max_examples or None] for split in ("train", "test"))
    vocab = sentiment.get_vocab_imdb(train_data, pad=True)
    report("# words in vocab:", len(vocab))
    report("note:", sentiment.PAD_NOTE)
    ctx = cfg.context()
    iters = [ArrayIter(*[a.as_in_context(ctx) for a in sentiment.preprocess_imdb(data, vocab, pad=True)],
                       cfg.batch_size, shuffle=shuffle, ctx=ctx)
             for data, shuffle in ((train_data, True), (test_data, False))]
    return (vocab, *iters)


def glove_for(cfg, vocab):
    return embeddings.create("glove", cfg.pretrained_file, vocabulary=vocab, root=cfg.data_dir or None).idx_to_vec


def train_and_predict(cfg, net, vocab, train_iter, test_iter, report):
    """Adam at cfg.lr and d2lzh.train's lines; then the book's two sentences."""
    if cfg.hybridize:
        net.hybridize(static_alloc=True)
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": cfg.lr})
    history = fit(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), cfg.num_epochs, None,
                  trainer=trainer, ctx=cfg.context(), report=report, line="ch5")
    final = {k: history[-1][k] for k in ("loss", "train_acc", "test_acc")}
    for i, sentence in enumerate(SENTENCES):
        final[f"prediction_{i + 1}"] = p = sentiment.predict_sentiment(net, vocab, sentence, ctx=cfg.context())
        report(" ".join(sentence), "->", p)
    return Result(history, final)


def new_net(name, vocab, init_=None, **kwargs):
    net = models.get(name, vocab_size=len(vocab), **kwargs)
    net.initialize(init_ or init.Xavier())
    return net
