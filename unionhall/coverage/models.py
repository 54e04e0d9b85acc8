"""Models of the coverage app."""
