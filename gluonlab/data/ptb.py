"""10.3 Penn Treebank training sentences (ptb.zip, the book's data/). Book: d2l-zh v1 §10.3 (its first cell)."""
import zipfile

from ..errors import DataError
from .resolve import FIX, resolve

ZIP_FILE, MEMBER = "ptb.zip", "ptb/ptb.train.txt"


def read_ptb(split="train"):
    """raw_dataset: one list of tokens per line of ptb.<split>.txt (42,068 sentences in train), read from the zip
    member without extracting it (the book extracts the archive into ../data first)."""
    path = resolve(ZIP_FILE)
    try:
        with zipfile.ZipFile(path) as zin:
            with zin.open(f"ptb/ptb.{split}.txt") as f:
                lines = f.read().decode("utf-8").splitlines()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as e:
        raise DataError(f"{path} is not the PTB archive ({e})", FIX) from None
    return [st.split() for st in lines]
