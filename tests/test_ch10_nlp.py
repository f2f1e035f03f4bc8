"""Chapter 10: word2vec's bulk data pipeline against the book's list code, the skip-gram loss, seq2seq helpers."""
import collections

import numpy as np
import pytest
from mxnet import gluon, nd

from gluonlab import models
from gluonlab.models.word2vec import SkipGramLoss
from gluonlab.nlp import seq2seq, word2vec as w2v


def _flat(sentences):
    tokens = np.array([t for st in sentences for t in st], dtype=np.int64)
    return tokens, np.repeat(np.arange(len(sentences)), [len(st) for st in sentences])


def test_contexts_are_the_books_windows(seed):
    """Each centre's contexts are its neighbours within one window of 1..2 in its own sentence, in order."""
    sentences = [list(range(7)), list(range(7, 10)), [10]]
    tokens, sent = _flat(sentences)
    windows = collections.Counter()
    for _ in range(50):
        centers, contexts, n = w2v.centers_and_contexts(tokens, sent, 2)
        assert centers.tolist() == list(range(10))                  # the one-token sentence gives no centre
        for c, ctx, k in zip(centers, contexts, n):
            st = next(s for s in sentences if c in s)
            i = st.index(c)
            got = ctx[:k].tolist()
            assert (ctx[k:] == -1).all()
            w = next(w for w in (1, 2) if got == [x for x in st[max(0, i - w):i + w + 1] if x != c])
            windows[w] += 1 if 2 <= i <= 4 else 0                     # windows tell apart only in the middle
    assert windows[1] > 30 and windows[2] > 30


def test_negatives_follow_the_weights_and_avoid_contexts(seed):
    contexts = np.array([[0, 1, -1], [2, -1, -1]] * 2000)
    n = (contexts >= 0).sum(axis=1)
    weights = np.arange(1, 6) ** 0.75
    negs = w2v.negatives(contexts, n, weights, 3)
    assert ((negs >= 0).sum(axis=1) == 3 * n).all()
    rows0, rows1 = negs[0::2], negs[1::2]
    assert not np.isin(rows0[rows0 >= 0], [0, 1]).any() and not (rows1[rows1 >= 0] == 2).any()
    freq = np.bincount(rows1[rows1 >= 0], minlength=5) / (rows1 >= 0).sum()
    expected = np.r_[weights[:2], 0, weights[3:]] / np.r_[weights[:2], 0, weights[3:]].sum()
    assert np.abs(freq - expected).max() < 0.02


def _batchify(data):
    """The book's batchify (10.3), on Python lists."""
    max_len = max(len(c) + len(n) for _, c, n in data)
    centers, contexts_negatives, masks, labels = [], [], [], []
    for center, context, negative in data:
        cur_len = len(context) + len(negative)
        centers += [center]
        contexts_negatives += [context + negative + [0] * (max_len - cur_len)]
        masks += [[1] * cur_len + [0] * (max_len - cur_len)]
        labels += [[1] * len(context) + [0] * (max_len - len(context))]
    return [np.array(a, dtype=np.float32) for a in (centers, contexts_negatives, masks, labels)]


def test_padded_table_is_the_books_batchify(seed):
    tokens, sent = _flat([list(range(3, 12)), list(range(12, 15))])
    centers, contexts, n = w2v.centers_and_contexts(tokens, sent, 3)
    negs = w2v.negatives(contexts, n, np.ones(20), 2)
    table, masks, labels = w2v.padded_table(contexts, n, negs)
    data = [(c, ctx[:k].tolist(), ng[ng >= 0].tolist()) for c, ctx, k, ng in zip(centers, contexts, n, negs)]
    _, b_table, b_masks, b_labels = _batchify(data)
    width = b_table.shape[1]
    assert (table[:, width:] == 0).all() and (masks[:, width:] == 0).all()
    np.testing.assert_array_equal(table[:, :width], b_table)
    np.testing.assert_array_equal(masks[:, :width], b_masks)
    np.testing.assert_array_equal(labels[:, :width], b_labels)


def test_skip_gram_loss_is_the_books(seed):
    net = models.get("skip_gram", vocab_size=20, embed_size=4)
    net.initialize()
    center = nd.array([[1], [2]])
    cn, mask = nd.array([[3, 4, 5, 0], [6, 7, 0, 0]]), nd.array([[1, 1, 1, 0], [1, 1, 0, 0]])
    label = nd.array([[1, 0, 0, 0], [1, 0, 0, 0]])
    v, u = net[0](center), net[1](cn)
    pred = nd.batch_dot(v, u.swapaxes(1, 2))                     # the book's skip_gram
    book = gluon.loss.SigmoidBinaryCrossEntropyLoss()(pred.reshape(label.shape), label, mask) * 4 / mask.sum(axis=1)
    np.testing.assert_allclose(SkipGramLoss(net)(center, cn, mask, label).asnumpy(), book.asnumpy(), rtol=1e-5)


def test_bleu_is_the_books():
    assert seq2seq.bleu("they are watching .".split(), "they are watching .".split(), 2) == 1.0
    assert round(seq2seq.bleu("they are actors .".split(), "they are canadian .".split(), 2), 3) == 0.658


def test_beam_of_one_is_greedy_translation(seed):
    in_vocab, out_vocab, _ = seq2seq.read_data(7)
    enc = models.get("seq2seq_encoder", vocab_size=len(in_vocab), embed_size=8, num_hiddens=16)
    dec = models.get("seq2seq_attention_decoder", vocab_size=len(out_vocab), embed_size=8, num_hiddens=16)
    enc.initialize()
    dec.initialize()
    args = ("ils regardent .", 7, in_vocab, out_vocab)
    greedy = seq2seq.translate(enc, dec, *args)
    assert seq2seq.beam_search(enc, dec, *args, beam_size=1, alpha=0) == greedy
    assert len(seq2seq.beam_search(enc, dec, *args, beam_size=3)) <= 7


def test_word2vec_bench_sides_agree(d2lzh):
    """The bench's word2vec sides on a small share of PTB: imperative and hybridized gluonlab give the same loss
    from one seed; the book's own cells (other random draws) land within a few hundredths of it."""
    from gluonlab import devices
    from gluonlab.bench import suite
    w = suite.get("word2vec")
    p = w.settings(quick=True)
    losses = {}
    for side in ("imperative", "hybrid", "d2lzh"):
        devices.seed(0)
        m = w.run(side, p)
        assert len(m.epoch_s) == p["epochs"] and all(t > 0 for t in m.epoch_s)
        losses[side] = m.metric
    assert losses["imperative"] == pytest.approx(losses["hybrid"], rel=1e-5)
    assert abs(losses["d2lzh"] - losses["hybrid"]) < 0.03, losses
