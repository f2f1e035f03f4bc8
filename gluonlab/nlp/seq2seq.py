"""10.12 machine translation: data, training with the masked loss, greedy and beam-search translation, BLEU.
Book: d2l-zh v1 §10.12 (read_data, batch_loss, train, translate, bleu) and §10.10 (beam search, prose there).

The book's batch_loss calls asscalar() at every time step to count the tokens that are not padding; here the
count stays an NDArray, so a minibatch needs no synchronisation, and the epoch's loss is read once per epoch.
"""
import collections
import io
import math

import numpy as np
from mxnet import autograd, gluon, init, nd
from mxnet.contrib import text

from ..data.resolve import resolve

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"


def process_one_seq(seq_tokens, all_tokens, all_seqs, max_seq_len):
    """Record the tokens, then pad the sequence with EOS and PADs to max_seq_len (the book's helper)."""
    all_tokens.extend(seq_tokens)
    seq_tokens += [EOS] + [PAD] * (max_seq_len - len(seq_tokens) - 1)
    all_seqs.append(seq_tokens)


def build_data(all_tokens, all_seqs):
    vocab = text.vocab.Vocabulary(collections.Counter(all_tokens), reserved_tokens=[PAD, BOS, EOS])
    return vocab, nd.array([vocab.to_indices(seq) for seq in all_seqs])


def read_data(max_seq_len, path=None):
    """(in_vocab, out_vocab, ArrayDataset of (French, English) index rows) of fr-en-small.txt; pairs longer than
    max_seq_len - 1 tokens are skipped."""
    in_tokens, out_tokens, in_seqs, out_seqs = [], [], [], []
    with io.open(path or resolve("fr-en-small.txt"), encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines:
        in_seq, out_seq = line.rstrip().split("\t")
        in_seq_tokens, out_seq_tokens = in_seq.split(" "), out_seq.split(" ")
        if max(len(in_seq_tokens), len(out_seq_tokens)) > max_seq_len - 1:
            continue
        process_one_seq(in_seq_tokens, in_tokens, in_seqs, max_seq_len)
        process_one_seq(out_seq_tokens, out_tokens, out_seqs, max_seq_len)
    in_vocab, in_data = build_data(in_tokens, in_seqs)
    out_vocab, out_data = build_data(out_tokens, out_seqs)
    return in_vocab, out_vocab, gluon.data.ArrayDataset(in_data, out_data)


def batch_loss(encoder, decoder, X, Y, loss, out_vocab):
    """Mean cross-entropy over the target tokens up to and including each EOS (teacher forcing)."""
    batch_size = X.shape[0]
    enc_outputs, enc_state = encoder(X, encoder.begin_state(batch_size=batch_size, ctx=X.context))
    dec_state = decoder.begin_state(enc_state)
    dec_input = nd.full((batch_size,), out_vocab.token_to_idx[BOS], ctx=X.context)
    mask, num_not_pad_tokens = nd.ones((batch_size,), ctx=X.context), 0
    l = 0
    for y in Y.T:
        dec_output, dec_state = decoder(dec_input, dec_state, enc_outputs)
        l = l + (mask * loss(dec_output, y)).sum()
        dec_input = y                                   # teacher forcing
        num_not_pad_tokens = num_not_pad_tokens + mask.sum()
        mask = mask * (y != out_vocab.token_to_idx[EOS])
    return l / num_not_pad_tokens


def train(encoder, decoder, dataset, lr, batch_size, num_epochs, out_vocab, ctx=None, report=print):
    """The book's train: Xavier init, Adam on each part, a loss line every 10 epochs; returns those lines' rows."""
    for net in (encoder, decoder):
        net.initialize(init.Xavier(), force_reinit=True, ctx=ctx)
    trainers = [gluon.Trainer(net.collect_params(), "adam", {"learning_rate": lr}) for net in (encoder, decoder)]
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    data_iter = gluon.data.DataLoader(dataset, batch_size, shuffle=True)
    history = []
    for epoch in range(num_epochs):
        l_sum = nd.zeros(1, ctx=ctx)
        for X, Y in data_iter:
            X, Y = X.as_in_context(ctx), Y.as_in_context(ctx)
            with autograd.record():
                l = batch_loss(encoder, decoder, X, Y, loss, out_vocab)
            l.backward()
            for trainer in trainers:
                trainer.step(1)
            l_sum += l
        if (epoch + 1) % 10 == 0:
            history.append({"epoch": epoch + 1, "loss": l_sum.asscalar() / len(data_iter)})
            report("epoch %d, loss %.3f" % (epoch + 1, history[-1]["loss"]))
    return history


def _encode(encoder, input_seq, in_vocab, max_seq_len, ctx):
    in_tokens = input_seq.split(" ")
    in_tokens += [EOS] + [PAD] * (max_seq_len - len(in_tokens) - 1)
    enc_input = nd.array([in_vocab.to_indices(in_tokens)], ctx=ctx)
    return encoder(enc_input, encoder.begin_state(batch_size=1, ctx=ctx))


def translate(encoder, decoder, input_seq, max_seq_len, in_vocab, out_vocab, ctx=None):
    """Greedy decoding: the most likely token at each step until EOS or max_seq_len tokens."""
    enc_output, enc_state = _encode(encoder, input_seq, in_vocab, max_seq_len, ctx)
    dec_input = nd.array([out_vocab.token_to_idx[BOS]], ctx=ctx)
    dec_state = decoder.begin_state(enc_state)
    output_tokens = []
    for _ in range(max_seq_len):
        dec_output, dec_state = decoder(dec_input, dec_state, enc_output)
        pred = dec_output.argmax(axis=1)
        pred_token = out_vocab.idx_to_token[int(pred.asscalar())]
        if pred_token == EOS:
            break
        output_tokens.append(pred_token)
        dec_input = pred
    return output_tokens


def beam_search(encoder, decoder, input_seq, max_seq_len, in_vocab, out_vocab, beam_size=2, alpha=0.75, ctx=None):
    """§10.10's beam search: keep the beam_size most likely prefixes at each step; of every candidate that ended
    (EOS) or reached max_seq_len, return the one with the largest log-probability / L^alpha, L its length."""
    enc_output, enc_state = _encode(encoder, input_seq, in_vocab, max_seq_len, ctx)
    beams, done = [([], 0.0, decoder.begin_state(enc_state))], []
    eos = out_vocab.token_to_idx[EOS]
    for _ in range(max_seq_len):
        candidates = []
        for tokens, logp, state in beams:
            last = tokens[-1] if tokens else out_vocab.token_to_idx[BOS]
            out, new_state = decoder(nd.array([last], ctx=ctx), state, enc_output)
            logprobs = nd.log_softmax(out, axis=1)[0].asnumpy()
            for i in np.argsort(-logprobs)[:beam_size]:
                candidates.append((tokens + [int(i)], logp + float(logprobs[i]), new_state))
        candidates.sort(key=lambda c: -c[1])
        beams = []
        for tokens, logp, state in candidates[:beam_size]:
            (done if tokens[-1] == eos else beams).append((tokens, logp, state))
        if not beams:
            break
    done += beams
    best = max(done, key=lambda c: c[1] / len(c[0]) ** alpha)[0]
    return [out_vocab.idx_to_token[i] for i in best if i != eos]


def bleu(pred_tokens, label_tokens, k):
    """BLEU with n-grams up to k: the brevity penalty times each n-gram precision to the power 1/2^n."""
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, k + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[''.join(label_tokens[i: i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[''.join(pred_tokens[i: i + n])] > 0:
                num_matches += 1
                label_subs[''.join(pred_tokens[i: i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score
