"""Running the hoko-codegen CLI in-process from a given folder, and reading folders back."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.cli import main

__all__ = ["LINTERS", "ROOT", "SEED", "Run", "lint", "run_cli", "snapshot"]

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "spec" / "docs" / "partners-delete.md"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(*args: str, cwd: Path = ROOT) -> Run:
    """`hoko-codegen ARGS` in this process, from `cwd`; exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with _cwd(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative posix path -> bytes); caches and dot-folders left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not _ignored(p.relative_to(folder))
    }


def _ignored(path: Path) -> bool:
    """Caches, dot-folders and what `pip install` builds in place (as `check` ignores them)."""
    return any(
        part in ("__pycache__", "build") or part.startswith(".") or part.endswith(".egg-info")
        for part in path.parts
    )


# How the generated package is checked: the pinned ruff with its own defaults, and mypy --strict.
LINTERS = {
    "ruff": ["ruff", "check", "--isolated", "--target-version", "py310", "."],
    "mypy": [
        "mypy",
        "--strict",
        "--python-version",
        "3.10",
        "--cache-dir",
        "/dev/null",
        "hoko_client",
    ],
}


def lint(
    package: Path, linter: str, *, name: str = "hoko_client"
) -> subprocess.CompletedProcess[str]:
    """Run one of LINTERS on a generated package folder (mypy on the import package `name`)."""
    command = [sys.executable, "-m", *LINTERS[linter]]
    command = [name if part == "hoko_client" else part for part in command]
    return subprocess.run(command, cwd=package, capture_output=True, text=True, check=False)
