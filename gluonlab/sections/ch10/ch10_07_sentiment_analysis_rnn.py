"""10.7 Text sentiment classification: using RNNs. Book: d2l-zh v1 §10.7 (BiRNN over GloVe 100d vectors,
d2lzh.download_imdb, read_imdb, get_vocab_imdb, preprocess_imdb, predict_sentiment)."""
from dataclasses import dataclass

from . import _imdb
from ...registry import Result, section

ID, SLUG, TITLE = "10.7", "sentiment-analysis-rnn", "Text sentiment classification: using RNNs"


@dataclass(frozen=True)
class Config(_imdb.IMDBConfig):
    num_hiddens: int = 100
    num_layers: int = 2
    lr: float = 0.01


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    vocab, train_iter, test_iter = _imdb.load(cfg, report)
    net = _imdb.new_net("bi_rnn_sentiment", vocab, embed_size=cfg.embed_size, num_hiddens=cfg.num_hiddens,
                        num_layers=cfg.num_layers)
    net.embedding.weight.set_data(_imdb.glove_for(cfg, vocab))
    net.embedding.collect_params().setattr("grad_req", "null")       # the pretrained vectors stay fixed
    return _imdb.train_and_predict(cfg, net, vocab, train_iter, test_iter, report)
