"""Fixtures shared across test directories, registered in tests/conftest.py as pytest plugins."""
