"""Chapter 6, recurrent neural networks: one module per section, in book order."""
