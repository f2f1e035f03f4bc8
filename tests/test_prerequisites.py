"""2.2-2.4, 6.1 and 6.2 against the numbers the book printed (executed notebooks, d2l-zh commit e72511f705e3):
deterministic values exactly as printed; the random draws by seed (seed 0 is MXNet's start-up state, which the
book's notebooks ran from) to float32 rounding."""
import numpy as np
import pytest
from mxnet import nd

from gluonlab import registry
from gluonlab.runner import run_section
from gluonlab.sections.ch2._printed import printed, printed_scalar
from gluonlab.sections.ch6.ch6_01_lang_model import log_prob, ngram_counts

BOOK_NORMAL = [2.2122064, 0.7740038, 1.0434405, 1.1839255, 1.8917114, -1.2347414, -1.771029, -0.45138445,
               0.57938355, -1.856082, -1.9768796, -0.20801921]
BOOK_RNN = [5.0373516, 2.6754622, -1.6607479, -0.40628886, 0.948454, 0.46941757, -1.1866101, -1.180677,
            -1.1514019, 0.8373027, -2.197437, -5.2480164]


def _final(sid, tmp_path, seed=0):
    sec = registry.get(sid)
    record, _ = run_section(sec, sec.make_config(seed=seed), out_root=tmp_path, echo=None)
    return record["final"]


def test_printed_digits_are_the_books():
    assert printed_scalar(nd.array([22.494442]).norm()) == 22.494442       # float() would give 22.49444198...
    assert float(nd.array([22.494442]).asnumpy()[0]) != 22.494442
    assert printed(nd.array([[7.389056, 54.59815]])) == [7.389056, 54.59815]


def test_ndarray_prints_the_books_values(tmp_path):
    final = _final("2.2", tmp_path)
    assert final["x_size"] == 12 and final["X_sum"] == 66.0 and final["X_norm"] == 22.494442
    assert final["X_div_Y"] == [0.0, 1.0, 0.5, 1.0, 4.0, 2.5, 2.0, 1.75, 2.0, 3.0, 5.0, 11.0]
    assert final["exp_Y"][:4] == [7.389056, 2.7182817, 54.59815, 20.085537]
    assert final["dot_X_YT"] == [18.0, 20.0, 10.0, 58.0, 60.0, 50.0, 98.0, 100.0, 90.0]
    assert final["X_eq_Y"] == [0, 1, 0, 1] + [0] * 8
    assert final["A_plus_B"] == [0.0, 1.0, 1.0, 2.0, 2.0, 3.0]
    assert final["X_assigned"] == [0.0, 1.0, 2.0, 3.0] + [12.0] * 4 + [8.0, 9.0, 10.0, 11.0]
    assert [final[k] for k in ("Y_plus_X_same_id", "slice_assign_same_id", "out_same_id",
                               "plus_equal_same_id")] == [False, True, True, True]
    assert final["asnumpy_dtype"] == "float32"
    np.testing.assert_allclose(final["normal"], BOOK_NORMAL, atol=1e-6)   # the book's draw at seed 0


def test_another_seed_draws_other_numbers(tmp_path):
    assert np.abs(np.array(_final("2.2", tmp_path, seed=1)["normal"]) - BOOK_NORMAL).max() > 0.1


def test_autograd_prints_the_books_values(tmp_path):
    final = _final("2.3", tmp_path)
    assert final["x_grad"] == [0.0, 4.0, 8.0, 12.0]
    assert (final["is_training_outside"], final["is_training_inside"]) == (False, True)
    assert final["grad_equals_c_over_a"] == 1.0


def test_lookup_api_finds_every_name_the_book_listed(tmp_path):
    final = _final("2.4", tmp_path)
    assert final["ones_like"] == [1.0] * 6 and final["book_random_missing"] == 0


def test_rnn_cells_give_the_books_matrix(tmp_path):
    final = _final("6.2", tmp_path)
    np.testing.assert_allclose(final["output"], BOOK_RNN, atol=2e-6)
    assert 0 <= final["max_abs_difference"] < 1e-5


def test_ngram_probabilities_by_hand():
    chars = "abab"
    counts = {n: ngram_counts(chars, n) for n in (1, 2, 3)}
    assert counts[2] == {("a", "b"): 2, ("b", "a"): 1}
    assert log_prob("ab", counts, 1) == pytest.approx(np.log(0.5 * 0.5))
    assert log_prob("ab", counts, 2) == pytest.approx(np.log(0.5 * 1.0))      # P(a) P(b | a) = 2/4 * 2/2
    assert log_prob("aba", counts, 3) == pytest.approx(np.log(0.5 * 1.0 * 0.5))    # P(a | a, b) = n(aba) / n(ab)
    assert log_prob("bb", counts, 2) == -np.inf


def test_word_order_matters_from_bigrams_on(tmp_path):
    final = _final("6.1", tmp_path)
    orders = ("我爱你", "你爱我", "爱你我")
    assert len({final[f"{s}_unigram"] for s in orders}) == 1
    assert len({final[f"{s}_bigram"] for s in orders}) == 3
    assert final["distinct_1grams"] < final["distinct_2grams"] < final["distinct_3grams"]
