"""10.7/10.8 sentiment data: tokens, vocabulary, padded features, prediction. Book: d2lzh.get_tokenized_imdb,
get_vocab_imdb, preprocess_imdb, predict_sentiment, count_tokens.

The printed book (v1 branch) adds a '<pad>' token to the vocabulary and pads reviews with its index; d2lzh 1.0.0
on PyPI adds none and pads with 0, the index of '<unk>'. Both are here: pad=True is the book's text (what
`gluonlab run` does), pad=False is d2lzh's (what gluonlab.d2l serves).
"""
import collections

from mxnet import nd
from mxnet.contrib import text

PAD = "<pad>"
MAX_LEN = 500                       # the book's max_l: reviews are cut or padded to 500 tokens
PAD_NOTE = ("the printed book pads reviews with a '<pad>' token (index 1); d2lzh 1.0.0, and so gluonlab.d2l, "
            "adds no '<pad>' and pads with 0, the index of '<unk>'")


def count_tokens(samples):
    """A Counter of the tokens of every sample (a list of token lists)."""
    return collections.Counter(tk for sample in samples for tk in sample)


def get_tokenized_imdb(data):
    """Each review split on single spaces and lower-cased."""
    return [[tok.lower() for tok in review.split(" ")] for review, _ in data]


def get_vocab_imdb(data, pad=True):
    """The vocabulary of tokens seen at least 5 times (with '<pad>' reserved when pad)."""
    counter = collections.Counter(tk for st in get_tokenized_imdb(data) for tk in st)
    return text.vocab.Vocabulary(counter, min_freq=5, reserved_tokens=[PAD] if pad else None)


def preprocess_imdb(data, vocab, pad=True, max_l=MAX_LEN):
    """(features (n, max_l) of token indices, labels (n,)): each review cut or padded to max_l with the index of
    '<pad>' (pad) or 0."""
    fill = vocab.token_to_idx[PAD] if pad else 0

    def cut_or_pad(x):
        return x[:max_l] if len(x) > max_l else x + [fill] * (max_l - len(x))

    features = nd.array([cut_or_pad(vocab.to_indices(x)) for x in get_tokenized_imdb(data)])
    return features, nd.array([score for _, score in data])


def predict_sentiment(net, vocab, sentence, ctx=None):
    """'positive' or 'negative': the net's class for one tokenized sentence."""
    sentence = nd.array(vocab.to_indices(sentence), ctx=ctx)
    label = nd.argmax(net(sentence.reshape((1, -1))), axis=1)
    return "positive" if label.asscalar() == 1 else "negative"
