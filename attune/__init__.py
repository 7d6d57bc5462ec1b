"""Attune: a simulated therapy client for training psychotherapists."""
from dialogue import __version__

__all__ = ["__version__"]
