"""The book's own 10.3 code, kept as the oracle and the bench's d2lzh side: its notebook cells as printed
(discard, get_centers_and_contexts, get_negatives, batchify, skip_gram, train; d2lzh has no copy of them), run
on the first `sentences` sentences of ptb.train.txt, with d2lzh.try_gpu as the book calls it.
"""
import collections
import math
import random
import sys
import time

from mxnet import autograd, gluon, nd
from mxnet.gluon import data as gdata, loss as gloss, nn


def get_centers_and_contexts(dataset, max_window_size):
    centers, contexts = [], []
    for st in dataset:
        if len(st) < 2:
            continue
        centers += st
        for center_i in range(len(st)):
            window_size = random.randint(1, max_window_size)
            indices = list(range(max(0, center_i - window_size), min(len(st), center_i + 1 + window_size)))
            indices.remove(center_i)
            contexts.append([st[idx] for idx in indices])
    return centers, contexts


def get_negatives(all_contexts, sampling_weights, K):
    all_negatives, neg_candidates, i = [], [], 0
    population = list(range(len(sampling_weights)))
    for contexts in all_contexts:
        negatives = []
        while len(negatives) < len(contexts) * K:
            if i == len(neg_candidates):
                i, neg_candidates = 0, random.choices(population, sampling_weights, k=int(1e5))
            neg, i = neg_candidates[i], i + 1
            if neg not in set(contexts):
                negatives.append(neg)
        all_negatives.append(negatives)
    return all_negatives


def batchify(data):
    max_len = max(len(c) + len(n) for _, c, n in data)
    centers, contexts_negatives, masks, labels = [], [], [], []
    for center, context, negative in data:
        cur_len = len(context) + len(negative)
        centers += [center]
        contexts_negatives += [context + negative + [0] * (max_len - cur_len)]
        masks += [[1] * cur_len + [0] * (max_len - cur_len)]
        labels += [[1] * len(context) + [0] * (max_len - len(context))]
    return (nd.array(centers).reshape((-1, 1)), nd.array(contexts_negatives), nd.array(masks), nd.array(labels))


def skip_gram(center, contexts_and_negatives, embed_v, embed_u):
    v = embed_v(center)
    u = embed_u(contexts_and_negatives)
    return nd.batch_dot(v, u.swapaxes(1, 2))


def data_iter_of(raw_dataset, batch_size=512):
    """The book's cells from the counter to the DataLoader (4 workers off Windows, as the book runs it)."""
    counter = collections.Counter([tk for st in raw_dataset for tk in st])
    counter = dict(filter(lambda x: x[1] >= 5, counter.items()))
    idx_to_token = [tk for tk, _ in counter.items()]
    token_to_idx = {tk: idx for idx, tk in enumerate(idx_to_token)}
    dataset = [[token_to_idx[tk] for tk in st if tk in token_to_idx] for st in raw_dataset]
    num_tokens = sum([len(st) for st in dataset])

    def discard(idx):
        return random.uniform(0, 1) < 1 - math.sqrt(1e-4 / counter[idx_to_token[idx]] * num_tokens)

    subsampled_dataset = [[tk for tk in st if not discard(tk)] for st in dataset]
    all_centers, all_contexts = get_centers_and_contexts(subsampled_dataset, 5)
    sampling_weights = [counter[w]**0.75 for w in idx_to_token]
    all_negatives = get_negatives(all_contexts, sampling_weights, 5)
    num_workers = 0 if sys.platform.startswith('win32') else 4
    dataset = gdata.ArrayDataset(all_centers, all_contexts, all_negatives)
    data_iter = gdata.DataLoader(dataset, batch_size, shuffle=True, batchify_fn=batchify, num_workers=num_workers)
    return data_iter, idx_to_token, token_to_idx


def train(net, data_iter, lr, num_epochs, batch_size=512):
    import d2lzh as d2l
    ctx = d2l.try_gpu()
    net.initialize(ctx=ctx, force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    loss = gloss.SigmoidBinaryCrossEntropyLoss()
    for epoch in range(num_epochs):
        start, l_sum, n = time.time(), 0.0, 0
        for batch in data_iter:
            center, context_negative, mask, label = [data.as_in_context(ctx) for data in batch]
            with autograd.record():
                pred = skip_gram(center, context_negative, net[0], net[1])
                l = (loss(pred.reshape(label.shape), label, mask) * mask.shape[1] / mask.sum(axis=1))
            l.backward()
            trainer.step(batch_size)
            l_sum += l.sum().asscalar()
            n += l.size
        print('epoch %d, loss %.2f, time %.2fs' % (epoch + 1, l_sum / n, time.time() - start))


def book_net(vocab_size, embed_size=100):
    net = nn.Sequential()
    net.add(nn.Embedding(input_dim=vocab_size, output_dim=embed_size),
            nn.Embedding(input_dim=vocab_size, output_dim=embed_size))
    return net
