"""5.2-5.4 from scratch against MXNet's operators: comp_conv2d's shapes, multi-channel cross-correlation against
nd.Convolution (and d2lzh.corr2d inside it), 1x1 convolution as a product, pool2d against nd.Pooling; the book's
printed values of each section."""
import numpy as np
import pytest
from mxnet import nd
from mxnet.gluon import nn

from gluonlab.scratch import conv
from gluonlab.scratch.conv import (comp_conv2d, corr2d_multi_in, corr2d_multi_in_out, corr2d_multi_in_out_1x1,
                                   pool2d)
from gluonlab.sections.ch5 import ch5_02_padding_and_strides, ch5_03_channels, ch5_04_pooling


def _convolution(X, K):
    """nd.Convolution of one example X (c_i, h, w) with K (c_o, c_i, k_h, k_w), no bias: (c_o, h', w')."""
    return nd.Convolution(X.expand_dims(0), K, kernel=K.shape[2:], num_filter=K.shape[0], no_bias=True)[0]


@pytest.mark.parametrize("kernel_size,padding,strides", ch5_02_padding_and_strides.SETTINGS)
def test_comp_conv2d_shape_is_the_formula(kernel_size, padding, strides):
    pair = lambda v: v if isinstance(v, tuple) else (v, v)             # noqa: E731
    (k_h, k_w), (p_h, p_w), (s_h, s_w) = pair(kernel_size), pair(padding), pair(strides)
    Y = comp_conv2d(nn.Conv2D(1, kernel_size=kernel_size, padding=padding, strides=strides),
                    nd.random.uniform(shape=(8, 8)))
    assert Y.shape == ((8 - k_h + 2 * p_h + s_h) // s_h, (8 - k_w + 2 * p_w + s_w) // s_w)


def test_padding_and_strides_prints_the_books_shapes():
    lines = []
    ch5_02_padding_and_strides.run(ch5_02_padding_and_strides.Config(), report=lines.append)
    assert lines == [(8, 8), (8, 8), (4, 4), (2, 2)]


def test_multi_in_and_out_match_convolution(seed):
    X, K = nd.random.uniform(shape=(3, 6, 5)), nd.random.uniform(shape=(4, 3, 2, 3))
    np.testing.assert_allclose(corr2d_multi_in(X, K[0]).asnumpy(), _convolution(X, K[:1])[0].asnumpy(),
                               rtol=1e-5)
    np.testing.assert_allclose(corr2d_multi_in_out(X, K).asnumpy(), _convolution(X, K).asnumpy(), rtol=1e-5)


def test_multi_in_uses_the_books_corr2d(seed, d2lzh, monkeypatch):
    """Each channel goes through corr2d, which is d2lzh.corr2d's computation: with it swapped in, the same."""
    X, K = nd.random.uniform(shape=(2, 4, 4)), nd.random.uniform(shape=(3, 2, 2, 2))
    ours = corr2d_multi_in_out(X, K).asnumpy()
    monkeypatch.setattr(conv, "corr2d", d2lzh.corr2d)
    np.testing.assert_allclose(conv.corr2d_multi_in_out(X, K).asnumpy(), ours, rtol=1e-6)


def test_one_by_one_is_a_matrix_product(seed):
    X, K = nd.random.uniform(shape=(3, 4, 5)), nd.random.uniform(shape=(2, 3, 1, 1))
    np.testing.assert_allclose(corr2d_multi_in_out_1x1(X, K).asnumpy(), _convolution(X, K).asnumpy(), rtol=1e-5)
    np.testing.assert_allclose(corr2d_multi_in_out_1x1(X, K).asnumpy(), corr2d_multi_in_out(X, K).asnumpy(),
                               rtol=1e-5)


def test_channels_prints_the_books_values():
    lines = []
    ch5_03_channels.run(ch5_03_channels.Config(), report=lines.append)
    np.testing.assert_array_equal(lines[0].asnumpy(), [[56, 72], [104, 120]])
    assert lines[1] == (3, 2, 2, 2)
    np.testing.assert_array_equal(lines[2].asnumpy(), [[[56, 72], [104, 120]], [[76, 100], [148, 172]],
                                                       [[96, 128], [192, 224]]])
    assert bool(lines[3])                     # the 1x1 product equals the loops


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("pool_size", [(2, 2), (3, 2), (1, 3)])
def test_pool2d_matches_pooling(seed, mode, pool_size):
    X = nd.random.uniform(shape=(5, 6))
    expected = nd.Pooling(X.reshape((1, 1, 5, 6)), kernel=pool_size, stride=(1, 1), pool_type=mode)[0, 0]
    np.testing.assert_allclose(pool2d(X, pool_size, mode).asnumpy(), expected.asnumpy(), rtol=1e-6)


def test_pooling_prints_the_books_values():
    lines = []
    ch5_04_pooling.run(ch5_04_pooling.Config(), report=lines.append)
    values = [line.asnumpy() for line in lines]
    np.testing.assert_array_equal(values[0], [[4, 5], [7, 8]])
    np.testing.assert_array_equal(values[1], [[2, 3], [5, 6]])
    np.testing.assert_array_equal(values[3], [[[[10]]]])
    np.testing.assert_array_equal(values[4], [[[[5, 7], [13, 15]]]])
    np.testing.assert_array_equal(values[5], [[[[0, 3], [8, 11], [12, 15]]]])
    np.testing.assert_array_equal(values[7], [[[[5, 7], [13, 15]], [[6, 8], [14, 16]]]])
