"""Chapter 9, computer vision: one module per section, in book order."""
