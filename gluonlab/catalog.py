"""The table of contents: every section gluonlab knows, with its id, slug and title.

Chapters 3-6 and 8 of the book (d2l-zh v1) by their book numbers; S2.x, a feed-forward lab's experiments
(moons data, a Runner, gradient probes); S4.x, a PyTorch course's runs of chapter 3 and 6 sections.

This is data, not a registry: a section becomes implemented when its module registers it with
`@section` (gluonlab.registry), which checks the id, slug and title against this table.
"""
import re

SECTIONS = [
    ("3.1", "linear-regression", "Linear regression"),
    ("3.2", "linear-regression-scratch", "Linear regression from scratch"),
    ("3.3", "linear-regression-gluon", "Concise linear regression (Gluon)"),
    ("3.4", "softmax-regression", "Softmax regression"),
    ("3.5", "fashion-mnist", "Image classification data set (Fashion-MNIST)"),
    ("3.6", "softmax-regression-scratch", "Softmax regression from scratch"),
    ("3.7", "softmax-regression-gluon", "Concise softmax regression (Gluon)"),
    ("3.8", "mlp", "Multilayer perceptron"),
    ("3.9", "mlp-scratch", "MLP from scratch"),
    ("3.10", "mlp-gluon", "Concise MLP (Gluon)"),
    ("3.11", "underfit-overfit", "Model selection, underfitting and overfitting"),
    ("3.12", "weight-decay", "Weight decay"),
    ("3.13", "dropout", "Dropout"),
    ("3.14", "backprop", "Forward/back propagation and computational graphs"),
    ("3.15", "numerical-stability", "Numerical stability and model initialization"),
    ("3.16", "kaggle-house-price", "Kaggle: house price prediction"),
    ("4.1", "model-construction", "Model construction"),
    ("4.2", "parameters", "Parameter access, initialization and sharing"),
    ("4.3", "deferred-init", "Deferred initialization"),
    ("4.4", "custom-layer", "Custom layers"),
    ("4.5", "read-write", "File I/O (save/load)"),
    ("4.6", "use-gpu", "GPU computation"),
    ("5.1", "conv-layer", "2D convolutional layer"),
    ("5.10", "batch-norm", "Batch normalization"),
    ("6.3", "lang-model-dataset", "Language-model data set (Jay Chou lyrics)"),
    ("6.4", "rnn-scratch", "RNN from scratch"),
    ("6.5", "rnn-gluon", "Concise RNN (Gluon)"),
    ("6.6", "bptt", "Back-propagation through time"),
    ("6.7", "gru", "Gated recurrent unit (GRU)"),
    ("6.8", "lstm", "Long short-term memory (LSTM)"),
    ("6.9", "deep-rnn", "Deep RNNs"),
    ("6.10", "bi-rnn", "Bidirectional RNNs"),
    ("8.1", "hybridize", "Hybrid (imperative + symbolic) programming"),
    ("8.2", "async-computation", "Asynchronous computation"),
    ("8.5", "multiple-gpus-gluon", "Concise multi-GPU computation"),
    ("S2.1", "moons-data", "Feed-forward lab: Moon1000 data"),
    ("S2.2", "runner", "Feed-forward lab: Runner"),
    ("S2.3", "mlp-2layer", "Feed-forward lab: two-layer MLP"),
    ("S2.4", "mlp-3layer", "Feed-forward lab: three-layer MLP"),
    ("S2.5", "zero-init", "Feed-forward lab: zero initialization and symmetry"),
    ("S2.6", "mlp-5layer-grads", "Feed-forward lab: five-layer net for gradient experiments"),
    ("S2.7", "vanishing-gradients", "Feed-forward lab: vanishing gradients, sigmoid vs ReLU"),
    ("S2.8", "dead-relu", "Feed-forward lab: dead ReLU"),
    ("S2.9", "leaky-relu", "Feed-forward lab: Leaky ReLU fix"),
    ("S4.1", "course-poly-fit", "Course variant: polynomial fitting (3.11)"),
    ("S4.2", "course-weight-decay", "Course variant: weight decay (3.12)"),
    ("S4.3", "course-dropout", "Course variant: dropout (3.13)"),
    ("S4.4", "course-house-price", "Course variant: house prices (3.16)"),
    ("S4.5", "course-gru", "Course variant: GRU with Adam (6.7)"),
    ("S4.6", "course-lstm", "Course variant: LSTM with Adam (6.8)"),
    ("S4.7", "course-deep-rnn", "Course variant: deep LSTM (6.9)"),
    ("S4.8", "course-bi-rnn", "Course variant: bidirectional GRU (6.10)"),
]

BY_ID = {sid: (sid, slug, title) for sid, slug, title in SECTIONS}
BY_SLUG = {slug: (sid, slug, title) for sid, slug, title in SECTIONS}


def stem(sid):
    """Module and script stem of a section: '3.7' -> 'ch3_07_softmax_regression_gluon'."""
    _, slug, _ = BY_ID[sid]
    m = re.match(r"^(S?)(\d+)\.(\d+)$", sid)
    prefix = {"": "ch", "S": "lab" if sid.startswith("S2") else "course"}[m.group(1)]
    if sid.startswith("S4"):
        prefix = "course"
    return f"{prefix}{m.group(2)}_{int(m.group(3)):02d}_{slug.replace('-', '_')}"


def sort_key(sid):
    """Book order: chapters numerically, then the S2 lab, then the S4 course."""
    m = re.match(r"^(S?)(\d+)\.(\d+)$", sid)
    return (1 if m.group(1) else 0, int(m.group(2)), int(m.group(3)))
