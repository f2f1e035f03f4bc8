"""The table of contents: every section gluonlab knows, with its id, slug and title.

The book's sections with code (d2l-zh v1) by their book numbers; S2.x, a feed-forward lab's experiments
(moons data, a Runner, gradient probes); S4.x, a PyTorch course's runs of chapter 3 and 6 sections.

This is data, not a registry: a section becomes implemented when its module registers it with
`@section` (gluonlab.registry), which checks the id, slug and title against this table.

BOOK is the book's whole table of contents (chapters 1-10, `gluonlab list --all`); its sections that SECTIONS
does not hold are outside gluonlab's scope, and run/compare say so.
"""
import re

SECTIONS = [
    ("2.2", "ndarray", "Data manipulation (NDArray)"),
    ("2.3", "autograd", "Automatic differentiation"),
    ("2.4", "lookup-api", "Looking up the documentation"),
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
    ("5.2", "padding-and-strides", "Padding and stride"),
    ("5.3", "channels", "Multiple input and output channels"),
    ("5.4", "pooling", "Pooling"),
    ("5.5", "lenet", "Convolutional neural networks (LeNet)"),
    ("5.6", "alexnet", "Deep convolutional neural networks (AlexNet)"),
    ("5.7", "vgg", "Networks using blocks (VGG)"),
    ("5.8", "nin", "Network in network (NiN)"),
    ("5.9", "googlenet", "Networks with parallel concatenations (GoogLeNet)"),
    ("5.10", "batch-norm", "Batch normalization"),
    ("5.11", "resnet", "Residual networks (ResNet)"),
    ("5.12", "densenet", "Densely connected networks (DenseNet)"),
    ("6.1", "lang-model", "Language models"),
    ("6.2", "rnn", "Recurrent neural networks"),
    ("6.3", "lang-model-dataset", "Language-model data set (Jay Chou lyrics)"),
    ("6.4", "rnn-scratch", "RNN from scratch"),
    ("6.5", "rnn-gluon", "Concise RNN (Gluon)"),
    ("6.6", "bptt", "Back-propagation through time"),
    ("6.7", "gru", "Gated recurrent unit (GRU)"),
    ("6.8", "lstm", "Long short-term memory (LSTM)"),
    ("6.9", "deep-rnn", "Deep RNNs"),
    ("6.10", "bi-rnn", "Bidirectional RNNs"),
    ("7.1", "optimization-intro", "Optimization and deep learning"),
    ("7.2", "gd-sgd", "Gradient descent and stochastic gradient descent"),
    ("7.3", "minibatch-sgd", "Minibatch stochastic gradient descent"),
    ("7.4", "momentum", "Momentum"),
    ("7.5", "adagrad", "AdaGrad"),
    ("7.6", "rmsprop", "RMSProp"),
    ("7.7", "adadelta", "AdaDelta"),
    ("7.8", "adam", "Adam"),
    ("8.1", "hybridize", "Hybrid (imperative + symbolic) programming"),
    ("8.2", "async-computation", "Asynchronous computation"),
    ("8.3", "auto-parallelism", "Automatic parallelism"),
    ("8.4", "multiple-gpus", "Multi-GPU computation"),
    ("8.5", "multiple-gpus-gluon", "Concise multi-GPU computation"),
    ("9.1", "image-augmentation", "Image augmentation"),
    ("9.2", "fine-tuning", "Fine-tuning"),
    ("9.3", "bounding-box", "Object detection and bounding boxes"),
    ("9.4", "anchor", "Anchor boxes"),
    ("9.5", "multiscale-object-detection", "Multiscale object detection"),
    ("9.6", "object-detection-dataset", "Object detection data set (Pikachu)"),
    ("9.7", "ssd", "Single shot multibox detection (SSD)"),
    ("9.8", "rcnn", "Region-based CNNs (R-CNN)"),
    ("9.9", "semantic-segmentation-and-dataset", "Semantic segmentation and the data set"),
    ("9.10", "fcn", "Fully convolutional networks (FCN)"),
    ("9.11", "neural-style", "Neural style transfer"),
    ("9.12", "kaggle-gluon-cifar10", "Kaggle: image classification (CIFAR-10)"),
    ("9.13", "kaggle-gluon-dog", "Kaggle: dog breed identification (ImageNet Dogs)"),
    ("10.3", "word2vec-gluon", "Implementation of word2vec"),
    ("10.6", "similarity-analogy", "Finding synonyms and analogies"),
    ("10.7", "sentiment-analysis-rnn", "Text sentiment classification: using RNNs"),
    ("10.8", "sentiment-analysis-cnn", "Text sentiment classification: using CNNs (textCNN)"),
    ("10.12", "machine-translation", "Machine translation"),
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

# The book's whole table of contents (d2l-zh v1, chapters 1-10): (number, title, Chinese title, the book's folder)
# per chapter, and
# (id, the book's page name, title, Chinese title) per section in each chapter's toctree order (chapter_*/index.md
# of github.com/d2l-ai/d2l-zh, branch v1). Chapter 1 is a single page. A section of the book that is not in
# SECTIONS above is outside gluonlab's scope; book ids and gluonlab ids are the same numbers.
CHAPTERS = [
    ("1", "Introduction to deep learning", "深度学习简介", "chapter_introduction"),
    ("2", "Prerequisites", "预备知识", "chapter_prerequisite"),
    ("3", "Deep learning basics", "深度学习基础", "chapter_deep-learning-basics"),
    ("4", "Deep learning computation", "深度学习计算", "chapter_deep-learning-computation"),
    ("5", "Convolutional neural networks", "卷积神经网络", "chapter_convolutional-neural-networks"),
    ("6", "Recurrent neural networks", "循环神经网络", "chapter_recurrent-neural-networks"),
    ("7", "Optimization algorithms", "优化算法", "chapter_optimization"),
    ("8", "Computational performance", "计算性能", "chapter_computational-performance"),
    ("9", "Computer vision", "计算机视觉", "chapter_computer-vision"),
    ("10", "Natural language processing", "自然语言处理", "chapter_natural-language-processing"),
]

_BOOK_PAGES = {
    "1": [("deep-learning-intro", "Introduction to deep learning", "深度学习简介")],
    "2": [("install", "Getting and running the book's code", "获取和运行本书的代码"),
          ("ndarray", "Data manipulation (NDArray)", "数据操作"),
          ("autograd", "Automatic differentiation", "自动求梯度"),
          ("lookup-api", "Looking up the documentation", "查阅文档")],
    "3": [("linear-regression", "", "线性回归"),
          ("linear-regression-scratch", "", "线性回归的从零开始实现"),
          ("linear-regression-gluon", "", "线性回归的简洁实现"),
          ("softmax-regression", "", "softmax回归"),
          ("fashion-mnist", "", "图像分类数据集（Fashion-MNIST）"),
          ("softmax-regression-scratch", "", "softmax回归的从零开始实现"),
          ("softmax-regression-gluon", "", "softmax回归的简洁实现"),
          ("mlp", "", "多层感知机"),
          ("mlp-scratch", "", "多层感知机的从零开始实现"),
          ("mlp-gluon", "", "多层感知机的简洁实现"),
          ("underfit-overfit", "", "模型选择、欠拟合和过拟合"),
          ("weight-decay", "", "权重衰减"),
          ("dropout", "", "丢弃法"),
          ("backprop", "", "正向传播、反向传播和计算图"),
          ("numerical-stability-and-init", "", "数值稳定性和模型初始化"),
          ("kaggle-house-price", "", "实战Kaggle比赛：房价预测")],
    "4": [("model-construction", "", "模型构造"),
          ("parameters", "", "模型参数的访问、初始化和共享"),
          ("deferred-init", "", "模型参数的延后初始化"),
          ("custom-layer", "", "自定义层"),
          ("read-write", "", "读取和存储"),
          ("use-gpu", "", "GPU计算")],
    "5": [("conv-layer", "", "二维卷积层"),
          ("padding-and-strides", "Padding and stride", "填充和步幅"),
          ("channels", "Multiple input and output channels", "多输入通道和多输出通道"),
          ("pooling", "Pooling", "池化层"),
          ("lenet", "Convolutional neural networks (LeNet)", "卷积神经网络（LeNet）"),
          ("alexnet", "Deep convolutional neural networks (AlexNet)", "深度卷积神经网络（AlexNet）"),
          ("vgg", "Networks using blocks (VGG)", "使用重复元素的网络（VGG）"),
          ("nin", "Network in network (NiN)", "网络中的网络（NiN）"),
          ("googlenet", "Networks with parallel concatenations (GoogLeNet)", "含并行连结的网络（GoogLeNet）"),
          ("batch-norm", "", "批量归一化"),
          ("resnet", "Residual networks (ResNet)", "残差网络（ResNet）"),
          ("densenet", "Densely connected networks (DenseNet)", "稠密连接网络（DenseNet）")],
    "6": [("lang-model", "Language models", "语言模型"),
          ("rnn", "Recurrent neural networks", "循环神经网络"),
          ("lang-model-dataset", "", "语言模型数据集（歌词）"),
          ("rnn-scratch", "", "循环神经网络的从零开始实现"),
          ("rnn-gluon", "", "循环神经网络的简洁实现"),
          ("bptt", "", "通过时间反向传播"),
          ("gru", "", "门控循环单元（GRU）"),
          ("lstm", "", "长短期记忆（LSTM）"),
          ("deep-rnn", "", "深度循环神经网络"),
          ("bi-rnn", "", "双向循环神经网络")],
    "7": [("optimization-intro", "Optimization and deep learning", "优化与深度学习"),
          ("gd-sgd", "Gradient descent and stochastic gradient descent", "梯度下降和随机梯度下降"),
          ("minibatch-sgd", "Minibatch stochastic gradient descent", "小批量随机梯度下降"),
          ("momentum", "Momentum", "动量法"),
          ("adagrad", "AdaGrad", "AdaGrad算法"),
          ("rmsprop", "RMSProp", "RMSProp算法"),
          ("adadelta", "AdaDelta", "AdaDelta算法"),
          ("adam", "Adam", "Adam算法")],
    "8": [("hybridize", "", "命令式和符号式混合编程"),
          ("async-computation", "", "异步计算"),
          ("auto-parallelism", "Automatic parallelism", "自动并行计算"),
          ("multiple-gpus", "Multi-GPU computation", "多GPU计算"),
          ("multiple-gpus-gluon", "", "多GPU计算的简洁实现")],
    "9": [("image-augmentation", "Image augmentation", "图像增广"),
          ("fine-tuning", "Fine-tuning", "微调"),
          ("bounding-box", "Object detection and bounding boxes", "目标检测和边界框"),
          ("anchor", "Anchor boxes", "锚框"),
          ("multiscale-object-detection", "Multiscale object detection", "多尺度目标检测"),
          ("object-detection-dataset", "Object detection data set (Pikachu)", "目标检测数据集（皮卡丘）"),
          ("ssd", "Single shot multibox detection (SSD)", "单发多框检测（SSD）"),
          ("rcnn", "Region-based CNNs (R-CNN)", "区域卷积神经网络（R-CNN）系列"),
          ("semantic-segmentation-and-dataset", "Semantic segmentation and the data set", "语义分割和数据集"),
          ("fcn", "Fully convolutional networks (FCN)", "全卷积网络（FCN）"),
          ("neural-style", "Neural style transfer", "样式迁移"),
          ("kaggle-gluon-cifar10", "Kaggle: image classification (CIFAR-10)", "实战Kaggle比赛：图像分类（CIFAR-10）"),
          ("kaggle-gluon-dog", "Kaggle: dog breed identification (ImageNet Dogs)",
           "实战Kaggle比赛：狗的品种识别（ImageNet Dogs）")],
    "10": [("word2vec", "Word embedding (word2vec)", "词嵌入（word2vec）"),
           ("approx-training", "Approximate training", "近似训练"),
           ("word2vec-gluon", "Implementation of word2vec", "word2vec的实现"),
           ("fasttext", "Subword embedding (fastText)", "子词嵌入（fastText）"),
           ("glove", "Word embedding with global vectors (GloVe)", "全局向量的词嵌入（GloVe）"),
           ("similarity-analogy", "Finding synonyms and analogies", "求近义词和类比词"),
           ("sentiment-analysis-rnn", "Text sentiment classification: using RNNs", "文本情感分类：使用循环神经网络"),
           ("sentiment-analysis-cnn", "Text sentiment classification: using CNNs (textCNN)",
            "文本情感分类：使用卷积神经网络（textCNN）"),
           ("seq2seq", "Encoder-decoder (seq2seq)", "编码器—解码器（seq2seq）"),
           ("beam-search", "Beam search", "束搜索"),
           ("attention", "Attention mechanism", "注意力机制"),
           ("machine-translation", "Machine translation", "机器翻译")],
}

BY_ID = {sid: (sid, slug, title) for sid, slug, title in SECTIONS}
BY_SLUG = {slug: (sid, slug, title) for sid, slug, title in SECTIONS}


def _book():
    rows = []
    for chapter, pages in _BOOK_PAGES.items():
        for i, (page, title, title_zh) in enumerate(pages, 1):
            sid = chapter if len(pages) == 1 and chapter == "1" else f"{chapter}.{i}"
            rows.append((sid, page, BY_ID[sid][2] if sid in BY_ID else title, title_zh))
    return rows


# The book's table of contents, chapters 1-10: (id, the book's page name, title, Chinese title) in book order.
BOOK = _book()
BOOK_BY_ID = {row[0]: row for row in BOOK}
BOOK_BY_PAGE = {row[1]: row for row in BOOK}


# The book's sections whose v1 page has no code cell (prose only, checked against chapter_*/*.md of the v1 branch):
# gluonlab has nothing of theirs to run. Every other section of the book is in SECTIONS.
PROSE = frozenset({"1", "2.1", "10.1", "10.2", "10.4", "10.5", "10.9", "10.10", "10.11"})


def in_scope(sid):
    """True for the book's sections gluonlab covers (and for its own S2/S4 additions)."""
    return sid in BY_ID


def book_page(sid):
    """The book's source page of a section: 'chapter_convolutional-neural-networks/lenet.md'."""
    folder = next(c[3] for c in CHAPTERS if c[0] == sid.split(".")[0])
    return f"{folder}/{BOOK_BY_ID[sid][1]}.md"


def stem(sid):
    """Module and script stem of a section: '3.7' -> 'ch3_07_softmax_regression_gluon'."""
    _, slug, _ = BY_ID[sid]
    m = re.match(r"^(S?)(\d+)\.(\d+)$", sid)
    prefix = {"": "ch", "S": "lab" if sid.startswith("S2") else "course"}[m.group(1)]
    if sid.startswith("S4"):
        prefix = "course"
    return f"{prefix}{m.group(2)}_{int(m.group(3)):02d}_{slug.replace('-', '_')}"


def package(sid):
    """The chapter folder of a section's module and script: '3.7' -> 'ch3', 'S2.3' -> 'lab2', 'S4.1' -> 'course4'."""
    return stem(sid).split("_", 1)[0]


def script(sid):
    """A section's launcher, relative to the repository: 'scripts/ch3/ch3_07_softmax_regression_gluon.py'."""
    return f"scripts/{package(sid)}/{stem(sid)}.py"


def sort_key(sid):
    """Book order: chapters numerically, then the S2 lab, then the S4 course."""
    m = re.match(r"^(S?)(\d+)\.(\d+)$", sid)
    return (1 if m.group(1) else 0, int(m.group(2)), int(m.group(3)))
