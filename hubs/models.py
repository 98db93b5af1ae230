"""Models of the hubs app."""
