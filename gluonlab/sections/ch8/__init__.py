"""Chapter 8, computational performance: one module per section, in book order."""
