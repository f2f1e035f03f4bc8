"""6.3 Language-model data set (Jay Chou lyrics). Book: d2l-zh v1 §6.3 (load_data_jay_lyrics, data_iter_*)."""
import random
from dataclasses import dataclass

from ... import data
from ...config import RunConfig
from ...data.lm_iters import data_iter_consecutive, data_iter_random
from ...registry import Result, section

ID, SLUG, TITLE = "6.3", "lang-model-dataset", "Language-model data set (Jay Chou lyrics)"


@dataclass(frozen=True)
class Config(RunConfig):
    num_chars: int = 10000
    batch_size: int = 2            # the demo on list(range(30))
    num_steps: int = 6
    faithful: bool = False         # True: the book's set order (follows the hash seed)


def demo(data_iter_fn, my_seq, cfg, report):
    for X, Y in data_iter_fn(my_seq, batch_size=cfg.batch_size, num_steps=cfg.num_steps):
        report('X: ', X, '\nY:', Y, '\n')


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    text = data.lyrics.read_lyrics()
    report(len(text), text[:40])
    corpus_indices, char_to_idx, idx_to_char, vocab_size = data.load_data_jay_lyrics(cfg.num_chars, cfg.faithful)
    report("vocab_size:", vocab_size)
    sample = corpus_indices[:20]
    report('chars:', ''.join([idx_to_char[idx] for idx in sample]))
    report('indices:', sample)
    my_seq = list(range(30))
    report("random sampling:")
    random.seed(cfg.seed)
    demo(data_iter_random, my_seq, cfg, report)
    report("consecutive sampling:")
    demo(data_iter_consecutive, my_seq, cfg, report)
    sizes = {fn.__name__: sum(1 for _ in fn(corpus_indices, 32, 35)) for fn in (data_iter_random,
                                                                                   data_iter_consecutive)}
    report("minibatches per epoch (batch 32, 35 steps):", sizes)
    return Result(final={"corpus_chars": len(text), "vocab_size": vocab_size, **sizes})
