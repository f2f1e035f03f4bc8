"""Chapter 7's optimisers from scratch. Book: d2l-zh v1 §7.3-7.8 (sgd, sgd_momentum, adagrad, rmsprop, adadelta, adam).

Each update has the book's signature `fn(params, states, hyperparams)` and changes params and states in place,
for d2lzh.train_ch7; the loss it follows is already a minibatch mean, so no batch size appears. (`sgd` here is
§7.3's; scratch.optim.sgd is d2lzh.sgd, the chapter-3 form that divides by the batch size.)
The book's init_*_states() read a global `features`; here they take its column count (num_inputs).
"""
from mxnet import nd


def _zeros(num_inputs):
    """One zero state per parameter of the linear model: w (num_inputs, 1) and b (1,)."""
    return nd.zeros((num_inputs, 1)), nd.zeros(1)


def sgd(params, states, hyperparams):
    """p <- p - lr * grad. Book: §7.3 sgd."""
    for p in params:
        p[:] -= hyperparams['lr'] * p.grad


def init_momentum_states(num_inputs):
    """(v_w, v_b). Book: §7.4."""
    return _zeros(num_inputs)


def sgd_momentum(params, states, hyperparams):
    """v <- momentum v + lr grad; p <- p - v. Book: §7.4."""
    for p, v in zip(params, states):
        v[:] = hyperparams['momentum'] * v + hyperparams['lr'] * p.grad
        p[:] -= v


def init_adagrad_states(num_inputs):
    """(s_w, s_b). Book: §7.5."""
    return _zeros(num_inputs)


def adagrad(params, states, hyperparams):
    """s <- s + grad^2; p <- p - lr grad / sqrt(s + 1e-6). Book: §7.5."""
    eps = 1e-6
    for p, s in zip(params, states):
        s[:] += p.grad.square()
        p[:] -= hyperparams['lr'] * p.grad / (s + eps).sqrt()


def init_rmsprop_states(num_inputs):
    """(s_w, s_b). Book: §7.6."""
    return _zeros(num_inputs)


def rmsprop(params, states, hyperparams):
    """s <- gamma s + (1 - gamma) grad^2; p <- p - lr grad / sqrt(s + 1e-6). Book: §7.6."""
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        s[:] = gamma * s + (1 - gamma) * p.grad.square()
        p[:] -= hyperparams['lr'] * p.grad / (s + eps).sqrt()


def init_adadelta_states(num_inputs):
    """((s_w, delta_w), (s_b, delta_b)). Book: §7.7."""
    (s_w, s_b), (delta_w, delta_b) = _zeros(num_inputs), _zeros(num_inputs)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, states, hyperparams):
    """s <- rho s + (1 - rho) grad^2; g' = sqrt(delta + eps) / sqrt(s + eps) grad; p <- p - g';
    delta <- rho delta + (1 - rho) g'^2, eps = 1e-5. Book: §7.7."""
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        s[:] = rho * s + (1 - rho) * p.grad.square()
        g = ((delta + eps).sqrt() / (s + eps).sqrt()) * p.grad
        p[:] -= g
        delta[:] = rho * delta + (1 - rho) * g * g


def init_adam_states(num_inputs):
    """((v_w, s_w), (v_b, s_b)). Book: §7.8."""
    (v_w, v_b), (s_w, s_b) = _zeros(num_inputs), _zeros(num_inputs)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    """Adam with beta1 0.9, beta2 0.999, eps 1e-6 and bias correction at step hyperparams['t'], which it
    increments. Book: §7.8."""
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        v[:] = beta1 * v + (1 - beta1) * p.grad
        s[:] = beta2 * s + (1 - beta2) * p.grad.square()
        v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
        s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
        p[:] -= hyperparams['lr'] * v_bias_corr / (s_bias_corr.sqrt() + eps)
    hyperparams['t'] += 1
