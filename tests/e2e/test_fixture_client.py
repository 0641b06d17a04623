"""The whole fixture API (21 pages, 7 categories) generated: the client passes ruff and mypy
--strict. Its calls are tested against the hand-written emulator in tests/e2e/test_emulator_client.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support.cli import LINTERS, ROOT, lint, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"
SAMPLES = {"uuid": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f", "date-time": "2026-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def fixture_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The fixture API generated into a temp folder: (the package folder, the OpenAPI document)."""
    out = tmp_path_factory.mktemp("fixture-client")
    run = run_cli(
        "generate",
        "--docs",
        str(FIXTURES),
        "--spec",
        str(out / "openapi.yaml"),
        "--out",
        str(out / "pkg"),
    )
    assert run.code == 0, run.err
    document = yaml.safe_load((out / "openapi.yaml").read_text(encoding="utf-8"))
    return out / "pkg", document


def test_fixture_api_covers_the_format(fixture_client: tuple[Path, dict[str, Any]]) -> None:
    """At least 15 operations across at least 6 resources were generated."""
    _, document = fixture_client
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) >= 15
    assert len({op["tags"][0] for op in operations}) >= 6


def test_fixture_client_passes_ruff_and_mypy(fixture_client: tuple[Path, dict[str, Any]]) -> None:
    """The generated package is clean under the pinned ruff and mypy --strict."""
    package, _ = fixture_client
    for linter in LINTERS:
        result = lint(package, linter)
        assert result.returncode == 0, result.stdout + result.stderr
