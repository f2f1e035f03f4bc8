"""6.5 RNNModel: one-hot input, a gluon.rnn layer, Dense(vocab_size). Book: d2lzh.RNNModel (a plain Block there).

Registered: rnn_rnn (rnn.RNN, ReLU by default as in the book: the scratch RNN of 6.4 uses tanh), rnn_gru, rnn_lstm,
rnn_deep_lstm (num_layers=2, 6.9) and rnn_bi_gru (GRU(128, bidirectional=True), 6.10), with the book's hidden sizes.
vocab_size has no book default (it is the corpus's: 1027 for the lyrics); the registry's is EXAMPLE_VOCAB.
"""
from mxnet import nd
from mxnet.gluon import nn, rnn

from .registry import model

EXAMPLE_VOCAB = 12          # a small vocabulary for the example inputs the parity tests feed


class RNNModel(nn.HybridBlock):
    """(inputs (batch_size, num_steps), state) -> (output (num_steps * batch_size, vocab_size), state)."""

    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        with self.name_scope():
            self.rnn = rnn_layer
            self.dense = nn.Dense(vocab_size)

    def hybrid_forward(self, F, inputs, state):
        X = F.one_hot(F.transpose(inputs), self.vocab_size)        # (num_steps, batch_size, vocab_size)
        Y, state = self.rnn(X, state)
        return self.dense(F.reshape(Y, (-3, 0))), state             # time-major rows, as Y.T.reshape(-1)

    def begin_state(self, *args, **kwargs):
        """The layer's zero state: a list of (num_layers * num_directions, batch_size, num_hiddens) arrays."""
        return self.rnn.begin_state(*args, **kwargs)


def _example(num_hiddens, states=1, layers=1, directions=1):
    """An example_input builder: indices below EXAMPLE_VOCAB and a random state list of the layer's shape."""
    def example_input(batch_size=2, num_steps=5):
        X = nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size, num_steps)).astype("float32")
        return X, [nd.random.normal(scale=0.1, shape=(layers * directions, batch_size, num_hiddens))
                   for _ in range(states)]
    return example_input


@model("rnn_rnn", example_input=_example(256))
def rnn_rnn(vocab_size=EXAMPLE_VOCAB, num_hiddens=256, num_layers=1, bidirectional=False, activation="relu"):
    """RNNModel over rnn.RNN(256): ReLU, Gluon's default, as the book runs it in 6.5 (6.4's scratch uses tanh)."""
    return RNNModel(rnn.RNN(num_hiddens, num_layers=num_layers, activation=activation, bidirectional=bidirectional), vocab_size)


@model("rnn_gru", example_input=_example(256))
def rnn_gru(vocab_size=EXAMPLE_VOCAB, num_hiddens=256, num_layers=1, bidirectional=False):
    """RNNModel over rnn.GRU(256) (reset gate after the recurrent product, unlike the book's scratch GRU). 6.7."""
    return RNNModel(rnn.GRU(num_hiddens, num_layers=num_layers, bidirectional=bidirectional), vocab_size)


@model("rnn_lstm", example_input=_example(256, states=2))
def rnn_lstm(vocab_size=EXAMPLE_VOCAB, num_hiddens=256, num_layers=1, bidirectional=False):
    """RNNModel over rnn.LSTM(256); state [h, c]. 6.8."""
    return RNNModel(rnn.LSTM(num_hiddens, num_layers=num_layers, bidirectional=bidirectional), vocab_size)


@model("rnn_deep_lstm", example_input=_example(256, states=2, layers=2))
def rnn_deep_lstm(vocab_size=EXAMPLE_VOCAB, num_hiddens=256, num_layers=2):
    """RNNModel over rnn.LSTM(256, num_layers=2); 6.9 (num_layers=6 too)."""
    return rnn_lstm(vocab_size, num_hiddens, num_layers)


@model("rnn_bi_gru", example_input=_example(128, directions=2))
def rnn_bi_gru(vocab_size=EXAMPLE_VOCAB, num_hiddens=128, num_layers=1):
    """RNNModel over rnn.GRU(128, bidirectional=True): Dense sees 2 x 128 features. 6.10."""
    return rnn_gru(vocab_size, num_hiddens, num_layers, bidirectional=True)
