"""Models of the engagement app."""
