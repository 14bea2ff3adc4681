"""Models of the allocation app."""
