"""Gradient descent on one and two variables, in Python floats. Book: d2l-zh v1 §7.2-7.6 (gd, d2lzh.train_2d).

The book's 2-D trainers read globals `eta` (and `gamma`) and hard-code the gradient of its f_2d; here each is
made by a factory taking eta (and gamma) and the gradient coefficients (c1, c2), grad = (c1 x1, c2 x2):
(2, 4) for §7.2's f = x1^2 + 2 x2^2, (0.2, 4) for §7.4-7.6's f = 0.1 x1^2 + 2 x2^2. Every expression keeps the
book's operator order, so the traces are the book's to the last bit.
"""
import math

import numpy as np

F_2D = {(2, 4): lambda x1, x2: x1 ** 2 + 2 * x2 ** 2,                # §7.2
        (0.2, 4): lambda x1, x2: 0.1 * x1 ** 2 + 2 * x2 ** 2}        # §7.4-7.6


def gd(eta, report=print):
    """Ten steps of x -= eta * 2 * x from x = 10 (f(x) = x^2); the trace. Book: §7.2 gd."""
    x = 10
    results = [x]
    for i in range(10):
        x -= eta * 2 * x
        results.append(x)
    report('epoch 10, x:', x)
    return results


def train_2d(trainer, report=print):
    """Twenty steps of `trainer(x1, x2, s1, s2)` from (-5, -2) with zero states; the trace. Book: d2lzh.train_2d."""
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(20):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    report('epoch %d, x1 %f, x2 %f' % (i + 1, x1, x2))
    return results


def gd_2d(eta, c1, c2):
    """Book: §7.2/7.4 gd_2d."""
    return lambda x1, x2, s1, s2: (x1 - eta * c1 * x1, x2 - eta * c2 * x2, 0, 0)


def sgd_2d(eta, c1, c2):
    """gd_2d with np.random.normal(0.1) (mean 0.1, sd 1) added to each gradient. Book: §7.2 sgd_2d."""
    return lambda x1, x2, s1, s2: (x1 - eta * (c1 * x1 + np.random.normal(0.1)),
                                   x2 - eta * (c2 * x2 + np.random.normal(0.1)), 0, 0)


def momentum_2d(eta, gamma, c1, c2):
    """Book: §7.4 momentum_2d."""
    def trainer(x1, x2, v1, v2):
        v1 = gamma * v1 + eta * c1 * x1
        v2 = gamma * v2 + eta * c2 * x2
        return x1 - v1, x2 - v2, v1, v2
    return trainer


def adagrad_2d(eta, c1, c2):
    """Book: §7.5 adagrad_2d."""
    def trainer(x1, x2, s1, s2):
        g1, g2, eps = c1 * x1, c2 * x2, 1e-6
        s1 += g1 ** 2
        s2 += g2 ** 2
        x1 -= eta / math.sqrt(s1 + eps) * g1
        x2 -= eta / math.sqrt(s2 + eps) * g2
        return x1, x2, s1, s2
    return trainer


def rmsprop_2d(eta, gamma, c1, c2):
    """Book: §7.6 rmsprop_2d."""
    def trainer(x1, x2, s1, s2):
        g1, g2, eps = c1 * x1, c2 * x2, 1e-6
        s1 = gamma * s1 + (1 - gamma) * g1 ** 2
        s2 = gamma * s2 + (1 - gamma) * g2 ** 2
        x1 -= eta / math.sqrt(s1 + eps) * g1
        x2 -= eta / math.sqrt(s2 + eps) * g2
        return x1, x2, s1, s2
    return trainer
