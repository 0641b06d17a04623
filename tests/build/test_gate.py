"""The CI gate: the pre-commit hook this repository ships, and the CI snippet in README.md."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from support.cli import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Hoko = Callable[..., subprocess.CompletedProcess[str]]


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "hoko-codegen-check")


def test_pre_commit_hook_manifest() -> None:
    """The hook is a python hook running `hoko-codegen check` once, on docs, spec and package changes."""
    hook = _hook()
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["entry"] == "hoko-codegen check"
    files = re.compile(str(hook["files"]))
    for path in (
        "spec/docs/partners-delete.md",
        "spec/openapi.yaml",
        "generated/hoko_client/_client.py",
    ):
        assert files.search(path), path
    for path in ("README.md", "src/app.py", "spec/notes.txt"):
        assert not files.search(path), path


def test_pre_commit_hook_entry_gates(project: Path, hoko: Hoko) -> None:
    """The hook's command passes on a fresh project and fails once the docs change without regenerating."""
    command = shlex.split(str(_hook()["entry"]))
    assert command[0] == "hoko-codegen"
    assert hoko("generate", cwd=project).returncode == 0
    assert hoko(*command[1:], cwd=project).returncode == 0
    doc = project / "spec" / "docs" / "partners-delete.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("10,000", "5,000"), encoding="utf-8")
    stale = hoko(*command[1:], cwd=project)
    assert stale.returncode == 1 and "stale" in stale.stderr


def test_readme_ci_section() -> None:
    """README has a `## Use in CI` section whose workflow runs check and diff, and its Quick start is untouched."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```bash\n", 1)[1].split("```", 1)[0]
    assert block == (
        "python3 -m venv .venv && . .venv/bin/activate && python -m pip install -e . "
        "&& hoko-codegen generate\n"
        "python3 -m venv .venv && . .venv/bin/activate && "
        'python -m pip install -e ".[test]" && python -m pytest\n'
    )
    section = readme.split("## Use in CI\n", 1)[1].split("\n## ", 1)[0]
    workflows = [yaml.safe_load(b.split("```", 1)[0]) for b in section.split("```yaml\n")[1:]]
    steps = [
        s.get("run", "")
        for w in workflows
        if isinstance(w, dict)
        for s in w["jobs"]["check"]["steps"]
    ]
    assert "hoko-codegen check" in steps
    assert any(
        s.startswith("hoko-codegen diff --against") and "--fail-on breaking" in s for s in steps
    )
    assert "id: hoko-codegen-check" in section


def test_templates_ship_with_the_package() -> None:
    """pre-commit installs hoko-codegen as a package: its package-data must carry every template."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["generator.templates"]
    templates = ROOT / "templates"
    shipped = {p for pattern in patterns for p in templates.glob(pattern) if p.is_file()}
    needed = {
        p
        for p in templates.rglob("*")
        if p.suffix == ".jinja" or (p.parent.name == "runtime" and p.suffix == ".py")
    }
    assert needed <= shipped, sorted(str(p.relative_to(templates)) for p in needed - shipped)
