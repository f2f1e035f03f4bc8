"""6.3 Jay Chou lyrics corpus, vocabulary and index mapping. Book: d2lzh.load_data_jay_lyrics."""
import zipfile

from ..errors import DataError
from .resolve import FIX, resolve

ZIP_FILE, MEMBER = "jaychou_lyrics.txt.zip", "jaychou_lyrics.txt"
CHARS = 63282          # the text's length (the archive is checked by its sha1): num_chars beyond it adds nothing


def read_lyrics():
    """The whole lyrics text (63,282 characters), read from the zip member without extracting."""
    path = resolve(ZIP_FILE)
    try:
        with zipfile.ZipFile(path) as zin:
            with zin.open(MEMBER) as f:
                return f.read().decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as e:
        raise DataError(f"{path} is not the lyrics archive ({e})", FIX) from None


def load_data_jay_lyrics(num_chars=10000, faithful=False):
    """(corpus_indices, char_to_idx, idx_to_char, vocab_size) as the book builds them.

    The book's `list(set(chars))` order depends on Python's hash seed: by default the
    vocabulary is sorted so indices repeat across processes; faithful=True keeps set order.
    """
    return char_corpus(read_lyrics().replace("\n", " ").replace("\r", " ")[:num_chars], faithful)


def char_corpus(corpus_chars, faithful=False):
    """(corpus_indices, char_to_idx, idx_to_char, vocab_size) of a text, its vocabulary built as the book's
    `list(set(chars))` (faithful) or sorted."""
    idx_to_char = list(set(corpus_chars)) if faithful else sorted(set(corpus_chars))
    char_to_idx = {char: i for i, char in enumerate(idx_to_char)}
    corpus_indices = [char_to_idx[char] for char in corpus_chars]
    return corpus_indices, char_to_idx, idx_to_char, len(idx_to_char)
