"""What the no-op record covers: editing a template, a runtime file, a doc page, an option or a
pinned tool's version each makes check report the output stale and generate render again; editing
nothing renders nothing. The generator runs from a copy of itself, so its templates can be edited."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import ROOT, SEED

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The generator's source with its templates inside, as a wheel installs them."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", source / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", source / "generator" / "templates", ignore=ignore)
    return source


@pytest.fixture
def run(copy: Path, tmp_path: Path) -> Run:
    """`run(*args, cwd=..., path=[...])`: the copy's `python -m generator ARGS`, with `path`
    searched before it (to shadow an installed distribution's metadata)."""

    def call(
        *args: str, cwd: Path, path: tuple[Path, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (*path, copy))
        env["HOKO_CODEGEN_CACHE_DIR"] = str(tmp_path / "store")
        command = [sys.executable, "-m", "generator", *args]
        return subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )

    return call


@pytest.fixture
def project(tmp_path: Path, run: Run, copy: Path) -> Path:
    """A project generated once, by the copy (which must be the one running)."""
    folder = tmp_path / "project"
    (folder / "spec" / "docs").mkdir(parents=True)
    shutil.copyfile(SEED, folder / "spec" / "docs" / SEED.name)
    where = subprocess.run(
        [sys.executable, "-c", "import generator.client as c; print(c.template_root())"],
        env={**os.environ, "PYTHONPATH": str(copy)},
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == copy / "generator" / "templates"
    first = run("generate", cwd=folder)
    assert first.returncode == 0, first.stderr
    return folder


def _stale_then_rendered(run: Run, project: Path, stale: str, **kwargs: object) -> None:
    check = run("check", cwd=project, **kwargs)
    assert check.returncode == 1, check.stdout + check.stderr
    assert any(line.startswith(stale) for line in check.stdout.splitlines()), check.stdout
    generate = run("generate", cwd=project, **kwargs)
    assert generate.returncode == 0, generate.stderr
    assert "files written" in generate.stdout and "up to date" not in generate.stdout
    assert run("check", cwd=project, **kwargs).returncode == 0


def test_nothing_edited_renders_nothing(run: Run, project: Path) -> None:
    """With no input changed, generate writes nothing and check passes."""
    again = run("generate", cwd=project)
    assert (
        again.returncode == 0 and "up to date (inputs unchanged), 0 files written" in again.stdout
    )
    assert run("check", cwd=project).returncode == 0


def test_an_edited_template_renders_again(run: Run, project: Path, copy: Path) -> None:
    """A line added to the README template: the README is stale, then rendered again."""
    template = copy / "generator" / "templates" / "package" / "README.md.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "\nOne more line.\n")
    _stale_then_rendered(run, project, "generated/README.md: ")
    assert (project / "generated" / "README.md").read_text().endswith("One more line.\n")


def test_an_edited_runtime_file_renders_again(run: Run, project: Path, copy: Path) -> None:
    """A comment added to a runtime module: its copy in the package is stale, then rewritten."""
    module = copy / "generator" / "templates" / "runtime" / "_logs.py"
    module.write_text(module.read_text(encoding="utf-8") + "# one more comment\n")
    _stale_then_rendered(run, project, "generated/hoko_client/_logs.py: ")
    text = (project / "generated" / "hoko_client" / "_logs.py").read_text()
    assert text.endswith("# one more comment\n")


def test_an_edited_page_renders_again(run: Run, project: Path) -> None:
    """A lower limit on the page: the spec is stale, then written with it."""
    page = project / "spec" / "docs" / SEED.name
    page.write_text(page.read_text(encoding="utf-8").replace("10,000", "5,000"))
    _stale_then_rendered(run, project, "spec/openapi.yaml: ")
    assert "maxItems: 5000" in (project / "spec" / "openapi.yaml").read_text()


def test_a_changed_option_renders_again(run: Run, project: Path) -> None:
    """A version set in [tool.hoko-codegen] above the current one is a new input."""
    (project / "pyproject.toml").write_text('[tool.hoko-codegen]\nversion = "1.0.0"\n')
    _stale_then_rendered(run, project, "generated/pyproject.toml: ")
    assert 'version = "1.0.0"' in (project / "generated" / "pyproject.toml").read_text()


def test_another_version_of_a_pinned_tool_renders_again(
    run: Run, project: Path, tmp_path: Path
) -> None:
    """A different ruff version (its distribution's metadata shadowed on the path): the record,
    which names the tools' versions, is stale, and generate renders again."""
    shadow = tmp_path / "shadow"
    metadata = shadow / "ruff-0.0.1.dist-info"
    metadata.mkdir(parents=True)
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: ruff\nVersion: 0.0.1\n")
    _stale_then_rendered(run, project, "generated/hoko-codegen-record.json: ", path=(shadow,))
