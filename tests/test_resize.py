"""The batched resize of Fashion-MNIST (data.fashion_mnist.resize_batch) against gluon's per-image
transforms.Resize then ToTensor, the book's loader's path: the same OpenCV bilinear, the same float32 values."""
import numpy as np
import pytest
from mxnet import nd
from mxnet.gluon.data.vision import transforms

from gluonlab.data import cache, fashion_mnist


def _book(images, size):
    """The book's transform, one image at a time: Resize(size) on the uint8 (28, 28, 1) image, then ToTensor."""
    to_tensor, resize = transforms.ToTensor(), transforms.Resize(size)
    return np.stack([to_tensor(resize(nd.array(im[:, :, None], dtype="uint8"))).asnumpy() for im in images])


@pytest.mark.parametrize("size", [224, 96, 32, 20])
def test_batched_resize_equals_gluon_resize_per_image(size):
    X, _ = cache.load_tensors(train=False)
    images, _ = fashion_mnist.load_arrays(False)
    pick = np.r_[0:64, 5000:5032, 9968:10000]           # samples from the start, middle and end of the split
    ours = fashion_mnist.resize_batch(nd.take(X, nd.array(pick)), size)
    assert ours.shape == (len(pick), 1, size, size) and ours.dtype == np.float32
    np.testing.assert_array_equal(ours.asnumpy(), _book(images[pick], size))


def test_bilinear_resize2d_is_not_the_books_interpolation():
    """The guard above can fail: MXNet's BilinearResize2D (align_corners) misses the book's values by far more
    than float32 rounding, so a resize other than OpenCV's would not pass it."""
    X, _ = cache.load_tensors(train=False)
    images, _ = fashion_mnist.load_arrays(False)
    other = nd.contrib.BilinearResize2D(X[:8], height=96, width=96).asnumpy()
    assert np.abs(other - _book(images[:8], 96)).max() > 0.1


def test_loader_resizes_each_minibatch():
    train_iter, test_iter = fashion_mnist.load_data_fashion_mnist(16, resize=96, max_examples=32)
    X, _ = next(iter(test_iter))
    images, _ = fashion_mnist.load_arrays(False)
    np.testing.assert_array_equal(X.asnumpy(), _book(images[:16], 96))
