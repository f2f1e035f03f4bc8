"""10.6 Finding synonyms and analogies. Book: d2l-zh v1 §10.6 (text.embedding.create('glove', ...), knn,
get_similar_tokens, get_analogy)."""
from dataclasses import dataclass

from ...config import RunConfig
from ...data import embeddings
from ...nlp.similarity import get_analogy, get_similar_tokens
from ...registry import Result, section

ID, SLUG, TITLE = "10.6", "similarity-analogy", "Finding synonyms and analogies"


@dataclass(frozen=True)
class Config(RunConfig):
    data_dir: str = ""                       # a folder holding the vectors file (none: gluonlab's data folders)
    pretrained_file: str = "glove.6B.50d.txt"
    query: tuple = ("chip", "baby", "beautiful")
    analogies: tuple = ("man:woman:son", "beijing:china:tokyo", "bad:worst:big", "do:did:go")
    QUICK = {}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    embed = embeddings.create("glove", cfg.pretrained_file, root=cfg.data_dir or None)
    report(len(embed))
    if "beautiful" in embed.token_to_idx:
        i = embed.token_to_idx["beautiful"]
        report((i, embed.idx_to_token[i]))
    final = {"tokens": len(embed)}
    for q in cfg.query:
        final[f"{q}_nearest"] = [tk for tk, _ in get_similar_tokens(q, 3, embed, report)]
    for analogy in cfg.analogies:
        a, b, c = analogy.split(":")
        final[f"analogy_{a}_{b}_{c}"] = d = get_analogy(a, b, c, embed)
        report(f"{a} : {b} = {c} : {d}")
    return Result([], final)
