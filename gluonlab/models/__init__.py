"""HybridBlocks with the book's architectures, registered with @model next to their definitions."""
from . import shapes
from .registry import entry, get, model, names
