"""Every test document gives a package that the pinned ruff (its default rules, as the golden
package is checked) and mypy --strict accept."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import lint

from from_spec.conftest import FIXTURES, generate

DOCUMENTS = sorted(p.name for p in FIXTURES.glob("*.yaml"))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_ruff_and_mypy_accept_the_package(tmp_path: Path, document: str) -> None:
    """Generated (warnings allowed), then linted: no finding from either."""
    run = generate(document, tmp_path, "linted")
    assert run.code == 0, run.err
    ruff = lint(tmp_path, "ruff")
    assert ruff.returncode == 0, ruff.stdout
    mypy = lint(tmp_path, "mypy", name="linted")
    assert mypy.returncode == 0, mypy.stdout
