"""Datasets: one resolver (resolve.py) and one module per dataset, with the book's loader names."""
from .batches import ArrayIter
from .fashion_mnist import TEXT_LABELS, get_fashion_mnist_labels, load_data_fashion_mnist
from .house import load_house_frames
from .lyrics import load_data_jay_lyrics
