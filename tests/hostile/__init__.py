"""Hostile docs: injection, paths and robustness (see conftest.py)."""
