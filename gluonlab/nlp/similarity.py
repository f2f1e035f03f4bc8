"""10.6 nearest words and analogies with pretrained vectors. Book: d2l-zh v1 §10.6 (knn, get_similar_tokens,
get_analogy)."""
from mxnet import nd


def knn(W, x, k):
    """(indices, cosines) of the k rows of W most similar to x; 1e-9 is the book's stabiliser."""
    cos = nd.dot(W, x.reshape((-1,))) / ((nd.sum(W * W, axis=1) + 1e-9).sqrt() * nd.sum(x * x).sqrt())
    topk = nd.topk(cos, k=k, ret_typ="indices").asnumpy().astype("int32")
    cos = cos.asnumpy()
    return topk, [float(cos[i]) for i in topk]


def get_similar_tokens(query_token, k, embed, report=print):
    """The k nearest tokens to query_token (itself left out), printed as the book prints them."""
    topk, cos = knn(embed.idx_to_vec, embed.get_vecs_by_tokens([query_token]), k + 1)
    out = [(embed.idx_to_token[i], c) for i, c in zip(topk[1:], cos[1:])]
    for token, c in out:
        report("cosine sim=%.3f: %s" % (c, token))
    return out


def get_analogy(token_a, token_b, token_c, embed):
    """d such that a : b = c : d, the token nearest to vec(b) - vec(a) + vec(c)."""
    vecs = embed.get_vecs_by_tokens([token_a, token_b, token_c])
    x = vecs[1] - vecs[0] + vecs[2]
    topk, _ = knn(embed.idx_to_vec, x, 1)
    return embed.idx_to_token[topk[0]]
