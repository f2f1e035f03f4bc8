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
              "airfoil_self_noise.dat", "ptb.zip", "fr-en-small.txt")
# Chapter 9's: its images from ../img, the tiny Kaggle CIFAR-10 zips from ../data/kaggle_cifar10 (copies in a real
# folder: the notebook extracts them beside the zips). Laid out only for that chapter's notebooks.
CHAPTER_FILES = {"9": ("img/catdog.jpg", "img/cat1.jpg", "img/rainier.jpg", "img/autumn_oak.jpg",
                       "img/pikachu.jpg", "kaggle_cifar10/train_tiny.zip", "kaggle_cifar10/test_tiny.zip",
                       "kaggle_cifar10/trainLabels.csv.zip")}


def workdir(root, chapter=None):
    """Make root/data (copies of the verified files; for `chapter` 9 also root/img) and root/work; return
    root/work, the notebooks' cwd."""
    root = Path(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "work").mkdir(exist_ok=True)
    book_layout.lay_out(root, DATA_FILES + CHAPTER_FILES.get(chapter, ()))      # what `gluonlab data book` gives
    return root / "work"


def prepare(side, ipython_shim=False, limit=None):
    """Point gluon's FashionMNIST (default root) and, for side 'd2lzh', d2lzh's loader at the verified files.

    ipython_shim: give IPython.display back the set_matplotlib_formats that IPython 8 removed, so that d2lzh's
    plots run (for timing the book's code end to end; without it d2lzh stops at its first plot, as it does for
    a reader today).
    limit: {"max_examples": n, "epochs": e} cuts an hour-long notebook short for a smoke run (limit_run).
    """
    from mxnet.gluon.data.vision import datasets as gvision
    limit = limit or {}
    holder = d2lzh_side.fashion_root(limit.get("max_examples"))
    root = holder.__enter__()                  # kept open for the life of the process (a notebook's kernel)
    prepare.holder = holder
    init = gvision.FashionMNIST.__init__
    init.__defaults__ = (root,) + init.__defaults__[1:]
    if not getattr(init, "_book_env", False):      # 5.6's notebook names ~/.mxnet/datasets/fashion-mnist itself
        def any_root(self, root=root, *args, **kwargs):
            init(self, prepare.holder_root, *args, **kwargs)
        any_root._book_env = True
        gvision.FashionMNIST.__init__ = any_root
    prepare.holder_root = root
    if side == "d2lzh":
        import d2lzh
        loader = d2lzh.utils.load_data_fashion_mnist
        loader.__defaults__ = loader.__defaults__[:-1] + (root,)
        if ipython_shim:                 # what importing gluonlab.d2l does on the other side
            from .. import _ipython_compat
            _ipython_compat.restore()
    if limit:
        limit_run(side, **limit)
    return root


def limit_run(side, max_examples=None, epochs=None):
    """Train on the first max_examples images of each split (gluon's FashionMNIST is cut by prepare; here also
    gluonlab.d2l's loader, which reads its own cache) for at most `epochs` epochs of train_ch5: a notebook that
    takes hours at the book's settings starts, builds its net and trains a few minibatches. Nothing else of the
    book's code changes."""
    if side == "d2lzh":
        import d2lzh as d2l
    else:
        from .. import d2l
        from ..data import fashion_mnist
        d2l.load_data_fashion_mnist = lambda batch_size, resize=None, root=None: \
            fashion_mnist.load_data_fashion_mnist(batch_size, resize=resize, max_examples=max_examples)
    if epochs:
        train_ch5 = d2l.train_ch5
        d2l.train_ch5 = lambda net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs: \
            train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, min(num_epochs, epochs))
