"""6.5 RNNModel: one-hot input, a gluon.rnn layer, Dense(vocab_size). Book: d2lzh.RNNModel (a plain Block there).

Registered: rnn_rnn (rnn.RNN, ReLU by default as in the book: the scratch RNN of 6.4 uses tanh), rnn_gru, rnn_lstm,
rnn_deep_lstm (num_layers=2, 6.9) and rnn_bi_gru (GRU(128, bidirectional=True), 6.10), with the book's hidden sizes.
vocab_size has no book default (it is the corpus's: 1027 for the lyrics); the registry's is EXAMPLE_VOCAB.
"""
import numpy as np
from mxnet import nd
from mxnet.gluon import nn, rnn

from .registry import model

EXAMPLE_VOCAB = 12          # a small vocabulary for the example inputs the parity tests feed


class _TrainGraph:
    """RNNModel.train_forward's graph and the flags to hybridize it with. Held outside gluon's view: as an
    attribute the graph would be registered as a child Block, and its shared layers saved twice (a fresh model
    could not load the file); in a list or dict gluon warns on every collect_params()."""

    def __init__(self):
        self.core, self.flags = None, (False, {})


class RNNModel(nn.HybridBlock):
    """(inputs (batch_size, num_steps), state) -> (output (num_steps * batch_size, vocab_size), state)."""

    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        with self.name_scope():
            self.rnn = rnn_layer
            self.dense = nn.Dense(vocab_size)
        self._train_graph = _TrainGraph()

    def hybrid_forward(self, F, inputs, state):
        X = F.one_hot(F.transpose(inputs), self.vocab_size)        # (num_steps, batch_size, vocab_size)
        Y, state = self.rnn(X, state)
        return self.dense(F.reshape(Y, (-3, 0))), state             # time-major rows, as Y.T.reshape(-1)

    def begin_state(self, *args, **kwargs):
        """The layer's zero state: a list of (num_layers * num_directions, batch_size, num_hiddens) arrays."""
        return self.rnn.begin_state(*args, **kwargs)

    def hybridize(self, active=True, **kwargs):
        super().hybridize(active, **kwargs)
        self._train_graph.core, self._train_graph.flags = None, (active, kwargs)   # rebuilt alike when next used

    def train_forward(self, inputs, state):
        """self(inputs, state) through the columns of the first layer's input weights that the minibatch's
        characters pick (GatheredInputs): the same values, a third of the input product. Trainers call it.
        The first call, which completes the book's deferred initialization, takes the book's path."""
        core = self._train_graph.core
        if core is None and any(p._deferred_init for p in self.collect_params().values()):
            return self(inputs, state)
        X = inputs.asnumpy()
        cols, positions = np.unique(X, return_inverse=True)
        width = GatheredInputs.width_for(len(cols), self.vocab_size)
        if core is None or core.width < width:      # widths only grow: a handful of graphs per run
            core = self._train_graph.core = GatheredInputs(self.rnn, self.dense, width)
            active, flags = self._train_graph.flags
            core.hybridize(active, **flags)
        cols = np.concatenate([cols, np.full(core.width - len(cols), cols[0])])
        ctx = inputs.context
        out, *state = core(nd.array(positions.reshape(X.shape), ctx=ctx), nd.array(cols, ctx=ctx), *state)
        return out, state


class GatheredInputs(nn.HybridBlock):
    """RNNModel's forward with the one-hot product narrowed to the characters present (shares its layers).

    The book feeds one-hot rows of vocab_size columns to the layer, whose first product X W_ih^T then costs
    (steps * batch) x vocab x gates*hiddens: 65% of a 6.8 Gluon LSTM minibatch on one thread (1027 characters;
    a minibatch of 32 x 35 holds 390-450 distinct ones). Here W_ih's columns of the minibatch's characters are
    gathered (take; its backward adds each column's gradient back into W_ih) and the one-hot rows index them,
    padded to `width` (a multiple of 128) with repeats of the first column, which no row selects. A one-hot row
    times W_ih^T is exactly one column, so outputs and states are the book path's bit for bit; W_ih's gradient
    has the same terms (the other columns' are exact zeros) and matches it to float32 rounding
    (tests/test_rnn_gathered.py). The same fused RNN operator runs, through the layer's own _forward_kernel.
    """

    STEP = 128

    def __init__(self, rnn_layer, dense, width, **kwargs):
        super().__init__(**kwargs)
        self.width = width
        self.rnn, self.dense = rnn_layer, dense       # RNNModel's own blocks: the same Parameters

    @classmethod
    def width_for(cls, distinct, vocab_size):
        return min(vocab_size, -(-distinct // cls.STEP) * cls.STEP)

    def hybrid_forward(self, F, positions, cols, *state):
        layer = self.rnn
        params = {name: (p.var() if F is not nd else p.data(positions.context))
                  for name, p in layer._reg_params.items()}
        for d in ("l", "r")[:layer._dir]:
            params[f"{d}0_i2h_weight"] = F.take(params[f"{d}0_i2h_weight"], cols, axis=1)
        X = F.one_hot(F.transpose(positions), self.width)               # (num_steps, batch_size, width)
        Y, state = layer._forward_kernel(F, X, list(state), None, **params)
        return (self.dense(F.reshape(Y, (-3, 0))),) + tuple(state)


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
