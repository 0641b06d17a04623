"""Marks the runtime templates as a package, so that mypy and ruff resolve their relative imports.

Not part of the runtime: the generated package has its own ``__init__.py``, and the writer copies
only the private ``_*.py`` modules from this folder.
"""
