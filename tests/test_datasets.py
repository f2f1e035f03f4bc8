"""Each dataset's exact shapes and the book's facts; a CSV with a missing column is a clear error."""
import hashlib

import numpy as np
import pytest

from gluonlab.data import fashion_mnist, house, lyrics
from gluonlab.data import resolve as res
from gluonlab.errors import DataError


def test_fashion_mnist_arrays():
    for train, n in ((True, 60000), (False, 10000)):
        images, labels = fashion_mnist.load_arrays(train)
        assert images.shape == (n, 28, 28) and images.dtype == np.uint8
        assert labels.shape == (n,) and labels.dtype == np.int32
        assert np.bincount(labels).tolist() == [n // 10] * 10


def test_fashion_mnist_batches_like_the_book():
    train_iter, test_iter = fashion_mnist.load_data_fashion_mnist(256)
    batches = list(train_iter)
    assert len(batches) == 235 and batches[-1][0].shape == (96, 1, 28, 28)
    X, y = batches[0]
    assert X.shape == (256, 1, 28, 28) and X.dtype == np.float32 and y.dtype == np.int32
    assert 0 <= X.min().asscalar() and X.max().asscalar() <= 1
    assert list(test_iter)[-1][0].shape == (16, 1, 28, 28)


def test_fast_and_gluon_loaders_agree_on_the_test_split():
    fast = next(iter(fashion_mnist.load_data_fashion_mnist(32)[1]))
    book = next(iter(fashion_mnist.load_data_fashion_mnist(32, loader="gluon")[1]))
    np.testing.assert_array_equal(fast[0].asnumpy(), book[0].asnumpy())
    np.testing.assert_array_equal(fast[1].asnumpy(), book[1].asnumpy())


def test_text_labels():
    assert fashion_mnist.get_fashion_mnist_labels([0, 9, 5]) == ["t-shirt", "ankle boot", "sandal"]


def test_house_frames_and_features():
    train, test = house.load_house_frames()
    assert train.shape == (1460, 81) and test.shape == (1459, 80)
    Xtr, Xte, ytr = house.preprocess(train, test)
    assert Xtr.shape[0] == 1460 and Xte.shape[0] == 1459 and ytr.shape == (1460, 1)
    assert Xtr.shape[1] == Xte.shape[1] and Xtr.shape[1] in (330, 331)   # pandas 2: 330, book: 331
    assert Xtr.dtype == np.float32 and np.isfinite(Xtr.asnumpy()).all()


def test_house_csv_missing_column(tmp_path, monkeypatch):
    train, _ = house.load_house_frames()
    path = tmp_path / house.TRAIN_FILE
    train.drop(columns=["SalePrice"]).to_csv(path, index=False)
    spec = res.FILES[house.TRAIN_FILE]
    monkeypatch.setitem(res.FILES, spec.name, res.DataFile(spec.name, hashlib.sha1(path.read_bytes()).hexdigest(),
                                                           spec.url))
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path))
    with pytest.raises(DataError, match="lacks column.*SalePrice"):
        house.load_house_frames()


def test_lyrics_corpus_and_vocabulary():
    text = lyrics.read_lyrics()
    assert len(text) == 63282
    corpus, char_to_idx, idx_to_char, vocab_size = lyrics.load_data_jay_lyrics()
    assert len(corpus) == 10000 and vocab_size == 1027 == len(idx_to_char)
    assert all(char_to_idx[c] == i for i, c in enumerate(idx_to_char))
    assert "".join(idx_to_char[i] for i in corpus[:40]) == text.replace("\n", " ").replace("\r", " ")[:40]
    again = lyrics.load_data_jay_lyrics()
    assert again[2] == idx_to_char                       # deterministic order by default
    assert set(lyrics.load_data_jay_lyrics(faithful=True)[2]) == set(idx_to_char)
