"""Clients rendered from OpenAPI documents written for these tests (tests/fixtures/openapi/), and
imported in this process under a package name of their own, so that several live side by side.

    shelter = render("models-3.0.yaml", "shelter_client")   # the imported package module
    with serving() as server: ...                             # a ScriptedServer, checked clean
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from support.cli import ROOT, Run, run_cli
from support.server import ScriptedServer

FIXTURES = ROOT / "tests" / "fixtures" / "openapi"


def generate(document: str, out: Path, package: str, *options: str) -> Run:
    """`hoko-codegen generate --from-spec` of a fixture document into `out`."""
    spec = str(FIXTURES / document)
    return run_cli(
        "generate", "--from-spec", spec, "--out", str(out), "--package", package, *options
    )


def render(
    factory: pytest.TempPathFactory, document: str, package: str, *options: str
) -> tuple[ModuleType, Run]:
    """The package rendered from `document` and imported (with the run that made it)."""
    out = factory.mktemp(package)
    run = generate(document, out, package, *options)
    assert run.code == 0, run.err
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package), run


def module(package: ModuleType, name: str) -> ModuleType:
    """A module of a rendered package (`resources.files`, `types.shared`)."""
    return importlib.import_module(f"{package.__name__}.{name}")


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted server, stopped after the test; errors inside it fail the test."""
    with ScriptedServer() as running:
        yield running
    assert running.errors == []
