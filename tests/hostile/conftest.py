"""Hostile docs: pages that try to run code, write outside the outputs, or crash the generator.

corpus/*.md          one Hoko page per attack (the markers `DATA_*` must reach the client as
                     data, `SPEC_*` the OpenAPI document); payloads try to create `hoko-pwned-*`
                     files, print `HOKO-PWNED` or set HOKO_PWNED
test_injection.py    the whole corpus generated once: compiled, linted, imported and called
test_paths.py        output names from doc text stay inside --out and --spec; no shell, no network
test_robustness.py   random and mutated pages (hypothesis), huge inputs, broken docs on the CLI
exercise.py          imports a generated package and calls every method, offline
guard/               a sitecustomize that refuses network access and records subprocesses, in
                     the test process and in every Python process it starts
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.cli import Run, run_cli

CACHE_ENV = "HOKO_CODEGEN_CACHE_DIR"
PAGES = sorted((Path(__file__).resolve().parent / "corpus").glob("*.md"))


def make_project(root: Path, pages: list[Path]) -> Path:
    """A project folder under `root` whose spec/docs holds `pages`."""
    docs = root / "spec" / "docs"
    docs.mkdir(parents=True)
    for page in pages:
        shutil.copyfile(page, docs / page.name)
    return root


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stage does its work: no record from an earlier run (or test) stands in for it."""
    monkeypatch.setenv(CACHE_ENV, "")


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """The whole corpus generated once, in-process: (project folder, what the CLI did)."""
    project = make_project(tmp_path_factory.mktemp("corpus"), PAGES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, "")
        return project, run_cli("generate", cwd=project)
