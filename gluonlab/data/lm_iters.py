"""6.3 Minibatches for a character language model. Book: d2lzh.data_iter_random / data_iter_consecutive."""
import random

import numpy as np
from mxnet import nd

from ..arguments import positive_int


def data_iter_random(corpus_indices, batch_size, num_steps, ctx=None):
    """Yield (X, Y), each (batch_size, num_steps) float32 on ctx, from shuffled non-overlapping subsequences.

    Subsequence k starts at k * num_steps; Y is X shifted by one character. The order comes from Python's
    `random.shuffle`, as in the book, so `random.seed` reproduces d2lzh's minibatches. batch_size and num_steps
    must be integers of at least 1 (checked when called, not when first iterated).
    """
    batch_size, num_steps = positive_int(batch_size, "batch_size"), positive_int(num_steps, "num_steps")
    return _random(corpus_indices, batch_size, num_steps, ctx)


def _random(corpus_indices, batch_size, num_steps, ctx):
    num_examples = (len(corpus_indices) - 1) // num_steps
    epoch_size = num_examples // batch_size
    example_indices = list(range(num_examples))
    random.shuffle(example_indices)
    corpus = np.asarray(corpus_indices)
    offsets = np.arange(num_steps)
    for i in range(epoch_size):
        starts = np.array(example_indices[i * batch_size: (i + 1) * batch_size]) * num_steps
        rows = starts[:, None] + offsets                      # (batch_size, num_steps) corpus positions
        yield (nd.array(corpus[rows], ctx=ctx, dtype="float32"),
               nd.array(corpus[rows + 1], ctx=ctx, dtype="float32"))


def data_iter_consecutive(corpus_indices, batch_size, num_steps, ctx=None):
    """Yield (X, Y) that continue each row of the previous minibatch: row r is one stretch of the text.

    batch_size and num_steps must be integers of at least 1, and batch_size at most the corpus's length (each
    row needs a character); checked when called, not when first iterated."""
    batch_size, num_steps = positive_int(batch_size, "batch_size"), positive_int(num_steps, "num_steps")
    if batch_size > len(corpus_indices):
        raise ValueError(f"batch_size {batch_size} is larger than corpus_indices ({len(corpus_indices)} items): "
                         "each of the batch's rows is a stretch of the corpus")
    return _consecutive(corpus_indices, batch_size, num_steps, ctx)


def _consecutive(corpus_indices, batch_size, num_steps, ctx):
    corpus_indices = nd.array(corpus_indices, ctx=ctx, dtype="float32")
    batch_len = len(corpus_indices) // batch_size
    indices = corpus_indices[0: batch_size * batch_len].reshape((batch_size, batch_len))
    epoch_size = (batch_len - 1) // num_steps
    for i in range(epoch_size):
        i = i * num_steps
        yield indices[:, i: i + num_steps], indices[:, i + 1: i + num_steps + 1]
