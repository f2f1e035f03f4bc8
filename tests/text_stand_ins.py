"""Small stand-ins in the real files' formats for data that must be downloaded (chapter 10): a GloVe-style
vectors file and an aclImdb tree. STAND_INS maps a section id to a maker: tmp folder -> config overrides."""
import random
import tarfile

import numpy as np

WORDS = ["chip", "chips", "intel", "baby", "babies", "beautiful", "lovely", "man", "woman", "son", "daughter",
         "beijing", "china", "tokyo", "japan", "bad", "worst", "big", "biggest", "do", "did", "go", "went",
         "this", "movie", "is", "so", "great", "the", "a", "plot", "boring", "actor"]


def make_glove(folder, dims=(50, 100), words=WORDS, seed=0):
    """folder/glove.6B.<d>d.txt for each d: one line per word, the word then d floats separated by spaces."""
    rng = np.random.RandomState(seed)
    for d in dims:
        lines = [w + " " + " ".join(f"{v:.5f}" for v in rng.normal(size=d)) for w in words]
        (folder / f"glove.6B.{d}d.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def make_imdb(folder, per_label=20, seed=0, archive=False):
    """folder/aclImdb/{train,test}/{pos,neg}/<i>_<score>.txt (positive reviews lean on positive words), and
    folder/aclImdb_v1.tar.gz of it when archive."""
    rng = random.Random(seed)
    good, bad, common = ["great", "lovely", "beautiful"], ["bad", "boring", "worst"], WORDS[23:30]
    for split in ("train", "test"):
        for label, words in (("pos", good), ("neg", bad)):
            d = folder / "aclImdb" / split / label
            d.mkdir(parents=True)
            for i in range(per_label):
                text = " ".join(rng.choice(words + common) for _ in range(rng.randint(5, 30)))
                (d / f"{i}_{8 if label == 'pos' else 2}.txt").write_text(text + "<br />\n", encoding="utf-8")
    if archive:
        with tarfile.open(folder / "aclImdb_v1.tar.gz", "w:gz") as tar:
            tar.add(folder / "aclImdb", arcname="aclImdb")
    return folder


def _glove_only(tmp):
    return {"data_dir": str(make_glove(tmp))}


def _imdb_and_glove(tmp):
    return {"data_dir": str(make_imdb(make_glove(tmp)))}


STAND_INS = {"10.6": _glove_only, "10.7": _imdb_and_glove, "10.8": _imdb_and_glove}
