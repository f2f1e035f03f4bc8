"""10.7 BiRNN and 10.8 TextCNN for sentiment. Book: d2l-zh v1 §10.7 (BiRNN), §10.8 (TextCNN); nn.Blocks there.

The same layers and forward computations as HybridBlocks, built from a vocabulary size (the book passes the
vocabulary and takes its len). Where the book indexes a sequence (outputs[0], outputs[-1]), the graph slices it.
"""
from mxnet import nd
from mxnet.gluon import nn, rnn

from .registry import model

EXAMPLE_VOCAB, EXAMPLE_WORDS = 30, 8


class BiRNN(nn.HybridBlock):
    """(inputs (batch, words)) -> (batch, 2): a bidirectional LSTM over the embeddings; Dense(2) on the first
    and last time steps' outputs joined."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, embed_size)
            self.encoder = rnn.LSTM(num_hiddens, num_layers=num_layers, bidirectional=True, input_size=embed_size)
            self.decoder = nn.Dense(2)

    def hybrid_forward(self, F, inputs):
        embeddings = self.embedding(F.transpose(inputs))          # (words, batch, embed_size)
        outputs = self.encoder(embeddings)                        # (words, batch, 2 * num_hiddens)
        first = F.squeeze(F.slice_axis(outputs, axis=0, begin=0, end=1), axis=0)
        last = F.squeeze(F.slice_axis(outputs, axis=0, begin=-1, end=None), axis=0)
        return self.decoder(F.concat(first, last, dim=1))


class TextCNN(nn.HybridBlock):
    """(inputs (batch, words)) -> (batch, 2): a trained and a fixed embedding joined, one Conv1D per kernel size,
    max-over-time pooling, dropout 0.5, Dense(2)."""

    def __init__(self, vocab_size, embed_size, kernel_sizes, num_channels, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, embed_size)
            self.constant_embedding = nn.Embedding(vocab_size, embed_size)     # not trained (grad_req null)
            self.dropout = nn.Dropout(0.5)
            self.decoder = nn.Dense(2)
            self.pool = nn.GlobalMaxPool1D()                 # no weights: one instance for every conv
            self.convs = nn.HybridSequential()
            for c, k in zip(num_channels, kernel_sizes):
                self.convs.add(nn.Conv1D(c, k, activation="relu"))

    def hybrid_forward(self, F, inputs):
        embeddings = F.concat(self.embedding(inputs), self.constant_embedding(inputs), dim=2)
        embeddings = F.transpose(embeddings, axes=(0, 2, 1))    # channels (the vector entries) first, as Conv1D wants
        encoding = F.concat(*[F.flatten(self.pool(conv(embeddings))) for conv in self.convs], dim=1)
        return self.decoder(self.dropout(encoding))


def _example(batch_size=2):
    return (nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size, EXAMPLE_WORDS)).astype("float32"),)


@model("bi_rnn_sentiment", example_input=_example)
def bi_rnn_sentiment(vocab_size=EXAMPLE_VOCAB, embed_size=100, num_hiddens=100, num_layers=2):
    """BiRNN: Embedding(vocab, 100), bidirectional LSTM(100, 2 layers), Dense(2). 10.7."""
    return BiRNN(vocab_size, embed_size, num_hiddens, num_layers)


@model("text_cnn", example_input=_example, train_mode_random=True)
def text_cnn(vocab_size=EXAMPLE_VOCAB, embed_size=100, kernel_sizes=(3, 4, 5), num_channels=(100, 100, 100)):
    """TextCNN: two Embedding(vocab, 100), Conv1D(100, 3/4/5), max-over-time pooling, dropout, Dense(2). 10.8."""
    return TextCNN(vocab_size, embed_size, kernel_sizes, num_channels)
