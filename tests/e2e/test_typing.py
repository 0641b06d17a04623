"""What mypy --strict makes of the generated fixture client as a downstream project sees it: the
package pip-installed in its venv (found through the venv's python, as PEP 561 says), the
downstream scripts that the e2e tests run (downstream/, every feature) clean, and the calls in
typecheck/bare_str_ids.py refused with exactly the errors written beside them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from e2e.conftest import DOWNSTREAM, Installed

pytestmark = pytest.mark.slow

REFUSED_SCRIPT = Path(__file__).resolve().parent / "typecheck" / "bare_str_ids.py"
REFUSED = re.compile(r"\S  # refused: (.+)$")


def expected_errors(script: Path) -> dict[int, str]:
    """Line number -> the error mypy must report there, from the `# refused:` comments."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return {
        number: match.group(1)
        for number, line in enumerate(lines, start=1)
        if (match := REFUSED.search(line))
    }


def test_downstream_scripts_pass_and_bare_str_ids_fail(
    fixture_client: Installed, tmp_path: Path
) -> None:
    """No error in downstream/ (which uses every feature); in bare_str_ids.py exactly the
    refused lines, each with its exact message; the installed package itself is typed."""
    scripts = sorted(DOWNSTREAM.glob("*.py"))
    assert len(scripts) >= 5, scripts
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--python-executable",
            str(fixture_client.python),
            "--explicit-package-bases",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            "--show-error-codes",
            *map(str, scripts),
            str(REFUSED_SCRIPT),
        ],
        cwd=tmp_path,
        # The scripts import each other by their module names (common, features...).
        env={**os.environ, "MYPYPATH": f"{DOWNSTREAM}{os.pathsep}{REFUSED_SCRIPT.parent}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    found: dict[int, str] = {}
    for line in result.stdout.splitlines():
        if ": error: " not in line:
            continue
        path, number, message = line.split(":", 2)
        assert Path(path).name == REFUSED_SCRIPT.name, line
        found[int(number)] = message.removeprefix(" error: ").strip()
    assert found == expected_errors(REFUSED_SCRIPT), result.stdout + result.stderr
    assert len(found) == 6
    assert result.returncode == 1
