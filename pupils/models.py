"""Models of the pupils app."""
