"""10.6-10.8 pretrained word vectors (GloVe, fastText). Book: text.embedding.create('glove',
pretrained_file_name='glove.6B.50d.txt') (mxnet.contrib.text).

create() finds the vector file in the folder given, then in $GLUONLAB_DATA (as <file> or glove/<file>), the
repository's data/, and MXNet's own place (~/.mxnet/embeddings/glove/); a file found there is loaded as it is
(text.embedding.CustomEmbedding: the same tokens, vectors and lookups as the book's GloVe object). With no local
file and downloads allowed, MXNet's own create() runs, downloading the book's archive with its sha1. Otherwise a
DataError names the file, the archive to download and where to put the file.
"""
import os
from pathlib import Path

from mxnet import base
from mxnet.contrib import text

from ..errors import DataError
from .resolve import REPO_DATA

_CLASSES = {"glove": text.embedding.GloVe, "fasttext": text.embedding.FastText}


def _places(embedding_name, root):
    dirs = [Path(root)] if root else []
    if os.environ.get("GLUONLAB_DATA"):
        d = Path(os.environ["GLUONLAB_DATA"]).expanduser().absolute()
        dirs += [d, d / embedding_name]
    return dirs + [REPO_DATA, REPO_DATA / embedding_name, Path(base.data_dir()) / "embeddings" / embedding_name]


def archive_url(embedding_name, pretrained_file_name):
    """The book's download (MXNet's embedding repository) and its sha1, for the error message."""
    cls = _CLASSES[embedding_name]
    url = cls._get_pretrained_file_url(pretrained_file_name)
    sha1s = getattr(cls, "pretrained_archive_name_sha1", cls.pretrained_file_name_sha1)
    return url, sha1s.get(os.path.basename(url))


def create(embedding_name, pretrained_file_name, vocabulary=None, root=None, download=None):
    """text.embedding.create(embedding_name, pretrained_file_name=..., vocabulary=...) from a local file."""
    if embedding_name not in _CLASSES:
        raise DataError(f"unknown embedding {embedding_name!r}", f"use one of {', '.join(_CLASSES)}")
    places = _places(embedding_name, root)
    for d in places:
        path = d / pretrained_file_name
        if path.is_file():
            return text.embedding.CustomEmbedding(str(path), elem_delim=" ", vocabulary=vocabulary)
    offline = os.environ.get("GLUONLAB_OFFLINE", "0") == "1"
    if download if download is not None else not offline:
        return text.embedding.create(embedding_name, pretrained_file_name=pretrained_file_name,
                                     vocabulary=vocabulary)
    url, sha1 = archive_url(embedding_name, pretrained_file_name)
    raise DataError(
        f"{pretrained_file_name} was not found; searched {', '.join(map(str, places))}",
        f"download {url} (sha1 {sha1}), take {pretrained_file_name} out of it and put it into $GLUONLAB_DATA "
        f"(export GLUONLAB_DATA=/path/to/folder) or {places[-1]}/; with network access and GLUONLAB_OFFLINE "
        f"unset, MXNet downloads it itself")
