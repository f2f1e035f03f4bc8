"""gluon.Trainer with a lean plain-SGD step: gluon's bits, less Python per minibatch."""
import numpy as np
import mxnet as mx
from mxnet import gluon, nd


class Trainer(gluon.Trainer):
    """gluon.Trainer whose plain SGD steps call sgd_update once per weight, skipping the Updater.

    Plain: mx.optimizer.SGD without momentum or gradient clipping, weight decay 0 for every parameter
    (after wd_mult), one CPU context, no kvstore, no AMP, classic NDArrays (not npx.set_np), dense parameters
    (no float16 master copies). gluon's path then runs multi_sgd_update, w + (0 - (lr*rescale)*g), and
    sgd_update computes (1 - 0)*w - (lr*rescale)*g: the same float bits on CPU (tests/test_trainer.py trains
    both side by side; on a GPU the compiler may fuse the two kernels' products differently, so GPUs keep
    gluon's step). Every other configuration is gluon.Trainer's own step. Measured on the 3.13 dropout MLP
    (six parameters, 2 threads): 0.23-0.28 ms of Python per step instead of 0.34-0.35, and 3.10's training
    loop 0.436 instead of 0.469 s an epoch (median of 7, alternating, in one process). Kept: the
    stale-gradient check and its message, the optimizer's update counts and learning rates (schedulers,
    lr_mult), and the Updater's states (save_states writes what gluon's would).

    On CPU-only parameters, SGD that takes gluon's step (weight decay, momentum) updates one parameter per
    operator call (aggregate_num 1; MXNet's SGD still runs multi_sgd_update, with one weight): the same bits as
    the default call over 4 weights at once (tests/test_train_fast.py), and a 784-256-10 MLP step took 0.45-0.50
    ms instead of 0.57 ms here, 2 threads, measured alone (within noise inside a loop).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self._optimizer, mx.optimizer.SGD) and self._cpu_only():
            self._optimizer.aggregate_num = 1

    def _cpu_only(self):
        return all(ctx.device_type == "cpu" for ctx in self._contexts or [])

    def _plain_sgd(self):
        opt = self._optimizer
        return (type(opt) is mx.optimizer.SGD and not opt.momentum > 0 and not opt.clip_gradient
                and self._kvstore is None and not self._update_on_kvstore and len(self._contexts) == 1
                and self._cpu_only()
                and getattr(self, "_amp_loss_scaler", None) is None and not mx.util.is_np_array()
                and not self._contains_sparse_weight and not self._contains_sparse_grad
                and not (opt.multi_precision and any(np.dtype(p.dtype) == np.float16 for p in self._params)))

    def _update(self, ignore_stale_grad=False):
        opt = self._optimizer
        active = [i for i, p in enumerate(self._params) if p.grad_req != "null"]
        if not self._plain_sgd() or any(opt._get_wds(active)):
            return super()._update(ignore_stale_grad)
        todo = []
        for i in active:
            param = self._params[i]
            weight = param._check_and_get(param._data, list)[0]
            if not weight._fresh_grad:
                if ignore_stale_grad:
                    continue
                raise UserWarning(
                    f"Gradient of Parameter `{param.name}` on context {weight.context} has not been updated "
                    "by backward since last `step`. This could mean a bug in your model that made it only use "
                    "a subset of the Parameters (Blocks) for this iteration. If you are intentionally only "
                    "using a subset, call step with ignore_stale_grad=True to suppress this warning and skip "
                    "updating of Parameters with stale gradient")
            weight._fresh_grad = False
            todo.append((i, weight, param._grad[0]))
        if not todo:
            return
        updater = self._updaters[0]
        opt._set_current_context(todo[0][1].context.device_id)
        for i, weight, _ in todo:                  # what Updater.__call__ keeps (None for plain SGD)
            if i not in updater.states:
                updater.states[i] = opt.create_state_multi_precision(i, weight)
                updater.states_synced[i] = True
            elif not updater.states_synced[i]:
                updater.states[i] = updater.sync_state_context(updater.states[i], weight.context)
                updater.states_synced[i] = True
        indices = [i for i, _, _ in todo]
        opt._update_count(indices)
        for (_, weight, grad), lr in zip(todo, opt._get_lrs(indices)):
            nd.sgd_update(weight, grad, lr=lr, wd=0.0, rescale_grad=opt.rescale_grad, out=weight)
