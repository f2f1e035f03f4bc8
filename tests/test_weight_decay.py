"""`wd` in the Trainer equals the scratch L2 penalty update; only the weight decays with two Trainers."""
import numpy as np
from mxnet import autograd, gluon, init, nd

from gluonlab import models
from gluonlab.scratch import l2_penalty, linreg, sgd, squared_loss


def test_trainer_wd_equals_scratch_penalty(seed):
    X, y = nd.random.normal(shape=(4, 5)), nd.random.normal(shape=(4, 1))
    lr, lambd, batch_size = 0.01, 3.0, 4
    w, b = nd.random.normal(shape=(5, 1)), nd.zeros(1)
    for p in (w, b):
        p.attach_grad()
    net = models.get("linreg")
    net.initialize(init.Normal(1))
    net(X)
    net[0].weight.set_data(w.T)
    trainer_w = gluon.Trainer(net.collect_params(".*weight"), "sgd", {"learning_rate": lr, "wd": lambd})
    trainer_b = gluon.Trainer(net.collect_params(".*bias"), "sgd", {"learning_rate": lr})
    for _ in range(3):
        with autograd.record():
            l_s = squared_loss(linreg(X, w, b), y) + lambd * l2_penalty(w)
        l_s.backward()
        with autograd.record():
            l_g = gluon.loss.L2Loss()(net(X), y)
        l_g.backward()
        sgd([w, b], lr, batch_size)
        trainer_w.step(batch_size)
        trainer_b.step(batch_size)
    np.testing.assert_allclose(w.T.asnumpy(), net[0].weight.data().asnumpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.asnumpy(), net[0].bias.data().asnumpy(), rtol=1e-5, atol=1e-6)


def test_wd_decays_weights_only_and_shrinks_them():
    from gluonlab import registry
    from gluonlab.runner import run_section
    sec = registry.get("3.12")
    _, result = run_section(sec, sec.make_config(num_epochs=20), out_root="/tmp/gluonlab-test-3.12", echo=None)
    f = result.final
    assert f["scratch_3_w_norm"] < 0.2 * f["scratch_0_w_norm"]
    assert f["gluon_3_w_norm"] < 0.2 * f["gluon_0_w_norm"]
    assert f["gluon_3_test_loss"] < f["gluon_0_test_loss"]
