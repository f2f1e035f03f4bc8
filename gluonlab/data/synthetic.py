"""The book's synthetic data sets: linear regression (3.2), polynomial (3.11), high-dimensional (3.12)."""
from mxnet import nd


def synthetic_data(true_w, true_b, num_examples=1000, noise=0.01):
    """features ~ N(0, 1) (n, len(w)); labels = X w + b + N(0, noise^2), shape (n,)."""
    features = nd.random.normal(scale=1, shape=(num_examples, len(true_w)))
    labels = nd.dot(features, nd.array(true_w)) + true_b
    labels += nd.random.normal(scale=noise, shape=labels.shape)
    return features, labels


def poly_data(n_train=100, n_test=100, true_w=(1.2, -3.4, 5.6), true_b=5, noise=0.1):
    """(features (n, 1), poly_features (n, 3) = [x, x^2, x^3], labels (n,)); noise 0.1 book, 0.01 course."""
    features = nd.random.normal(shape=(n_train + n_test, 1))
    poly_features = nd.concat(features, nd.power(features, 2), nd.power(features, 3))
    w = nd.array(true_w)
    labels = (w[0] * poly_features[:, 0] + w[1] * poly_features[:, 1] + w[2] * poly_features[:, 2] + true_b)
    labels += nd.random.normal(scale=noise, shape=labels.shape)
    return features, poly_features, labels


def high_dim_data(n_train=20, n_test=100, num_inputs=200, true_b=0.05, noise=0.01):
    """features (n, p) ~ N(0, 1); labels (n, 1) = 0.05 + sum_i 0.01 x_i + N(0, noise^2)."""
    true_w = nd.ones((num_inputs, 1)) * 0.01
    features = nd.random.normal(shape=(n_train + n_test, num_inputs))
    labels = nd.dot(features, true_w) + true_b
    labels += nd.random.normal(scale=noise, shape=labels.shape)
    return features, labels
