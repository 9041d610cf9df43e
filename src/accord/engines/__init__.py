"""Engines run the one coding function over many documents."""
