"""Models of the frontdoor app."""
