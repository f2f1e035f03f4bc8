"""S2: a feed-forward lab's experiments on moons data: one module per section, in book order."""
