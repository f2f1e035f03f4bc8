"""Chapter 5, convolutional neural networks: one module per section, in book order."""
