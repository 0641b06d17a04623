"""Warnings stick until they are fixed: the record keeps a run's warnings, a no-op generate says
them again, check fails on output generated with warnings (unless --allow-warnings), --strict
fails with a count; and generate --fail-on refuses to write a release with such changes."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import run_cli, snapshot

DOC = Path("spec") / "docs" / "partners-delete.md"
# A description that contradicts its Required cell: a warning at the row, the cell kept.
CONTRADICTION = (
    "| body | array<string> | Yes | body | Array of partner IDs (UUIDs) to delete.",
    "| body | array<string> | Yes | body | Optional. Array of partner IDs (UUIDs) to delete.",
)


def _warned(project: Path) -> str:
    """Make the page give one warning; the warning's text as generate prints it."""
    page = project / DOC
    text = page.read_text(encoding="utf-8")
    assert CONTRADICTION[0] in text
    page.write_text(text.replace(*CONTRADICTION), encoding="utf-8")
    run = run_cli("generate", cwd=project)
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].startswith("spec/docs/partners-delete.md:")
    assert "hoko-codegen: 1 warning; see above" in run.out
    return warnings[0]


def test_the_record_keeps_the_warnings_and_a_noop_says_them_again(project: Path) -> None:
    """The second generate writes nothing but prints the warning the first run gave."""
    warning = _warned(project)
    record = json.loads((project / "generated" / "hoko-codegen-record.json").read_text())
    assert record["warnings"] == [warning]
    before = snapshot(project)
    again = run_cli("generate", cwd=project)
    assert again.code == 0 and "up to date" in again.out
    assert again.err.splitlines() == [warning]
    assert snapshot(project) == before


def test_check_fails_on_output_generated_with_warnings(project: Path) -> None:
    """check on an up-to-date output with a warning exits 1 naming it; --allow-warnings passes."""
    warning = _warned(project)
    run = run_cli("check", cwd=project)
    assert run.code == 1
    assert run.err.splitlines()[0] == warning
    assert "generated with 1 warning (above); fix the docs, or pass --allow-warnings" in run.err
    allowed = run_cli("check", "--allow-warnings", cwd=project)
    assert allowed.code == 0 and "up to date" in allowed.out


def test_strict_fails_with_the_count_even_when_nothing_changed(project: Path) -> None:
    """--strict on docs with a warning: generate and check end with "failed: 1 warning"."""
    _warned(project)
    for command in ("generate", "check"):
        run = run_cli(command, "--strict", cwd=project)
        assert run.code == 1, command
        assert run.err.splitlines()[-1] == "hoko-codegen: failed: 1 warning (--strict)", command


def test_strict_fails_with_the_count_on_a_first_run(project: Path) -> None:
    """--strict on docs with a warning and no output yet: the warning, the count, nothing written."""
    page = project / DOC
    page.write_text(page.read_text(encoding="utf-8").replace(*CONTRADICTION), encoding="utf-8")
    run = run_cli("generate", "--strict", cwd=project)
    assert run.code == 1
    lines = run.err.splitlines()
    assert len(lines) == 2 and ": warning: " in lines[0]
    assert lines[1] == "hoko-codegen: failed: 1 warning (--strict)"
    assert not (project / "generated").exists()


def test_a_fixed_warning_is_gone_from_the_record(project: Path) -> None:
    """Once the page is fixed, generate records no warning and check passes."""
    _warned(project)
    page = project / DOC
    page.write_text(page.read_text(encoding="utf-8").replace(*reversed(CONTRADICTION)))
    assert run_cli("generate", cwd=project).code == 0
    record = json.loads((project / "generated" / "hoko-codegen-record.json").read_text())
    assert record["warnings"] == []
    assert run_cli("check", cwd=project).code == 0


def test_fail_on_breaking_writes_nothing(project: Path) -> None:
    """generate --fail-on breaking refuses a release that lowers a limit, and writes nothing;
    the same change goes through without the option, as a breaking release."""
    assert run_cli("generate", cwd=project).code == 0
    page = project / DOC
    page.write_text(page.read_text(encoding="utf-8").replace("up to 10,000", "up to 5,000"))
    before = snapshot(project)
    refused = run_cli("generate", "--fail-on", "breaking", cwd=project)
    assert refused.code == 1
    assert "breaking changes (--fail-on breaking); nothing was written" in refused.err
    assert snapshot(project) == before
    written = run_cli("generate", cwd=project)
    assert written.code == 0
    assert written.out.splitlines()[-1].startswith("hoko-codegen: release 0.2.0 (breaking): ")
