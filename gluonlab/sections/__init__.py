"""One module per book section, in book order; each registers itself with @section."""
