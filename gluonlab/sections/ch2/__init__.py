"""Chapter 2, prerequisites: NDArray, automatic differentiation, looking up the documentation."""
