"""10.3 skip-gram with negative sampling. Book: d2l-zh v1 §10.3 (skip_gram over nn.Sequential of two Embeddings).

The book keeps its two embedding layers in an nn.Sequential and calls skip_gram(center, contexts_and_negatives,
net[0], net[1]); SkipGram is the same two layers and the same forward as one HybridBlock, indexable as the
book's net is (net[0] is embed_v, the centre-word vectors that get_similar_tokens reads).
"""
from mxnet import nd
from mxnet.gluon import loss as gloss, nn

from .registry import model

EXAMPLE_VOCAB = 20


class SkipGram(nn.HybridBlock):
    """(center (batch, 1), contexts_and_negatives (batch, max_len)) -> pred (batch, 1, max_len): inner products
    of each centre word's vector with its contexts' and noise words' vectors."""

    def __init__(self, vocab_size, embed_size, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.embed_v = nn.Embedding(input_dim=vocab_size, output_dim=embed_size)
            self.embed_u = nn.Embedding(input_dim=vocab_size, output_dim=embed_size)

    def __getitem__(self, i):
        return (self.embed_v, self.embed_u)[i]

    def hybrid_forward(self, F, center, contexts_and_negatives):
        v = self.embed_v(center)
        u = self.embed_u(contexts_and_negatives)
        return F.batch_dot(v, u, transpose_b=True)        # the book swaps axes first: same product, 10x slower


class SkipGramLoss(nn.HybridBlock):
    """The book's training loss per example: SigmoidBinaryCrossEntropyLoss over the unmasked entries,
    loss(pred, label, mask) * max_len / mask.sum(axis=1), with the net inside so that one graph runs both."""

    def __init__(self, net, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.net = net
        self.loss = gloss.SigmoidBinaryCrossEntropyLoss()

    def hybrid_forward(self, F, center, contexts_negatives, mask, label):
        pred = F.reshape(self.net(center, contexts_negatives), (0, -1))
        return F.broadcast_div(self.loss(pred, label, mask), F.sum(mask, axis=1) / F.ones_like(mask).sum(axis=1))


def _example(batch_size=2, max_len=6):
    center = nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size, 1)).astype("float32")
    cn = nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size, max_len)).astype("float32")
    return center, cn


@model("skip_gram", example_input=_example)
def skip_gram(vocab_size=EXAMPLE_VOCAB, embed_size=100):
    """SkipGram: centre and context Embedding(vocab_size, 100), batch_dot of their vectors. 10.3."""
    return SkipGram(vocab_size, embed_size)
