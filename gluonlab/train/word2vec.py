"""10.3 word2vec training and nearest words. Book: d2l-zh v1 §10.3 (train, get_similar_tokens).

The book's loop reads minibatches from a DataLoader whose batchify pads Python lists on every pass, and calls
asscalar() on every minibatch. Here the padded table (nlp.word2vec.padded_table) is on the device once; each
epoch uploads one permutation (the DataLoader's shuffle) and each minibatch gathers its rows with `take`; the
net and the masked loss run as one graph (models.word2vec.SkipGramLoss) when hybridized, and the loss sum stays on
the device until the epoch ends: one synchronisation per epoch.
"""
import time

import numpy as np
from mxnet import autograd, gluon, nd

from ..models.word2vec import SkipGramLoss


def train(net, examples, lr, num_epochs, batch_size, ctx, hybridize=True, report=print):
    """Train `net` (a SkipGram) with Adam on examples = (centers, contexts_negatives, masks, labels) numpy
    arrays; prints the book's 'epoch %d, loss %.2f, time %.2fs' lines; returns one history row per epoch."""
    net.initialize(ctx=ctx, force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": lr})
    head = SkipGramLoss(net)
    if hybridize:
        head.hybridize(static_alloc=True)
    centers, table, masks, labels = (nd.array(a, ctx=ctx) for a in examples)
    n, history = len(examples[0]), []
    for epoch in range(num_epochs):
        start, l_sum = time.time(), nd.zeros(1, ctx=ctx)
        perm = nd.array(np.random.permutation(n), ctx=ctx, dtype="int64")
        for i in range(0, n, batch_size):
            idx = perm[i:i + batch_size]
            batch = [nd.take(a, idx) for a in (centers, table, masks, labels)]
            with autograd.record():
                l = head(*batch)
            l.backward()
            trainer.step(batch_size)                  # the book's step(batch_size), the last minibatch too
            l_sum += l.sum()
        loss = l_sum.asscalar() / n                   # the epoch's one synchronisation
        history.append({"epoch": epoch + 1, "loss": loss, "wall_s": time.time() - start})
        report("epoch %d, loss %.2f, time %.2fs" % (epoch + 1, loss, history[-1]["wall_s"]))
    return history


def get_similar_tokens(query_token, k, embed, token_to_idx, idx_to_token, report=print):
    """The k tokens whose vectors in `embed` have the largest cosine similarity with query_token's, printed as
    the book prints them; returns [(token, cosine), ...]."""
    W = embed.weight.data()
    x = W[token_to_idx[query_token]]
    cos = nd.dot(W, x) / (nd.sum(W * W, axis=1) * nd.sum(x * x) + 1e-9).sqrt()   # 1e-9: the book's stabiliser
    topk = nd.topk(cos, k=k + 1, ret_typ="indices").asnumpy().astype("int32")
    cos = cos.asnumpy()
    out = [(idx_to_token[i], float(cos[i])) for i in topk[1:]]          # drop the query itself
    for token, c in out:
        report("cosine sim=%.3f: %s" % (c, token))
    return out
