"""10.3 word2vec's data, built in bulk. Book: d2l-zh v1 §10.3 (discard, get_centers_and_contexts, get_negatives,
batchify).

The book walks Python lists: a random draw per token to subsample, a list of contexts per centre word, a
rejection loop per noise word, and `batchify` pads each minibatch's lists again on every pass. Here a corpus is
one flat index array with a sentence id per token, and each step is a handful of numpy operations over all of
it; the result is one padded (examples, max_len) table of contexts-and-negatives with its masks and labels, built
once, so an epoch only permutes rows. The draws follow the book's distributions (uniform windows 1..max_window,
noise words with probability proportional to count^0.75, none equal to one of its centre's contexts); they are
numpy's draws, not Python's `random`, so a seed gives other (equally distributed) numbers than the book's code.
"""
import collections
from dataclasses import dataclass

import numpy as np


@dataclass
class Corpus:
    """Indexed sentences as one flat array: tokens[i] in sentence sent[i]; counter[token] over the whole corpus."""
    idx_to_token: list
    token_to_idx: dict
    counts: np.ndarray          # count of each index in the raw corpus (the book's counter[idx_to_token[i]])
    tokens: np.ndarray          # int64, every kept token in order
    sent: np.ndarray            # int64, the sentence each token belongs to

    def sentences(self, tokens=None, sent=None):
        """The book's nested lists (dataset, or subsampled_dataset when given its arrays)."""
        tokens, sent = (self.tokens, self.sent) if tokens is None else (tokens, sent)
        bounds = np.flatnonzero(np.diff(sent)) + 1
        return [a.tolist() for a in np.split(tokens, bounds)] if len(tokens) else []


def index_corpus(raw_dataset, min_count=5):
    """Keep tokens seen at least min_count times, indexed in order of first appearance (the book's dict order)."""
    counter = collections.Counter(tk for st in raw_dataset for tk in st)
    counter = {tk: c for tk, c in counter.items() if c >= min_count}
    idx_to_token = list(counter)
    token_to_idx = {tk: i for i, tk in enumerate(idx_to_token)}
    flat = np.array([token_to_idx.get(tk, -1) for st in raw_dataset for tk in st], dtype=np.int64)
    sent = np.repeat(np.arange(len(raw_dataset)), [len(st) for st in raw_dataset])
    keep = flat >= 0
    counts = np.array([counter[tk] for tk in idx_to_token], dtype=np.int64)
    return Corpus(idx_to_token, token_to_idx, counts, flat[keep], sent[keep])


def subsample(corpus, t=1e-4, rng=np.random):
    """(tokens, sent) with each token dropped with probability max(1 - sqrt(t / f(w)), 0), f = count / total."""
    num_tokens = len(corpus.tokens)
    drop = 1 - np.sqrt(t / corpus.counts[corpus.tokens] * num_tokens)
    keep = rng.uniform(0, 1, size=num_tokens) >= drop
    return corpus.tokens[keep], corpus.sent[keep]


def centers_and_contexts(tokens, sent, max_window_size, rng=np.random):
    """(centers (n,), contexts (n, 2 * max_window_size), num_contexts (n,)): a window 1..max_window_size is drawn
    per centre; its contexts are its neighbours within that window in the same sentence, in order, left-aligned
    (-1 after them). Sentences of one token give no centre, as in the book."""
    n = len(tokens)
    same_left = np.r_[False, sent[1:] == sent[:-1]]
    same_right = np.r_[sent[:-1] == sent[1:], False]
    has_pair = same_left | same_right
    window = rng.randint(1, max_window_size + 1, size=n)
    offsets = np.r_[np.arange(-max_window_size, 0), np.arange(1, max_window_size + 1)]
    pos = np.arange(n)[:, None] + offsets[None, :]
    inside = (pos >= 0) & (pos < n)
    pos = np.clip(pos, 0, n - 1)
    valid = inside & (sent[pos] == sent[:, None]) & (np.abs(offsets)[None, :] <= window[:, None])
    order = np.argsort(~valid, axis=1, kind="stable")            # valid neighbours first, in position order
    contexts = np.where(np.take_along_axis(valid, order, 1), tokens[np.take_along_axis(pos, order, 1)], -1)
    return tokens[has_pair], contexts[has_pair], valid.sum(axis=1)[has_pair]


