"""3.5 Fashion-MNIST from the four idx .gz files. Book: d2lzh.load_data_fashion_mnist."""
from mxnet import nd

from ..arguments import positive_int
from ..errors import ConfigError
from . import cache
from .batches import ArrayIter
from .fashion_idx import load_arrays

TEXT_LABELS = ["t-shirt", "trouser", "pullover", "dress", "coat",
               "sandal", "shirt", "sneaker", "bag", "ankle boot"]


def get_fashion_mnist_labels(labels):
    """Map integer labels to the book's text labels. Book: d2lzh.get_fashion_mnist_labels."""
    return [TEXT_LABELS[int(i)] for i in labels]


def fashion_mnist_dataset(train=True):
    """A gluon ArrayDataset of (image (28, 28, 1) uint8, label int32), like gluon's FashionMNIST."""
    from mxnet.gluon import data as gdata
    images, labels = load_arrays(train)
    return gdata.ArrayDataset(nd.array(images[..., None], dtype="uint8"), labels)


def load_data_fashion_mnist(batch_size, resize=None, root=None, loader="fast", max_examples=None,
                            num_workers=0, ctx=None):
    """(train_iter, test_iter) over Fashion-MNIST; train shuffled, test not. Book: d2lzh.load_data_fashion_mnist.

    loader='fast' slices preloaded float32 NDArrays; loader='gluon' is the book's DataLoader with
    ToTensor (and Resize). `root` is accepted for the book's signature; files come from the resolver.
    max_examples keeps the first n examples of each split (smoke runs). batch_size must be an integer of at
    least 1, and resize None, an integer of at least 1 or a (width, height) pair of them, as the book's
    transforms.Resize takes it: anything else is a TypeError or ValueError naming it, before any data is read.
    """
    batch_size, resize = positive_int(batch_size, "batch_size"), _checked_resize(resize)
    if loader == "gluon":
        return _gluon_loaders(batch_size, resize, max_examples, num_workers)
    if loader != "fast":
        raise ValueError(f"loader must be 'fast' or 'gluon', got {loader!r}")
    iters = []
    for train in (True, False):
        X, y = cache.load_tensors(train)          # float32 cache on disk (data/cache.py)
        X, y = X[:max_examples], y[:max_examples]
        if train and batch_size > X.shape[0]:
            raise ConfigError(f"--batch-size {batch_size} is larger than the {X.shape[0]} training examples",
                              f"use --batch-size {X.shape[0]} or less")
        iters.append(ArrayIter(X, y, batch_size, shuffle=train, ctx=ctx, transform=_resizer(resize)))
    return tuple(iters)


def _checked_resize(resize):
    """resize as the book's Resize takes it: None, a side, or (width, height); nonsense is refused."""
    if resize is None:
        return None
    if isinstance(resize, (tuple, list)):
        if len(resize) != 2:
            raise ValueError(f"resize must be one side or a (width, height) pair, got {resize!r}")
        return tuple(positive_int(side, "resize") for side in resize)
    return positive_int(resize, "resize")


def _resizer(resize):
    """Per-minibatch resize to (resize, resize) or to (width, height) (resize_batch), or None: a resized whole set
    would not fit in memory (60,000 images at 224 x 224 are 12 GB of float32)."""
    if not resize:
        return None
    return lambda X: resize_batch(X, resize)


def resize_batch(X, size):
    """The book's Resize(size) then ToTensor, on a whole minibatch X (N, C, H, W) of float32 in [0, 1] at once;
    size is one side or (width, height), as Resize takes it.

    The book resizes each uint8 (H, W, C) image with OpenCV's bilinear and then divides by 255. Here the cached
    floats go back to their uint8 values (exact: each is k / 255 in float32), one image.resize call takes the
    whole (N, H, W, C) batch with the same OpenCV kernel, and one division by 255 follows: the same values as
    the book's per-image path, bit for bit (tests/test_data_cache.py), with no per-image Python.
    """
    width, height = size if isinstance(size, tuple) else (size, size)
    n, c, h, w = X.shape
    u8 = (X * 255).round().astype("uint8")
    u8 = u8.reshape((n, h, w, 1)) if c == 1 else u8.transpose((0, 2, 3, 1))     # one channel: NCHW is NHWC
    out = nd.image.resize(u8, (width, height))
    out = out.reshape((n, 1, height, width)) if c == 1 else out.transpose((0, 3, 1, 2))
    return out.astype("float32") / 255


def _gluon_loaders(batch_size, resize, max_examples, num_workers):
    from mxnet.gluon import data as gdata
    trans = [gdata.vision.transforms.Resize(resize)] if resize else []
    trans = gdata.vision.transforms.Compose(trans + [gdata.vision.transforms.ToTensor()])
    loaders = []
    for train in (True, False):
        ds = fashion_mnist_dataset(train)
        if max_examples:
            ds = gdata.ArrayDataset(*[a[:max_examples] for a in (ds._data[0], ds._data[1])])
        loaders.append(gdata.DataLoader(ds.transform_first(trans), batch_size, shuffle=train,
                                        num_workers=num_workers))
    return tuple(loaders)
