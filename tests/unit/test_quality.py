"""The generator and the hand-written runtime pass the project's own ruff and mypy --strict."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.cli import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "generator", "templates/runtime", "tests"],
        ["ruff", "format", "--check", "generator", "templates/runtime"],
        ["mypy", "--cache-dir", "/dev/null"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_code_is_clean(command: list[str]) -> None:
    """The tool reports nothing on generator/ and templates/runtime/."""
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
