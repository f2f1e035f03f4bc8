"""Chapter 7's workload: Adam on the airfoil data (7.8's Gluon cell), book settings: batch 10, lr 0.01, 2 epochs.

d2lzh side: the book's code as printed, d2lzh.train_gluon_ch7('adam', {'learning_rate': 0.01}, features, labels):
a DataLoader that gathers and stacks every example in Python, and the loss over all 1503 rows read back to
Python every 100 examples (30 syncs an epoch), then its plot. gluonlab sides: train.airfoil.train_gluon_ch7, the
same minibatches and values (tests/test_d2l_oracle.py), ArrayIter batches and one read of the recorded losses per
epoch; 'hybrid' also compiles Dense(1) and the L2 loss. One unit is the whole 2-epoch call; the metric, its last
printed loss. Both sides get the same standardized arrays (gluonlab.data.airfoil).
"""
import contextlib
import io

from ..data.airfoil import get_data_ch7
from ..train import airfoil
from .workloads import Workload, register, timed

_ARGS = ('adam', {'learning_rate': 0.01})


def run_d2lzh(p):
    import matplotlib
    matplotlib.use("Agg")
    import d2lzh
    from matplotlib import pyplot as plt
    if not hasattr(d2lzh.utils.display, "set_matplotlib_formats"):     # IPython 8 removed it: d2lzh's plot stops
        d2lzh.utils.display.set_matplotlib_formats = lambda *a, **k: None
    features, labels = get_data_ch7()

    def run():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            d2lzh.train_gluon_ch7(*_ARGS, features, labels, p["batch_size"], p["num_epochs"])
        plt.close("all")
        return float(out.getvalue().split("loss: ")[1].split(",")[0])
    return timed(run, p["epochs"])


def run_gluonlab(p, hybridize):
    features, labels = get_data_ch7()
    return timed(lambda: airfoil.train_gluon_ch7(*_ARGS, features, labels, p["batch_size"], p["num_epochs"],
                                                 report=lambda *a: None, hybridize=hybridize)[0][-1], p["epochs"])


register(Workload(
    name="airfoil_adam", title="Adam on the airfoil data, 2 epochs (7.8)", kind="small", metric="loss",
    params={"epochs": 4, "batch_size": 10, "num_epochs": 2}, quick={"epochs": 1, "num_epochs": 1},
    run_d2lzh=run_d2lzh, run_gluonlab=run_gluonlab,
    examples=lambda p: 1503 * p["num_epochs"], unit="run"))
