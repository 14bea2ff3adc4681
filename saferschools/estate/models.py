"""Models of the estate app."""
