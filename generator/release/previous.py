"""What the last run left, read back for the next version: its package version and changelog,
and the day the docs last changed.

The day comes from the inputs, never the clock: `--date`, else SOURCE_DATE_EPOCH (the
reproducible-builds convention), else the latest git commit touching the docs when the docs have no
uncommitted changes. Without any of these the changelog entry is undated.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from generator.release.version import CHANGELOG

__all__ = ["Previous", "docs_date", "read_previous"]


@dataclass(frozen=True, slots=True)
class Previous:
    version: str | None
    changelog: str | None


def read_previous(out: Path) -> Previous:
    """The package version and changelog the last run left in `out` (None where absent)."""
    return Previous(_package_version(out / "pyproject.toml"), _read_text(out / CHANGELOG))


def docs_date(docs: Path, given: str | None) -> str | None:
    """The day (YYYY-MM-DD) to put on a new changelog entry, or None (see the module docstring)."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    if not docs.is_dir() or _git(["status", "--porcelain", "--", "."], docs) != "":
        return None
    # %cs is the committer date in the committer's own time zone: the same wherever this runs.
    day = _git(["log", "-1", "--format=%cs", "--", "."], docs)
    return day if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None


def _git(arguments: list[str], cwd: Path) -> str | None:
    """git's output (stripped), or None when git is missing or fails (not a repository, say)."""
    try:
        result = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _package_version(pyproject: Path) -> str | None:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    version = data.get("project", {}).get("version")
    return version if isinstance(version, str) and version else None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
