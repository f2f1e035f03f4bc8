"""Chapter 7, optimization algorithms: one module per section, in book order."""
