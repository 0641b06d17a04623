"""The command line: exit codes, the summary line, check's diff, and errors that never lose output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.cli import run_cli, snapshot


def test_generate_prints_summary(project: Path) -> None:
    """generate writes the spec and package and ends with a one-line summary."""
    run = run_cli("generate", cwd=project)
    assert run.code == 0, run.err
    assert run.out.startswith("hoko-codegen: 1 endpoints, ")
    assert "files written in" in run.out
    assert (project / "spec" / "openapi.yaml").is_file()
    assert (project / "generated" / "hoko_client" / "resources" / "partners.py").is_file()


def test_check_reports_stale_spec(project: Path) -> None:
    """check exits 1 with a unified diff when the docs changed after generating."""
    assert run_cli("generate", cwd=project).code == 0
    doc = project / "spec" / "docs" / "partners-delete.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("up to 10,000", "up to 5,000"), encoding="utf-8"
    )
    run = run_cli("check", cwd=project)
    assert run.code == 1
    assert "-      maxItems: 10000" in run.out and "+      maxItems: 5000" in run.out
    assert "stale" in run.err


def test_check_writes_nothing(project: Path) -> None:
    """check leaves every file as it was, stale or not."""
    assert run_cli("generate", cwd=project).code == 0
    (project / "generated" / "hoko_client" / "_version.py").write_text(
        "tampered\n", encoding="utf-8"
    )
    before = snapshot(project)
    assert run_cli("check", cwd=project).code == 1
    assert snapshot(project) == before


def test_usage_error_exits_2(project: Path) -> None:
    """An unknown option is a usage error (exit 2), not a crash."""
    assert run_cli("generate", "--no-such-option", cwd=project).code == 2
    assert run_cli(cwd=project).code == 2


def test_bad_docs_exit_1_and_keep_output(project: Path) -> None:
    """A malformed doc gives file:line: error and exit 1, and the earlier output stays as it was."""
    assert run_cli("generate", cwd=project).code == 0
    before = snapshot(project / "generated"), (project / "spec" / "openapi.yaml").read_bytes()
    (project / "spec" / "docs" / "broken.md").write_text(
        "# (DELETE) Broken\n**Category:** Partners\n## Endpoint\n\nDELETE /api/broken\n\n## Status Codes\n\n### 200\n\n"
        '**Response**\n\n```json\n{"a": 1,,}\n```\n',
        encoding="utf-8",
    )
    run = run_cli("generate", cwd=project)
    assert run.code == 1
    assert "spec/docs/broken.md:14: error: the 200 response example is not valid JSON" in run.err
    assert "Traceback" not in run.err
    assert (
        snapshot(project / "generated"),
        (project / "spec" / "openapi.yaml").read_bytes(),
    ) == before


def test_python_dash_m_generator(project: Path) -> None:
    """`python -m generator` is the same command (here: --version)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("hoko-codegen ")


def test_from_spec_renders_client(project: Path, tmp_path: Path) -> None:
    """--from-spec renders a package from an OpenAPI file, skipping the docs stage."""
    assert run_cli("generate", cwd=project).code == 0
    out = tmp_path / "from-spec"
    run = run_cli("generate", "--from-spec", "spec/openapi.yaml", "--out", str(out), cwd=project)
    assert run.code == 0, run.err
    assert (out / "hoko_client" / "resources" / "partners.py").read_text(encoding="utf-8") == (
        project / "generated" / "hoko_client" / "resources" / "partners.py"
    ).read_text(encoding="utf-8").replace("from spec/docs;", "from spec/openapi.yaml;")
