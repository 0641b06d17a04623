"""Golden: regenerating from spec/docs gives exactly the committed spec and package, and the
package passes the pinned ruff and mypy --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.cli import ROOT, lint, run_cli, snapshot


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """spec/docs regenerated into a temporary folder, from the repository root.

    The version and changelog follow from the previous release, so the committed spec, package
    version and changelog are put there first; every other file is rendered afresh."""
    out = tmp_path_factory.mktemp("golden")
    (out / "generated").mkdir()
    shutil.copyfile(ROOT / "spec" / "openapi.yaml", out / "openapi.yaml")
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copyfile(ROOT / "generated" / name, out / "generated" / name)
    run = run_cli("generate", "--spec", str(out / "openapi.yaml"), "--out", str(out / "generated"))
    assert run.code == 0, run.err
    return out


def test_spec_matches_committed(regenerated: Path) -> None:
    """spec/openapi.yaml is byte for byte what the docs give."""
    assert (regenerated / "openapi.yaml").read_bytes() == (
        ROOT / "spec" / "openapi.yaml"
    ).read_bytes()


def test_package_matches_committed(regenerated: Path) -> None:
    """generated/ holds exactly the files the docs give, byte for byte."""
    assert snapshot(regenerated / "generated") == snapshot(ROOT / "generated")


def test_package_passes_ruff(regenerated: Path) -> None:
    """The generated package is clean under the pinned ruff's default rules."""
    result = lint(regenerated / "generated", "ruff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_passes_mypy_strict(regenerated: Path) -> None:
    """The generated package type-checks under mypy --strict."""
    result = lint(regenerated / "generated", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_passes_on_committed_tree() -> None:
    """`hoko-codegen check` accepts the committed spec and package."""
    run = run_cli("check")
    assert run.code == 0, run.out + run.err
