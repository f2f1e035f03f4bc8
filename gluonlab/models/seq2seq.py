"""10.12 encoder-decoder with attention. Book: d2l-zh v1 §10.12 (Encoder, attention_model, attention_forward,
Decoder; plain Blocks there).

The same layers and forward computations as HybridBlocks. Where the book reads a shape at run time
(broadcast_axis(..., size=enc_states.shape[0]), state[0][-1]), the graph uses broadcast_like and slice_axis, which
give the same values without knowing the shape.
"""
from mxnet import nd
from mxnet.gluon import nn, rnn

from .registry import model

EXAMPLE_VOCAB, EXAMPLE_STEPS = 12, 7


class Encoder(nn.HybridBlock):
    """(inputs (batch, steps), state) -> (outputs (steps, batch, num_hiddens), state): embedding, then a GRU."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, drop_prob=0, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, embed_size)
            self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)

    def hybrid_forward(self, F, inputs, state):
        # (batch, steps) in, time-major into the GRU
        embedding = F.swapaxes(self.embedding(inputs), 0, 1)
        return self.rnn(embedding, state)

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


def attention_model(attention_size):
    """The scoring network: Dense(attention_size, tanh) then Dense(1), both without bias, over the last axis."""
    model = nn.HybridSequential()
    model.add(nn.Dense(attention_size, activation="tanh", use_bias=False, flatten=False),
              nn.Dense(1, use_bias=False, flatten=False))
    return model


def attention_forward(model, enc_states, dec_state, F=nd):
    """The context vector (batch, num_hiddens): enc_states (steps, batch, h) weighted by the softmax over steps
    of model([enc_state, dec_state])."""
    dec_states = F.broadcast_like(F.expand_dims(dec_state, 0), enc_states, lhs_axes=(0,), rhs_axes=(0,))
    enc_and_dec_states = F.concat(enc_states, dec_states, dim=2)
    e = model(enc_and_dec_states)                       # (steps, batch, 1)
    alpha = F.softmax(e, axis=0)                        # over the time steps
    return F.sum(F.broadcast_mul(alpha, enc_states), axis=0)


class Decoder(nn.HybridBlock):
    """(cur_input (batch,), state, enc_states) -> (output (batch, vocab_size), state): one decoding step, its
    GRU fed the embedded input joined to the attention's context vector."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, attention_size, drop_prob=0, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, embed_size)
            self.attention = attention_model(attention_size)
            self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)
            self.out = nn.Dense(vocab_size, flatten=False)

    def hybrid_forward(self, F, cur_input, state, enc_states):
        top = F.squeeze(F.slice_axis(state[0], axis=0, begin=-1, end=None), axis=0)     # the book's state[0][-1]
        c = attention_forward(self.attention, enc_states, top, F)
        input_and_c = F.concat(self.embedding(cur_input), c, dim=1)
        output, state = self.rnn(F.expand_dims(input_and_c, 0), state)
        return F.squeeze(self.out(output), axis=0), state

    def begin_state(self, enc_state):
        """The encoder's final hidden state starts the decoder."""
        return enc_state


def _encoder_example(batch_size=2, num_hiddens=64, num_layers=2):
    X = nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size, EXAMPLE_STEPS)).astype("float32")
    return X, [nd.random.normal(scale=0.1, shape=(num_layers, batch_size, num_hiddens))]


def _decoder_example(batch_size=2, num_hiddens=64, num_layers=2):
    x = nd.random.randint(0, EXAMPLE_VOCAB, shape=(batch_size,)).astype("float32")
    state = [nd.random.normal(scale=0.1, shape=(num_layers, batch_size, num_hiddens))]
    return x, state, nd.random.normal(scale=0.1, shape=(EXAMPLE_STEPS, batch_size, num_hiddens))


@model("seq2seq_encoder", example_input=_encoder_example)
def seq2seq_encoder(vocab_size=EXAMPLE_VOCAB, embed_size=64, num_hiddens=64, num_layers=2, drop_prob=0.0):
    """Encoder: Embedding(vocab, 64), GRU(64, 2 layers); 10.12 trains it with dropout 0.5."""
    return Encoder(vocab_size, embed_size, num_hiddens, num_layers, drop_prob)


@model("seq2seq_attention_decoder", example_input=_decoder_example)
def seq2seq_attention_decoder(vocab_size=EXAMPLE_VOCAB, embed_size=64, num_hiddens=64, num_layers=2,
                              attention_size=10, drop_prob=0.0):
    """Decoder with attention: Embedding(vocab, 64), attention(10), GRU(64, 2 layers), Dense(vocab). 10.12."""
    return Decoder(vocab_size, embed_size, num_hiddens, num_layers, attention_size, drop_prob)
