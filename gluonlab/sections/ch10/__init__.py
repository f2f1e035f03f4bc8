"""Chapter 10, natural language processing: one module per section, in book order."""
