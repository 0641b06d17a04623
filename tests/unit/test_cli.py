"""The command line: exit codes, the summary line, check's diff, and errors that never lose output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from support.cli import run_cli, snapshot


def test_generate_prints_summary(project: Path) -> None:
    """generate writes the spec and package and ends with a summary and its release line."""
    run = run_cli("generate", cwd=project)
    assert run.code == 0, run.err
    *coverage, summary, release = run.out.splitlines()
    assert release == "hoko-codegen: release 0.1.0 (first release)"
    assert summary.startswith("hoko-codegen: 1 endpoints, 6 models, ")
    assert "files written in" in summary
    assert coverage == [
        "spec/docs/partners-delete.md: DELETE /api/partners: "
        "1/1 table rows, 5/5 status codes, 5/5 sections"
    ]
    assert (project / "spec" / "openapi.yaml").is_file()
    assert (project / "generated" / "hoko_client" / "resources" / "partners.py").is_file()


def test_check_reports_stale_spec(project: Path) -> None:
    """check exits 1 when the docs changed after generating: a line per stale file naming the
    operation or class that changed (no digests); --verbose adds the unified diffs."""
    assert run_cli("generate", cwd=project).code == 0
    doc = project / "spec" / "docs" / "partners-delete.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("up to 10,000", "up to 5,000"), encoding="utf-8"
    )
    run = run_cli("check", cwd=project)
    assert run.code == 1
    lines = run.out.splitlines()
    assert "spec/openapi.yaml: changed schemas.DeletePartnersRequest, info" in lines
    assert "generated/hoko_client/types/partners.py: changed DeletePartnersRequest" in lines
    assert all(len(line) < 200 and not re.search(r"[0-9a-f]{40}", line) for line in lines)
    assert "stale" in run.err
    verbose = run_cli("check", "--verbose", cwd=project)
    assert verbose.code == 1
    assert "-      maxItems: 10000" in verbose.out and "+      maxItems: 5000" in verbose.out


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


def test_report_maps_provenance(project: Path) -> None:
    """--report writes every operation, parameter, field and model with its file:line."""
    run = run_cli("generate", "--report", "provenance.json", cwd=project)
    assert run.code == 0, run.err
    report = json.loads((project / "provenance.json").read_text(encoding="utf-8"))
    (operation,) = report["operations"]
    assert operation["operationId"] == "deletePartners"
    assert operation["source"] == "spec/docs/partners-delete.md:5"
    assert [r["status"] for r in operation["responses"]] == [200, 400, 401, 403, 429]
    assert report["models"]["DeletePartnersResponse"] == {
        "sources": ["spec/docs/partners-delete.md:5"],
        "usedBy": ["deletePartners"],
    }


def test_unreadable_limit_warns_and_strict_fails(project: Path) -> None:
    """A limit the parser cannot read is a file:line warning; --strict makes it an error."""
    doc = project / "spec" / "docs" / "partners-delete.md"
    text = doc.read_text(encoding="utf-8").replace(
        "belong to your workspace. |", "belong to your workspace. IDs must be 36 characters long. |"
    )
    doc.write_text(text, encoding="utf-8")
    run = run_cli("generate", cwd=project)
    assert run.code == 0
    assert (
        "spec/docs/partners-delete.md:32: warning: the description of 'body' states a constraint"
        in run.err
    )
    strict = run_cli("generate", "--strict", cwd=project)
    assert strict.code == 1
    assert "spec/docs/partners-delete.md:32: warning:" in strict.err


def test_every_command_and_option_has_help() -> None:
    """`hoko-codegen COMMAND --help` explains every option it lists (none is left bare)."""
    import argparse

    from generator.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helped = {choice.dest for choice in commands._choices_actions if choice.help}
    assert helped == set(commands.choices) == {"generate", "check", "diff", "sync", "watch"}
    for name, command in commands.choices.items():
        for action in command._actions:
            if action.help == argparse.SUPPRESS:
                continue
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