def negatives(contexts, num_contexts, sampling_weights, K, rng=np.random, chunk=1 << 21):
    """(n, K * 2 * max_window) noise words, K per context, left-aligned (-1 after them); each drawn with
    probability proportional to sampling_weights and redrawn while it is one of its centre's contexts (the book
    skips such a draw and takes the next one: the same distribution)."""
    cdf = np.cumsum(np.asarray(sampling_weights, dtype=np.float64))
    cdf /= cdf[-1]
    need, ctx32 = num_contexts * K, contexts.astype(np.int32)      # int32: half the bytes to compare
    rows = np.repeat(np.arange(len(contexts)), need)
    draws = _draw(cdf, len(rows), rng)
    for lo in range(0, len(rows), chunk):                 # chunks keep the (draws, contexts) comparison small
        part, r = draws[lo:lo + chunk], rows[lo:lo + chunk]
        bad = np.flatnonzero((part[:, None] == ctx32[r]).any(axis=1))
        while len(bad):
            part[bad] = _draw(cdf, len(bad), rng)
            bad = bad[(part[bad, None] == ctx32[r[bad]]).any(axis=1)]
    out = np.full((len(contexts), K * contexts.shape[1]), -1, dtype=np.int64)
    out[rows, np.arange(len(rows)) - np.repeat(np.cumsum(need) - need, need)] = draws
    return out


def _draw(cdf, size, rng, buckets=1 << 20):
    """Indices i with probability cdf[i] - cdf[i - 1]: the inverse CDF of uniform draws, exactly. A table of the
    index at each of `buckets` equal steps answers every draw whose bucket lies inside one index's interval; only
    the draws in the ~1% of buckets that straddle a boundary are searched (a full searchsorted is 10x slower)."""
    edges = np.searchsorted(cdf, np.arange(buckets + 1) / buckets, side="right").astype(np.int32)
    table, straddles = edges[:-1], edges[:-1] != edges[1:]
    u = rng.uniform(size=size)
    k = (u * buckets).astype(np.int32)
    out, straddle = table[k], straddles[k]
    out[straddle] = np.searchsorted(cdf, u[straddle], side="right")
    return np.minimum(out, len(cdf) - 1).astype(np.int32)


def padded_table(contexts, num_contexts, negs):
    """The book's batchify for every example at once: (contexts_negatives, masks, labels), each (n, max_len) with
    max_len = contexts' + negs' widths; row i holds its n_i contexts, then its noise words, then 0s."""
    n, width = contexts.shape
    table = np.zeros((n, width + negs.shape[1]), dtype=np.float32)
    table[:, :width] = np.maximum(contexts, 0)
    r, j = np.nonzero(negs >= 0)
    table[r, num_contexts[r] + j] = negs[r, j]
    p = np.arange(table.shape[1])[None, :]
    masks = p < (num_contexts + (negs >= 0).sum(axis=1))[:, None]
    labels = p < num_contexts[:, None]
    return table, masks.astype(np.float32), labels.astype(np.float32)


def examples(corpus, max_window_size=5, K=5, t=1e-4, rng=np.random):
    """Subsample, take every centre's contexts and K noise words per context (weights count^0.75), and pad:
    (subsampled (tokens, sent), (centers (n, 1), contexts_negatives, masks, labels)) as float32 arrays."""
    tokens, sent = subsample(corpus, t, rng)
    centers, contexts, num_contexts = centers_and_contexts(tokens, sent, max_window_size, rng)
    negs = negatives(contexts, num_contexts, corpus.counts ** 0.75, K, rng)
    return (tokens, sent), (centers[:, None].astype(np.float32), *padded_table(contexts, num_contexts, negs))
