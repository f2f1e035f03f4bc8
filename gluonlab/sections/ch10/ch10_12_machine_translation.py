"""10.12 Machine translation. Book: d2l-zh v1 §10.12 (Encoder, Decoder with attention, train, translate, bleu)."""
from dataclasses import dataclass

from mxnet import nd

from ... import models
from ...config import RunConfig
from ...models.seq2seq import attention_forward, attention_model
from ...nlp import seq2seq
from ...registry import Result, section

ID, SLUG, TITLE = "10.12", "machine-translation", "Machine translation"
# The book's two scored examples: (French, reference English); it prints BLEU 1.000 and 0.658 for them.
EXAMPLES = (("ils regardent .", "they are watching ."), ("ils sont canadiens .", "they are canadian ."))


@dataclass(frozen=True)
class Config(RunConfig):
    max_seq_len: int = 7
    embed_size: int = 64
    num_hiddens: int = 64
    num_layers: int = 2
    attention_size: int = 10
    drop_prob: float = 0.5
    lr: float = 0.01
    batch_size: int = 2
    num_epochs: int = 50
    beam_size: int = 2
    QUICK = {"num_epochs": 10}


def demos(report):
    """The book's shape checks: an encoder's outputs and state, and the attention's context vector."""
    encoder = models.get("seq2seq_encoder", vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
    encoder.initialize()
    output, state = encoder(nd.zeros((4, 7)), encoder.begin_state(batch_size=4))
    report((output.shape, state[0].shape))
    model = attention_model(10)
    model.initialize()
    report(attention_forward(model, nd.zeros((10, 4, 8)), nd.zeros((4, 8))).shape)


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    in_vocab, out_vocab, dataset = seq2seq.read_data(cfg.max_seq_len)
    report(dataset[0])
    demos(report)
    ctx = cfg.context()
    encoder = models.get("seq2seq_encoder", vocab_size=len(in_vocab), embed_size=cfg.embed_size,
                         num_hiddens=cfg.num_hiddens, num_layers=cfg.num_layers, drop_prob=cfg.drop_prob)
    decoder = models.get("seq2seq_attention_decoder", vocab_size=len(out_vocab), embed_size=cfg.embed_size,
                         num_hiddens=cfg.num_hiddens, num_layers=cfg.num_layers,
                         attention_size=cfg.attention_size, drop_prob=cfg.drop_prob)
    if cfg.hybridize:
        encoder.hybridize(static_alloc=True)
        decoder.hybridize(static_alloc=True)
    history = seq2seq.train(encoder, decoder, dataset, cfg.lr, cfg.batch_size, cfg.num_epochs, out_vocab, ctx,
                            report)
    final = {"loss": history[-1]["loss"]} if history else {}
    args = (cfg.max_seq_len, in_vocab, out_vocab)
    for i, (fr, en) in enumerate(EXAMPLES):
        pred = seq2seq.translate(encoder, decoder, fr, *args, ctx=ctx)
        score = seq2seq.bleu(pred, en.split(" "), k=2) if pred else 0.0
        report("bleu %.3f, predict: %s" % (score, " ".join(pred)))
        beam = seq2seq.beam_search(encoder, decoder, fr, *args, beam_size=cfg.beam_size, ctx=ctx)
        report(f"  beam search (size {cfg.beam_size}, §10.10): {' '.join(beam)}")
        final.update({f"bleu_{i + 1}": score, f"translation_{i + 1}": " ".join(pred),
                      f"beam_translation_{i + 1}": " ".join(beam)})
    return Result(history, final)
