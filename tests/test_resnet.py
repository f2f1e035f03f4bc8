"""resnet18 against the book's d2lzh.resnet18: same parameters in, same outputs and gradients out."""
import numpy as np
from mxnet import autograd, init, nd

from gluonlab import models


def _copy_params(src, dst):
    src_params, dst_params = list(src.collect_params().values()), list(dst.collect_params().values())
    assert [p.shape for p in src_params] == [p.shape for p in dst_params]
    for p, q in zip(src_params, dst_params):
        q.set_data(p.data())


def test_resnet18_matches_d2lzh(d2lzh, seed):
    X = nd.random.uniform(shape=(4, 1, 28, 28))
    ours, book = models.get("resnet18", num_classes=10), d2lzh.resnet18(10)
    for net in (ours, book):
        net.initialize(init.Normal(sigma=0.01))
        net(X)                                   # finish deferred init
    _copy_params(book, ours)
    ours.hybridize()
    outs, grads = [], []
    for net in (ours, book):
        with autograd.record():
            y = net(X)
        y.backward()
        outs.append(y.asnumpy())
        grads.append(list(net.collect_params().values())[0].grad().asnumpy())
    assert outs[0].shape == (4, 10)
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-4, atol=1e-7)


def test_width_scales_the_channels():
    net = models.get("resnet18", num_classes=3, width=4)
    net.initialize()
    assert net(nd.ones((1, 1, 28, 28))).shape == (1, 3)
    assert list(net.collect_params().values())[0].shape == (4, 1, 3, 3)
