"""The book's from-scratch NDArray code, with d2lzh's names and argument order."""
from .optim import sgd
