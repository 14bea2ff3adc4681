"""Models of the workforce app."""
