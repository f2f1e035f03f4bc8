"""H. G. Wells' The Time Machine, the English edition's character corpus. Book: d2lzh.load_data_time_machine.

The Chinese book's chapter 6 trains on the lyrics (data/lyrics.py); d2lzh 1.0.0 still ships the English
edition's loader, which opens ../data/timemachine.txt relative to the working folder (the notebook's). That copy
is read as it is, as d2lzh reads it; without it, the text is resolved like every data file (a copy with the d2l
books' sha1 in $GLUONLAB_DATA or data/, or a download when downloads are allowed), and a DataError names the
file and where to put it.
"""
import os

from .lyrics import char_corpus
from .resolve import resolve

NAME = "timemachine.txt"
BOOK_PATH = os.path.join("..", "data", NAME)        # d2lzh's path, relative to the notebook's folder


def read_time_machine():
    """The whole text: the book's copy at ../data/timemachine.txt if there is one, else the verified one."""
    path = BOOK_PATH if os.path.isfile(BOOK_PATH) else resolve(NAME)
    with open(path) as f:                              # d2lzh's open(): the locale's encoding
        return f.read()


def load_data_time_machine(num_chars=10000, faithful=False):
    """(corpus_indices, char_to_idx, idx_to_char, vocab_size) of the first num_chars characters, newlines as
    spaces and lower-cased, as d2lzh builds them (faithful: its hash-seed-dependent set order; else sorted)."""
    text = read_time_machine().replace("\n", " ").replace("\r", " ").lower()
    return char_corpus(text[:num_chars], faithful)
