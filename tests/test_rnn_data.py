"""6.3 Language-model minibatches: the book's demo on list(range(30)), shapes, offsets and coverage."""
import random

import numpy as np
import pytest

from gluonlab.data import load_data_jay_lyrics
from gluonlab.data.lm_iters import data_iter_consecutive, data_iter_random

MY_SEQ = list(range(30))


def test_consecutive_matches_the_books_demo():
    batches = [(X.asnumpy(), Y.asnumpy()) for X, Y in data_iter_consecutive(MY_SEQ, batch_size=2, num_steps=6)]
    assert len(batches) == 2
    (X1, Y1), (X2, Y2) = batches
    np.testing.assert_array_equal(X1, [list(range(0, 6)), list(range(15, 21))])
    np.testing.assert_array_equal(Y1, [list(range(1, 7)), list(range(16, 22))])
    np.testing.assert_array_equal(X2, [list(range(6, 12)), list(range(21, 27))])
    np.testing.assert_array_equal(Y2, [list(range(7, 13)), list(range(22, 28))])
    assert X1.dtype == np.float32


def test_consecutive_rows_continue_without_overlap():
    corpus = list(range(1000))
    batches = [X.asnumpy() for X, _ in data_iter_consecutive(corpus, batch_size=4, num_steps=7)]
    rows = np.concatenate(batches, axis=1)                    # each row read left to right
    for r in rows:
        np.testing.assert_array_equal(np.diff(r), 1)          # contiguous: no gap, no overlap
    assert len(set(rows.ravel())) == rows.size


def test_random_shapes_labels_and_coverage():
    random.seed(0)
    batches = [(X.asnumpy(), Y.asnumpy()) for X, Y in data_iter_random(MY_SEQ, batch_size=2, num_steps=6)]
    assert len(batches) == 2 and all(X.shape == Y.shape == (2, 6) for X, Y in batches)
    for X, Y in batches:
        np.testing.assert_array_equal(Y, X + 1)
        np.testing.assert_array_equal(np.diff(X, axis=1), 1)
    starts = sorted(int(X[i, 0]) for X, _ in batches for i in range(2))
    assert starts == [0, 6, 12, 18]                           # (30 - 1) // 6 = 4 subsequences, each once


def test_random_order_follows_python_random():
    def first_starts(seed):
        random.seed(seed)
        return [X[:, 0].asnumpy().tolist() for X, _ in data_iter_random(list(range(200)), 3, 5)]
    assert first_starts(1) == first_starts(1) and first_starts(1) != first_starts(2)


@pytest.mark.parametrize("fn", [data_iter_random, data_iter_consecutive])
def test_book_sizes_on_the_lyrics(fn):
    corpus_indices, char_to_idx, idx_to_char, vocab_size = load_data_jay_lyrics()
    assert vocab_size == len(idx_to_char) == len(char_to_idx) == 1027
    assert sum(1 for _ in fn(corpus_indices, 32, 35)) == 8       # 285 // 32 and (312 - 1) // 35
