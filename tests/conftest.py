"""Fixtures shared by every tier: a scratch project holding the partners doc."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# tests/support is imported as `support` by every tier.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.cli import SEED


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project holding a copy of the partners doc in spec/docs/."""
    docs = tmp_path / "spec" / "docs"
    docs.mkdir(parents=True)
    (docs / "partners-delete.md").write_bytes(SEED.read_bytes())
    return tmp_path
