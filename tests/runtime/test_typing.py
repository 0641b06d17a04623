"""What mypy --strict makes of the client, as a downstream project type-checks it: every
feature passes (typecheck/downstream.py), a bare str as an id list and a refused None do not
(typecheck/bare_str_ids.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import package_root

SCRIPTS = Path(__file__).resolve().parent / "typecheck"
REFUSED = re.compile(r"\S  # refused: (.+)$")


def expected_errors(script: Path) -> dict[int, str]:
    """Line number -> the text mypy must report there, from the `# refused:` comments."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return {
        number: match.group(1)
        for number, line in enumerate(lines, start=1)
        if (match := REFUSED.search(line))
    }


def test_mypy_strict_accepts_every_feature_and_refuses_a_bare_str(tmp_path: Path) -> None:
    """mypy --strict (Python 3.10 rules) finds no error in the downstream script or in the
    package it imports, and exactly the expected errors in the refused calls."""
    downstream, refused = SCRIPTS / "downstream.py", SCRIPTS / "bare_str_ids.py"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            str(downstream),
            str(refused),
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(package_root())},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    found = {}
    for line in errors:
        path, number, message = line.split(":", 2)
        assert Path(path).name == refused.name, line
        found[int(number)] = message
    expected = expected_errors(refused)
    assert sorted(found) == sorted(expected), result.stdout + result.stderr
    for number, text in expected.items():
        assert text in found[number], found[number]
    assert result.returncode == 1
