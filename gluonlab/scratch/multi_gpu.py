"""8.4 Multi-GPU training from scratch: LeNet as a function of its parameters, one copy of them per device, the
gradients summed by allreduce. Book: d2l-zh v1 §8.4 (lenet, get_params, allreduce, split_and_load, train_batch).

The names and code are the book's; any list of contexts works, CPU contexts too (cpu(0), cpu(1), ...), which is
how gluonlab runs it on a machine without a GPU.
"""
from mxnet import autograd, nd
from mxnet.gluon import loss as gloss

from .optim import sgd

loss = gloss.SoftmaxCrossEntropyLoss()


def init_params(scale=0.01):
    """The book's LeNet parameters: W1 (20, 1, 3, 3), W2 (50, 20, 5, 5), W3 (800, 128), W4 (128, 10), zero biases."""
    W1 = nd.random.normal(scale=scale, shape=(20, 1, 3, 3))
    W2 = nd.random.normal(scale=scale, shape=(50, 20, 5, 5))
    W3 = nd.random.normal(scale=scale, shape=(800, 128))
    W4 = nd.random.normal(scale=scale, shape=(128, 10))
    return [W1, nd.zeros(shape=20), W2, nd.zeros(shape=50), W3, nd.zeros(shape=128), W4, nd.zeros(shape=10)]


def lenet(X, params):
    """Two convolution + average-pooling stages and two dense layers, with ReLU. Book: §8.4 lenet."""
    h1_conv = nd.Convolution(data=X, weight=params[0], bias=params[1], kernel=(3, 3), num_filter=20)
    h1 = nd.Pooling(data=nd.relu(h1_conv), pool_type='avg', kernel=(2, 2), stride=(2, 2))
    h2_conv = nd.Convolution(data=h1, weight=params[2], bias=params[3], kernel=(5, 5), num_filter=50)
    h2 = nd.flatten(nd.Pooling(data=nd.relu(h2_conv), pool_type='avg', kernel=(2, 2), stride=(2, 2)))
    h3 = nd.relu(nd.dot(h2, params[4]) + params[5])
    return nd.dot(h3, params[6]) + params[7]


def get_params(params, ctx):
    """A copy of params on ctx, each with a gradient buffer."""
    new_params = [p.copyto(ctx) for p in params]
    for p in new_params:
        p.attach_grad()
    return new_params


def allreduce(data):
    """In place: every array of `data` (one per device) becomes their sum, added up on the first device."""
    for i in range(1, len(data)):
        data[0][:] += data[i].copyto(data[0].context)
    for i in range(1, len(data)):
        data[0].copyto(data[i])


def split_and_load(data, ctx):
    """Equal slices of a batch along axis 0, one per context (the batch must divide evenly)."""
    n, k = data.shape[0], len(ctx)
    m = n // k
    assert m * k == n, '# examples is not divided by # devices.'
    return [data[i * m: (i + 1) * m].as_in_context(ctx[i]) for i in range(k)]


def train_batch(X, y, gpu_params, ctx, lr):
    """One minibatch: a slice per device, forward and backward there, allreduce, sgd on every copy."""
    gpu_Xs, gpu_ys = split_and_load(X, ctx), split_and_load(y, ctx)
    with autograd.record():
        ls = [loss(lenet(gpu_X, gpu_W), gpu_y) for gpu_X, gpu_y, gpu_W in zip(gpu_Xs, gpu_ys, gpu_params)]
    for l in ls:
        l.backward()
    for i in range(len(gpu_params[0])):
        allreduce([gpu_params[c][i].grad for c in range(len(ctx))])
    for param in gpu_params:
        sgd(param, lr, X.shape[0])      # the whole minibatch's size: the summed gradient covers all of it
