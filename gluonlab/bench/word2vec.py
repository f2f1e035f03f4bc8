"""word2vec on PTB (10.3): skip-gram with negative sampling at the book's settings, on the first `sentences`
sentences of ptb.train.txt (a fixed share; 42,068 is the whole corpus).

d2lzh side: the book's notebook cells (reference/book_word2vec.py): Python-list subsampling, windows and
negatives, a DataLoader with the book's batchify and 4 workers, skip_gram with swapaxes, asscalar per minibatch.
gluonlab side: nlp.word2vec's bulk tables and train.word2vec's loop (models.get('skip_gram')), imperative or with
the net and loss as one hybridized graph. An epoch is the time of the book's printed epoch (both sides time
the same span: the minibatch loop, without building the data).
"""
from .. import models
from ..data.ptb import read_ptb
from ..nlp import word2vec as w2v
from ..reference import d2lzh_side
from .workloads import Measured, Workload, register

PARAMS = {"epochs": 2, "sentences": 10000, "batch_size": 512, "lr": 0.005, "embed_size": 100}
QUICK = {"epochs": 1, "sentences": 1500}


def _book(p):
    from ..reference import book_word2vec as book
    data_iter, idx_to_token, _ = book.data_iter_of(read_ptb()[:p["sentences"]], p["batch_size"])
    net = book.book_net(len(idx_to_token), p["embed_size"])
    _, lines = d2lzh_side.run_printing(book.train, net, data_iter, p["lr"], p["epochs"], p["batch_size"])
    return Measured([d2lzh_side.value_after(line, "time") for _, line in lines if line.startswith("epoch")],
                    d2lzh_side.last_value(lines, "loss"))


def _gluonlab(p, hybridize):
    from ..train.word2vec import train
    corpus = w2v.index_corpus(read_ptb()[:p["sentences"]])
    _, examples = w2v.examples(corpus)
    net = models.get("skip_gram", vocab_size=len(corpus.idx_to_token), embed_size=p["embed_size"])
    history = train(net, examples, p["lr"], p["epochs"], p["batch_size"], None, hybridize, report=lambda *a: None)
    return Measured([h["wall_s"] for h in history], history[-1]["loss"])


def _examples(p):
    """Centre words per epoch: about 8.9 per sentence after subsampling (374,631 of 42,068 sentences)."""
    return int(p["sentences"] * 374631 / 42068)


register(Workload(
    name="word2vec", title="word2vec skip-gram, negative sampling, PTB (10.3)", kind="small", metric="loss",
    params=PARAMS, quick=QUICK, run_d2lzh=_book, run_gluonlab=_gluonlab, examples=_examples))
