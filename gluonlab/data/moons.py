"""S2.1 The feed-forward lab's two-moons data (Moon1000), built as the lab builds it (not scikit-learn).

The sizes (1000 samples, noise 0.2, split 640/160/200, labels (N, 1)) are not in the lab's write-up; they come
from the NNDL lab it is based on. Randomness is numpy's global RNG, seeded by gluonlab.devices.seed.
"""
import numpy as np
from mxnet import nd


def make_moons(n_samples=1000, shuffle=True, noise=None):
    """(X (n, 2), y (n,)) float32: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t)."""
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.vstack([np.stack([np.cos(t_out), np.sin(t_out)], axis=1),
                   np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1)])
    y = np.concatenate([np.zeros(n_out), np.ones(n_in)])
    if shuffle:
        perm = np.random.permutation(n_samples)
        X, y = X[perm], y[perm]
    if noise is not None:
        X = X + np.random.normal(0.0, noise, size=X.shape)
    return nd.array(X, dtype="float32"), nd.array(y, dtype="float32")


def moon1000(noise=0.2, n_samples=1000, split=(640, 160, 200)):
    """The lab's splits in order: ([X, y] train, dev, test) with labels reshaped to (N, 1)."""
    X, y = make_moons(n_samples, shuffle=True, noise=noise)
    y = y.reshape((-1, 1))
    a, b = split[0], split[0] + split[1]
    return [X[:a], y[:a]], [X[a:b], y[a:b]], [X[b:b + split[2]], y[b:b + split[2]]]
