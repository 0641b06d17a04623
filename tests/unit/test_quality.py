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
        ["importlinter.cli", "--no-cache"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "import-layers"],
)
def test_code_is_clean(command: list[str]) -> None:
    """The tool reports nothing on generator/ and templates/runtime/ (import-linter: no import
    goes up a layer of pyproject.toml's contract, function-level imports included)."""
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
