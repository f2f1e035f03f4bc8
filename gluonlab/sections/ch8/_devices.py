"""What 8.3-8.5 run on: the contexts --ctx names, else every GPU, else CPU contexts standing in for GPUs."""
import mxnet as mx

from ... import devices


def devices_for(cfg, report):
    """Several contexts named by --ctx, else every GPU, else `cfg.cpu_contexts` CPU contexts (said in one line)."""
    if len(cfg.contexts()) > 1:
        return cfg.contexts()
    ctx = devices.try_all_gpus()
    if ctx[0].device_type == "gpu":
        return ctx
    report(f"no GPU found: running the multi-device code on {cfg.cpu_contexts} CPU contexts instead")
    return [mx.cpu(i) for i in range(cfg.cpu_contexts)]
