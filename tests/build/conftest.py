"""Running `hoko-codegen` as a separate process, the way a build or CI job runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

Hoko = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def hoko() -> Hoko:
    """`hoko(*args, cwd=..., env={...})`: run `python -m generator ARGS` and return the result."""

    def run(
        *args: str, cwd: Path, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            env={**_environment(), **(env or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    return run


def _environment() -> dict[str, str]:
    """This process's environment without what would change the output (a fixed build date)."""
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
