"""The book's from-scratch NDArray code, with d2lzh's names and argument order."""
from .linear import data_iter, linreg, squared_loss
from .optim import sgd
from .regularization import dropout, l2_penalty, relu
from .softmax import accuracy, cross_entropy, softmax
