"""With docs, templates and generator unchanged, generate and check return at once, load none of
the heavy libraries and touch no file; an output edited by hand is still caught."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from support.cli import run_cli, snapshot

Hoko = Callable[..., subprocess.CompletedProcess[str]]

HEAVY = (
    "yaml",
    "jinja2",
    "markdown_it",
    "pydantic",
    "datamodel_code_generator",
    "openapi_spec_validator",
    "jsonschema",
)


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_noop_writes_nothing(project: Path) -> None:
    """A second generate says it is up to date and leaves every file, and its mtime, as it was."""
    assert run_cli("generate", cwd=project).code == 0
    before, times = snapshot(project), _mtimes(project)
    run = run_cli("generate", cwd=project)
    assert run.code == 0 and run.out.startswith(
        "hoko-codegen: up to date (inputs unchanged), 0 files written"
    )
    assert snapshot(project) == before and _mtimes(project) == times
    assert run_cli("check", cwd=project).out == "hoko-codegen: spec and package are up to date\n"


def test_noop_skips_heavy_imports(project: Path, hoko: Hoko) -> None:
    """On the no-op path neither generate nor check imports YAML, Jinja, markdown-it, pydantic or the validators."""
    assert hoko("generate", cwd=project).returncode == 0
    for command in ("generate", "check"):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "generator", command],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        imported = {
            line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line
        }
        assert not {m for m in imported if m.split(".")[0] in HEAVY}, command


def test_hand_edited_output_is_caught(project: Path) -> None:
    """Editing a generated file or the spec makes check fail on that file and generate rewrite it."""
    assert run_cli("generate", cwd=project).code == 0
    before = snapshot(project)
    for path in (
        project / "generated" / "hoko_client" / "_client.py",
        project / "spec" / "openapi.yaml",
    ):
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        run = run_cli("check", cwd=project)
        assert run.code == 1 and "# edited" in run.out
        assert (
            run_cli("generate", cwd=project)
            .out.splitlines()[-2]
            .startswith("hoko-codegen: 1 endpoints")
        )
        assert snapshot(project) == before
    (project / "generated" / "hoko_client" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    assert "not produced by the docs" in run_cli("check", cwd=project).out


def test_changed_input_is_not_a_noop(project: Path) -> None:
    """A changed doc or a different package option makes generate render again."""
    assert run_cli("generate", cwd=project).code == 0
    doc = project / "spec" / "docs" / "partners-delete.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("soft delete", "a soft delete"), encoding="utf-8"
    )
    assert (
        run_cli("generate", cwd=project)
        .out.splitlines()[-2]
        .startswith("hoko-codegen: 1 endpoints")
    )
    run = run_cli("generate", "--package", "hoko_other", cwd=project)
    assert run.out.splitlines()[-2].startswith("hoko-codegen: 1 endpoints")
    assert (project / "generated" / "hoko_other" / "_client.py").is_file()
    assert (project / "generated" / "hoko-codegen-record.json").is_file()
