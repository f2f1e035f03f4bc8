"""10.7 IMDB reviews (aclImdb_v1.tar.gz). Book: d2lzh.download_imdb, read_imdb.

The extracted tree aclImdb/{train,test}/{pos,neg}/*.txt is looked for in the folder given, then in the book's
place (../data/aclImdb, relative to the working folder, where its notebooks extract it), then in $GLUONLAB_DATA
and the repository's data/. Without a tree, the archive is resolved like every data file (a local copy with the
book's sha1, or a download when downloads are allowed) and extracted beside it. Without either, a DataError
names the file, where to get it and where to put it.
"""
import os
import random
import tarfile
from pathlib import Path

from ..errors import DataError
from .resolve import LARGE, REPO_DATA, resolve, search_dirs, verify

ARCHIVE, TREE = "aclImdb_v1.tar.gz", "aclImdb"
BOOK_DIR = os.path.join("..", "data")                # the book's data_dir, relative to the notebook's folder


def _is_tree(path):
    return all((Path(path) / split / label).is_dir() for split in ("train", "test") for label in ("pos", "neg"))


def where_to_put():
    spec = LARGE[ARCHIVE]
    return (f"download {spec.url} (sha1 {spec.sha1}) and put it, or the aclImdb folder it holds, into "
            f"$GLUONLAB_DATA or {REPO_DATA}/ (or give its folder: --data-dir); with network access and "
            f"GLUONLAB_OFFLINE unset, gluonlab downloads it itself")


def extract(archive, data_dir):
    """Extract the archive's members into data_dir, refusing any that would land outside it."""
    data_dir = Path(data_dir).resolve()
    with tarfile.open(archive, "r") as f:
        for m in f.getmembers():
            target = (data_dir / m.name).resolve()
            if data_dir not in target.parents and target != data_dir or m.issym() or m.islnk():
                raise DataError(f"{archive}: member {m.name!r} would be extracted outside {data_dir}",
                                "use the archive from the book's URL")
        f.extractall(data_dir)
    return data_dir / TREE


def imdb_root(data_dir=None, download=None):
    """The folder holding aclImdb's train/ and test/ (extracting the archive if only that is found)."""
    places = ([Path(data_dir)] if data_dir else []) + [Path(BOOK_DIR)] + search_dirs(LARGE[ARCHIVE])
    for place in places:
        if _is_tree(place / TREE):
            return place / TREE
    path = archive(data_dir, download, places)
    return extract(path, Path(data_dir) if data_dir else path.parent)


def archive(data_dir=None, download=None, searched=()):
    """The verified archive: data_dir/aclImdb_v1.tar.gz, else a copy in gluonlab's data folders or a download."""
    if data_dir and (Path(data_dir) / ARCHIVE).is_file():
        verify(LARGE[ARCHIVE], Path(data_dir) / ARCHIVE)
        return Path(data_dir) / ARCHIVE
    try:
        return resolve(ARCHIVE, download=download)
    except DataError as e:
        where = ", ".join(str(p) for p in searched or search_dirs(LARGE[ARCHIVE]))
        raise DataError(f"the IMDB reviews ({TREE}/ or {ARCHIVE}) were not found in {where}"
                        + ("" if "not found" in e.message else f" ({e.message})"), where_to_put()) from None


def read_imdb(folder="train", data_dir=None, shuffle=True):
    """[[review, 1 if positive else 0], ...] of one split, lower-cased without newlines, shuffled with Python's
    random as the book does (listdir order first: pos then neg)."""
    root = imdb_root(data_dir)
    data = []
    for label in ["pos", "neg"]:
        folder_name = os.path.join(root, folder, label)
        for file in os.listdir(folder_name):
            with open(os.path.join(folder_name, file), "rb") as f:
                review = f.read().decode("utf-8").replace("\n", "").lower()
                data.append([review, 1 if label == "pos" else 0])
    if shuffle:
        random.shuffle(data)
    return data
