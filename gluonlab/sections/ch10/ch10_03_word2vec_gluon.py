"""10.3 Implementation of word2vec. Book: d2l-zh v1 §10.3 (skip-gram with negative sampling on PTB)."""
from dataclasses import dataclass

import numpy as np
from mxnet import gluon, nd

from ... import models
from ...config import RunConfig
from ...data.ptb import read_ptb
from ...nlp import word2vec as w2v
from ...registry import Result, section
from ...train.word2vec import get_similar_tokens, train

ID, SLUG, TITLE = "10.3", "word2vec-gluon", "Implementation of word2vec"
BOOK_NEIGHBOURS = {"chip": ["intel", "microprocessor", "chips"]}       # the book's printed nearest words


@dataclass(frozen=True)
class Config(RunConfig):
    max_examples: int = 0                  # sentences of ptb.train.txt (0: all 42,068)
    min_count: int = 5
    subsample_t: float = 1e-4
    max_window_size: int = 5
    num_noise_words: int = 5
    batch_size: int = 512
    embed_size: int = 100
    lr: float = 0.005
    num_epochs: int = 5
    query: tuple = ("chip",)
    QUICK = {"max_examples": 6000, "num_epochs": 1, "query": ("chip",)}     # chip: 7 times in 6000 sentences


def demos(report):
    """The book's masked-loss example: each row's loss over its unmasked entries (0.8739896 1.2099689)."""
    loss = gluon.loss.SigmoidBinaryCrossEntropyLoss()
    pred = nd.array([[1.5, 0.3, -1, 2], [1.1, -0.6, 2.2, 0.4]])
    label, mask = nd.array([[1, 0, 0, 0], [1, 1, 0, 0]]), nd.array([[1, 1, 1, 1], [1, 1, 1, 0]])
    report((loss(pred, label, mask) * mask.shape[1] / mask.sum(axis=1)).asnumpy())


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    raw = read_ptb()[:cfg.max_examples or None]
    report("# sentences: %d" % len(raw))
    for st in raw[:3]:
        report("# tokens:", len(st), st[:5])
    corpus = w2v.index_corpus(raw, cfg.min_count)
    report("# tokens: %d" % len(corpus.tokens))
    (tokens, _), examples = w2v.examples(corpus, cfg.max_window_size, cfg.num_noise_words, cfg.subsample_t)
    report("# tokens: %d" % len(tokens))
    for tk in ("the", "join"):
        if tk in corpus.token_to_idx:
            i = corpus.token_to_idx[tk]
            report("# %s: before=%d, after=%d" % (tk, (corpus.tokens == i).sum(), (tokens == i).sum()))
    for name, a in zip(["centers", "contexts_negatives", "masks", "labels"], examples):
        report(name, "shape:", (min(cfg.batch_size, len(a)),) + a.shape[1:])
    demos(report)
    net = models.get("skip_gram", vocab_size=len(corpus.idx_to_token), embed_size=cfg.embed_size)
    history = train(net, examples, cfg.lr, cfg.num_epochs, cfg.batch_size, cfg.context(), cfg.hybridize, report)
    final = {"loss": history[-1]["loss"], "examples": len(examples[0])}
    for q in cfg.query:
        if q not in corpus.token_to_idx:
            report(f"{q!r} is not in the vocabulary of these {len(raw)} sentences")
            continue
        similar = get_similar_tokens(q, 3, net[0], corpus.token_to_idx, corpus.idx_to_token, report)
        final[f"{q}_nearest"] = [tk for tk, _ in similar]
        if q in BOOK_NEIGHBOURS:     # how many of the book's three nearest words are among ours; any (1) or none (0)
            final[f"{q}_book_overlap"] = len(set(final[f"{q}_nearest"]) & set(BOOK_NEIGHBOURS[q]))
            final[f"{q}_shares_book_word"] = float(final[f"{q}_book_overlap"] > 0)
    return Result(history, final)
