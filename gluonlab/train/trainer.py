"""gluon.Trainer with a lean plain-SGD step: gluon's bits, less Python per minibatch."""
import numpy as np
import mxnet as mx
from mxnet import gluon, nd

from ..scratch.rnn import clip_gradients, clip_sgd_update
from .flat_params import FlatParams


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

    clip_and_step(theta, batch_size): the book's gradient clipping then step, as one operator per weight on plain
    SGD (scratch.rnn.clip_sgd_update; chapter 6's Gluon language models).
    """

    def __init__(self, params, *args, **kwargs):
        super().__init__(params, *args, **kwargs)
        # gluon sorts a dict's parameters by name; clip_and_step adds the norm up in the order given, as
        # grad_clipping([p.data() for p in net.collect_params().values()], ...) does (the same bits)
        given = list(params.values()) if hasattr(params, "values") else list(params)
        position = {id(p): i for i, p in enumerate(self._params)}
        self._given_order = [position[id(p)] for p in given if id(p) in position]
        if isinstance(self._optimizer, mx.optimizer.SGD) and self._cpu_only():
            self._optimizer.aggregate_num = 1
        self._flat, self._flat_in_use = None, False      # FlatParams while pack()ed; whether its views hold

    def save_states(self, fname):
        """gluon.Trainer.save_states, the book's API: writes the optimizer and its states with pickle. gluonlab's
        checkpoints write train.trainer_state.save's format instead (arrays and JSON, no pickle)."""
        return super().save_states(fname)

    def load_states(self, fname):
        """gluon.Trainer.load_states, the book's API, kept as it is. It unpickles the file, and unpickling runs
        whatever code the file holds: load only states you saved yourself, never a file someone gave you.
        gluonlab's checkpoints (run --resume) use train.trainer_state.load, which loads arrays and JSON only."""
        return super().load_states(fname)

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

    def _plain_sgd_without_wd(self, active):
        return self._plain_sgd() and not any(self._optimizer._get_wds(active))

    def _active(self):
        return [i for i, p in enumerate(self._params) if p.grad_req != "null"]

    def _update(self, ignore_stale_grad=False):
        active = self._active()
        if not self._plain_sgd_without_wd(active):
            return super()._update(ignore_stale_grad)
        todo = self._fresh(active, ignore_stale_grad)
        if not todo:
            return
        lrs = self._count_updates(todo)
        rescale = self._optimizer.rescale_grad
        flat = self._flat_for(todo, lrs)
        if flat:
            nd.sgd_update(flat.weights, flat.grads, lr=lrs[0], wd=0.0, rescale_grad=rescale, out=flat.weights)
            return
        for (_, weight, grad), lr in zip(todo, lrs):
            nd.sgd_update(weight, grad, lr=lr, wd=0.0, rescale_grad=rescale, out=weight)

    def pack(self):
        """Put every parameter's weight and gradient into two flat buffers (train.flat_params), so that plain SGD
        steps with one sgd_update while they hold; returns whether it packed.

        Call it after a step (the gradients just used are copied, not marked fresh) and unpack() when done; in
        between, rebuild the cached graphs that run (fit does: one hybridized with static_shape keeps the
        gradient arrays it first ran with). Packs on plain SGD (see the class) once every parameter is
        initialized and FlatParams.packable.
        """
        if self._flat is not None or not self._kv_initialized or not self._plain_sgd():
            return False
        if not FlatParams.packable(self._params):
            return False
        self._flat = FlatParams(self._params)
        self._flat_in_use = True
        return True

    def unpack(self):
        """Give the parameters back the arrays they had before pack() (train.flat_params); returns whether it
        was packed."""
        if self._flat is None:
            return False
        self._flat.unpack()
        self._flat, self._flat_in_use = None, False
        return True

    def _flat_for(self, todo, lrs):
        """The packed FlatParams when todo is exactly its views under one learning rate (lr_mult), else None;
        once a packed view is replaced (cast, reset_ctx, a new grad_req) it is not used again until unpacked."""
        if not self._flat_in_use or len(set(lrs)) != 1:
            return None
        if not self._flat.holds(todo):
            self._flat_in_use = False
            return None
        return self._flat

    def clip_and_step(self, theta, batch_size, ignore_stale_grad=False):
        """Clip the gradients to global norm theta (scratch.rnn.grad_clipping), then step(batch_size).

        On plain SGD (see the class) with every gradient fresh, one fused operator (scratch.rnn.clip_sgd_update):
        w <- w - (lr * min(theta / ||g||, 1)) * g / batch_size, the factor never leaving the device and the
        gradients left unscaled; the update counts, learning rates (scheduler, lr_mult, set_learning_rate) and
        the stale-gradient check are step's. Otherwise (Adam, a GPU, a stale gradient skipped with
        ignore_stale_grad, ...) grad_clipping on each context's gradients, then gluon's step. theta None: step.
        """
        if theta is None:
            return self.step(batch_size, ignore_stale_grad)
        self._check_and_rescale_grad(self._scale / batch_size)
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        active = [i for i in self._given_order if self._params[i].grad_req != "null"]
        if self._plain_sgd_without_wd(active):
            todo = self._fresh(active, ignore_stale_grad)
            if len(todo) == len(active):            # the norm covers exactly the gradients that update
                if todo:
                    lrs = self._count_updates(todo)
                    clip_sgd_update([w for _, w, _ in todo], [g for _, _, g in todo], lrs, theta,
                                    self._optimizer.rescale_grad)
                return
        for grads in zip(*(self._params[i].list_grad() for i in active)):       # one context at a time
            clip_gradients(grads, theta)
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def _fresh(self, active, ignore_stale_grad):
        """(index, weight, grad) of the active parameters whose gradient backward wrote since the last step (a
        stale one raises gluon's message unless ignore_stale_grad, else is left out)."""
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
            todo.append((i, weight, param._grad[0]))
        return todo

    def _count_updates(self, todo):
        """The bookkeeping of gluon's Updater and SGD for updating `todo`: freshness cleared, states created,
        update counts; returns the learning rates (after the counts, as SGD reads them)."""
        opt, updater = self._optimizer, self._updaters[0]
        opt._set_current_context(todo[0][1].context.device_id)
        for i, weight, _ in todo:                  # what Updater.__call__ keeps (None for plain SGD)
            weight._fresh_grad = False
            if i not in updater.states:
                updater.states[i] = opt.create_state_multi_precision(i, weight)
                updater.states_synced[i] = True
            elif not updater.states_synced[i]:
                updater.states[i] = updater.sync_state_context(updater.states[i], weight.context)
                updater.states_synced[i] = True
        indices = [i for i, _, _ in todo]
        opt._update_count(indices)
        return opt._get_lrs(indices)
