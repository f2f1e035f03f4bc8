"""6.1 Language models. Book: d2l-zh v1 §6.1 (n-gram probabilities from relative frequencies; no code cells).

The book's section is text only: P(w_1..w_T) as a product of conditional probabilities, each estimated by
relative frequencies, and n-grams (a Markov chain of order n-1). This section counts them on the characters of
6.3's Jay Chou lyrics and scores three orders of the same characters, as the book's example (你走先 against
你先走, which the lyrics never contain) does: equal under unigrams, told apart by bigrams and trigrams, while
the number of counts to store grows with n (the book's exercise).
"""
import math
from collections import Counter
from dataclasses import dataclass

from ... import data
from ...config import RunConfig
from ...registry import Result, section

ID, SLUG, TITLE = "6.1", "lang-model", "Language models"
SEQUENCES = ("我爱你", "你爱我", "爱你我")


@dataclass(frozen=True)
class Config(RunConfig):
    num_chars: int = 63282         # the whole corpus (6.3's models train on its first 10000 characters)
    QUICK = {"num_chars": 10000}


def ngram_counts(chars, n):
    """Counter of every run of n consecutive characters."""
    return Counter(tuple(chars[i:i + n]) for i in range(len(chars) - n + 1))


def log_prob(seq, counts, n):
    """log P(seq) under the n-gram model: P(w_t | previous n-1 words) = n(w_{t-n+1..t}) / n(w_{t-n+1..t-1}),
    with the first words conditioned on as many as there are; -inf where a count is zero."""
    total = sum(counts[1].values())
    out = 0.0
    for t in range(len(seq)):
        k = min(n, t + 1)
        num = counts[k][tuple(seq[t - k + 1:t + 1])]
        den = counts[k - 1][tuple(seq[t - k + 1:t])] if k > 1 else total
        if num == 0:
            return -math.inf
        out += math.log(num / den)
    return out


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    chars = data.lyrics.read_lyrics().replace("\n", " ").replace("\r", " ")[:cfg.num_chars]
    counts = {n: ngram_counts(chars, n) for n in (1, 2, 3)}
    report(f"{len(chars)} characters; distinct 1-, 2-, 3-grams:", [len(counts[n]) for n in (1, 2, 3)])
    report("most frequent characters:", [(c[0], k) for c, k in counts[1].most_common(10)])
    final = {f"distinct_{n}grams": len(counts[n]) for n in (1, 2, 3)}
    for seq in SEQUENCES:
        lps = [log_prob(seq, counts, n) for n in (1, 2, 3)]
        report(f"P({seq}): unigram %.3g, bigram %.3g, trigram %.3g" % tuple(math.exp(lp) for lp in lps))
        final.update({f"{seq}_{name}": math.exp(lp) for name, lp in zip(("unigram", "bigram", "trigram"), lps)})
    return Result(final=final)
