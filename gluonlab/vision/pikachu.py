"""The Pikachu detection set in RecordIO. Book: d2l-zh v1 §9.6 (d2lzh._download_pikachu, load_data_pikachu)."""
import os
import shutil

from mxnet import image
from mxnet.gluon.utils import check_sha1

from .files import LARGE, resolve_large

FILES = ('train.rec', 'train.idx', 'val.rec')


def _download_pikachu(data_dir):
    """Put verified train.rec, train.idx and val.rec in data_dir: kept when data_dir holds them with their sha1,
    else copied from gluonlab's copy ($GLUONLAB_DATA/pikachu, data/pikachu, or the book's URL when online)."""
    os.makedirs(data_dir, exist_ok=True)
    for k in FILES:
        dest = os.path.join(data_dir, k)
        if not (os.path.isfile(dest) and check_sha1(dest, LARGE[f'pikachu/{k}'].sha1)):
            src = resolve_large(f'pikachu/{k}')
            if os.path.abspath(src) != os.path.abspath(dest):
                shutil.copyfile(src, dest)


def load_data_pikachu(batch_size, edge_size=256, data_dir='../data/pikachu'):
    """(train_iter, val_iter): ImageDetIters of edge_size images; training reads shuffled random crops that
    keep 95% of the box. data_dir: the book's '../data/pikachu' (an argument here)."""
    _download_pikachu(data_dir)
    return pikachu_iters({k: os.path.join(data_dir, k) for k in FILES}, batch_size, edge_size)


def pikachu_iters(paths, batch_size, edge_size=256):
    """load_data_pikachu's two iterators on the files at `paths` ({'train.rec': path, ...})."""
    train_iter = image.ImageDetIter(
        path_imgrec=str(paths['train.rec']), path_imgidx=str(paths['train.idx']), batch_size=batch_size,
        data_shape=(3, edge_size, edge_size), shuffle=True, rand_crop=1, min_object_covered=0.95, max_attempts=200)
    val_iter = image.ImageDetIter(path_imgrec=str(paths['val.rec']), batch_size=batch_size,
                                  data_shape=(3, edge_size, edge_size), shuffle=False)
    return train_iter, val_iter


def resolved_iters(batch_size, edge_size=256):
    """pikachu_iters on gluonlab's verified copies (no copy into the book's folder)."""
    return pikachu_iters({k: resolve_large(f'pikachu/{k}') for k in FILES}, batch_size, edge_size)
