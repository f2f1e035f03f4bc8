"""The offline environment the book's notebooks expect, set up before their first cell (never inside it).

The notebooks read their data from places a machine without the internet does not have: gluon's FashionMNIST
downloads into ~/.mxnet/datasets (and checks the .gz files' sha1 against its own mirror's copies, which differ from
the Debian package's and other mirrors' bytes), the house-price CSVs, the lyrics zip and the airfoil table are
read from ../data relative to the working directory. `workdir` lays out ../data with gluonlab's verified files;
`prepare` points gluon's FashionMNIST (and d2lzh's loader) at them.
"""
from pathlib import Path

from ..data import book_layout
from . import d2lzh_side

# Files the notebooks open from ../data.
DATA_FILES = ("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv", "jaychou_lyrics.txt.zip",
              "airfoil_self_noise.dat")


def workdir(root):
    """Make root/data (copies of the verified files) and root/work; return root/work, the notebooks' cwd."""
    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "work").mkdir(exist_ok=True)
    book_layout.lay_out(root, DATA_FILES)          # what `gluonlab data book` gives a reader
    return root / "work"


def prepare(side, ipython_shim=False):
    """Point gluon's FashionMNIST (default root) and, for side 'd2lzh', d2lzh's loader at the verified files.

    ipython_shim: give IPython.display back the set_matplotlib_formats that IPython 8 removed, so that d2lzh's
    plots run (for timing the book's code end to end; without it d2lzh stops at its first plot, as it does for
    a reader today).
    """
    from mxnet.gluon.data.vision import datasets as gvision
    holder = d2lzh_side.fashion_root()
    root = holder.__enter__()                  # kept open for the life of the process (a notebook's kernel)
    prepare.holder = holder
    init = gvision.FashionMNIST.__init__
    init.__defaults__ = (root,) + init.__defaults__[1:]
    if side == "d2lzh":
        import d2lzh
        loader = d2lzh.utils.load_data_fashion_mnist
        loader.__defaults__ = loader.__defaults__[:-1] + (root,)
        if ipython_shim:
            from .. import _ipython_compat
            _ipython_compat.restore()
    return root
