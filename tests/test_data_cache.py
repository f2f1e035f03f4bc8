"""The Fashion-MNIST float32 cache: equals the decoded data, hit on reuse, rebuilt on a key mismatch, atomic."""
import numpy as np
import pytest
from mxnet import nd

from gluonlab.data import cache, fashion_mnist


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    return tmp_path


def test_cache_equals_decoded_data(cache_dir):
    X, y = cache.load_tensors(train=False)
    images, labels = fashion_mnist.load_arrays(False)
    assert X.shape == (10000, 1, 28, 28) and X.dtype == np.float32 and y.dtype == np.int32
    np.testing.assert_array_equal(X.asnumpy(), images[:, None].astype(np.float32) / 255)
    np.testing.assert_array_equal(y.asnumpy(), labels)
    assert cache.cache_path(False).parent == cache_dir
    assert cache.cache_key(False) in cache.cache_path(False).name


def test_cache_hit_does_not_decode(cache_dir, monkeypatch):
    cache.load_tensors(train=False)
    mtime = cache.cache_path(False).stat().st_mtime_ns
    monkeypatch.setattr(cache, "_build", lambda *a: pytest.fail("cache hit expected, rebuilt instead"))
    X, _ = cache.load_tensors(train=False)
    assert X.shape[0] == 10000 and cache.cache_path(False).stat().st_mtime_ns == mtime


def test_rebuilt_when_stored_key_does_not_match(cache_dir):
    path = cache.cache_path(False)
    wrong = nd.zeros((3, 1, 28, 28))
    nd.save(str(path), {"X": wrong, "y": nd.zeros((3,), dtype="int32"), "key": cache._key_array("0" * 81)})
    X, _ = cache.load_tensors(train=False)
    assert X.shape[0] == 10000                               # not the planted 3 examples
    saved = nd.load(str(path))
    assert saved["key"].asnumpy().tobytes().decode() == cache.cache_key(False)


@pytest.mark.parametrize("content", [b"", b"not an ndarray file"])
def test_rebuilt_when_unreadable(cache_dir, content):
    cache.cache_path(False).write_bytes(content)
    X, _ = cache.load_tensors(train=False)
    assert X.shape[0] == 10000


def test_stale_keys_removed(cache_dir):
    stale = cache_dir / "fashion-mnist-test-deadbeef-cafe.nd"
    stale.write_bytes(b"old")
    other_split = cache_dir / "fashion-mnist-train-deadbeef-cafe.nd"
    other_split.write_bytes(b"old")
    cache.load_tensors(train=False)
    assert not stale.exists() and other_split.exists()
    assert [p.name for p in cache_dir.glob("fashion-mnist-test-*")] == [cache.cache_path(False).name]


def test_write_is_atomic(cache_dir, monkeypatch):
    def broken_save(path, data):
        with open(path, "wb") as f:
            f.write(b"partial")
        raise OSError("disk full")
    monkeypatch.setattr(cache.nd, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        cache.load_tensors(train=False)
    assert list(cache_dir.iterdir()) == []                   # neither a partial file nor a temp file


def test_fast_loader_reads_the_cache(cache_dir):
    train_iter, test_iter = fashion_mnist.load_data_fashion_mnist(256, max_examples=300)
    X, y = next(iter(test_iter))
    images, labels = fashion_mnist.load_arrays(False)
    np.testing.assert_array_equal(X.asnumpy(), images[:256, None].astype(np.float32) / 255)
    np.testing.assert_array_equal(y.asnumpy(), labels[:256])
    assert cache.cache_path(False).is_file() and cache.cache_path(True).is_file()
    assert train_iter.num_examples == 300
