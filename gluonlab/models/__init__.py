"""HybridBlocks with the book's architectures, registered with @model next to their definitions."""
from .registry import entry, get, model, names
