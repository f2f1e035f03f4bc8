"""Chapter 4, deep learning computation: one module per section, in book order."""
