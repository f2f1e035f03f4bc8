"""Chapter 3, deep learning basics: one module per section, in book order."""
