"""The generated fake driven by the generated client, installed as a downstream project installs
it: spec/docs's committed package, and the fixture API generated into a temporary folder, each
pip-installed (with pytest) into a fresh virtual environment. The suites under inside/ run there,
in a folder of their own, with that environment's Python; each of their tests is one test here.

    inside/docs/        the committed package (spec/docs), and its README's "Testing your code"
                        example, copied out of generated/README.md and run as it is
    inside/fixture/     the fixture API's package: contract and items, against its 21 pages
    inside/downstream/  a downstream project's code and tests, using only the public API
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from e2e.conftest import install_package
from support.cli import ROOT, run_cli

INSIDE = Path(__file__).resolve().parent / "inside"
FIXTURES = ROOT / "tests" / "fixtures" / "hoko"
README = ROOT / "generated" / "README.md"
README_TESTS = "test_readme_example.py"
SUITES = {"docs": "docs", "fixture": "fixture", "downstream": "fixture"}
"""Each suite, and the package it runs against."""


def readme_example() -> str:
    """The pytest example of generated/README.md's "Testing your code" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Testing your code", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None, "no python example under 'Testing your code'"
    return found.group(1)


def _tests_of(source: str) -> list[str]:
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def _cases() -> list[tuple[str, str, str]]:
    cases = [
        (suite, path.name, name)
        for suite in SUITES
        for path in sorted((INSIDE / suite).glob("test_*.py"))
        for name in _tests_of(path.read_text(encoding="utf-8"))
    ]
    cases += [("docs", README_TESTS, name) for name in _tests_of(readme_example())]
    return cases


def _environment(package: Path, where: Path) -> Path:
    python = install_package(package, where)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"pytest=={pytest.__version__}"],
        check=True,
        capture_output=True,
    )
    return python


@pytest.fixture(scope="module")
def pythons(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Python of each environment: "docs" (generated/ as committed) and "fixture" (the
    fixture API generated now)."""
    out = tmp_path_factory.mktemp("fixture-api")
    run = run_cli(
        "generate",
        "--docs",
        str(FIXTURES),
        "--spec",
        str(out / "openapi.yaml"),
        "--out",
        str(out / "pkg"),
    )
    assert run.code == 0, run.err
    return {
        "docs": _environment(ROOT / "generated", tmp_path_factory.mktemp("docs-venv")),
        "fixture": _environment(out / "pkg", tmp_path_factory.mktemp("fixture-venv")),
    }


@pytest.fixture(scope="module")
def outcomes(
    pythons: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, tuple[str, str]]]:
    """Each suite run once, in a project folder of its own: test -> (outcome, report)."""
    found = {}
    for suite, package in SUITES.items():
        project = tmp_path_factory.mktemp(f"project-{suite}")
        shutil.copytree(INSIDE / suite, project, dirs_exist_ok=True)
        if suite == "docs":
            (project / README_TESTS).write_text(readme_example(), encoding="utf-8")
        # Its own rootdir: no configuration of this repository applies.
        (project / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
        found[suite] = _run(pythons[package], project)
    return found


def _run(python: Path, project: Path) -> dict[str, tuple[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOKO_", "PYTHON"))}
    report = project / "report.xml"
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if not report.exists():
        raise AssertionError(result.stdout + result.stderr)
    outcomes: dict[str, tuple[str, str]] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        key = f"{case.get('classname', '').split('.')[-1]}.py::{case.get('name', '').split('[')[0]}"
        problems = [c for c in case if c.tag in ("failure", "error", "skipped")]
        outcome = problems[0].tag if problems else "passed"
        text = "\n".join((c.get("message") or "") + "\n" + (c.text or "") for c in problems)
        before = outcomes.get(key, ("passed", ""))
        outcomes[key] = before if before[0] != "passed" else (outcome, text)
    outcomes["<run>"] = ("passed" if result.returncode == 0 else "failed", result.stdout)
    return outcomes


@pytest.mark.slow
@pytest.mark.parametrize(("suite", "module", "name"), _cases())
def test_inside(
    outcomes: dict[str, dict[str, tuple[str, str]]], suite: str, module: str, name: str
) -> None:
    """The test `name` of inside/<suite>/<module> passes where the package is installed."""
    ran = outcomes[suite]
    assert f"{module}::{name}" in ran, ran["<run>"][1]
    outcome, report = ran[f"{module}::{name}"]
    assert outcome == "passed", report


@pytest.mark.slow
@pytest.mark.parametrize("suite", sorted(SUITES))
def test_each_suite_ran_whole(outcomes: dict[str, dict[str, tuple[str, str]]], suite: str) -> None:
    """The suite's run collected and passed exactly the tests listed here, nothing else."""
    expected = {f"{module}::{name}" for s, module, name in _cases() if s == suite}
    ran = outcomes[suite]
    assert set(ran) - {"<run>"} == expected
    assert ran["<run>"][0] == "passed", ran["<run>"][1]
