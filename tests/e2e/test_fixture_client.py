"""End to end over the whole fixture API (21 pages, 7 categories): the generated client passes
ruff and mypy --strict, installs, and calls every operation against a spec-driven server."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.cli import LINTERS, ROOT, lint, run_cli
from support.server import ScriptedServer
from support.spec_server import SpecServer

from e2e.conftest import install_package
from generator.client.plan import plan_client
from generator.naming import identifier

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"
DRIVER = Path(__file__).resolve().parent / "driver_generic.py"
SAMPLES = {"uuid": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f", "date-time": "2026-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def fixture_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The fixture API generated into a temp folder: (the package folder, the OpenAPI document)."""
    out = tmp_path_factory.mktemp("fixture-client")
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
    document = yaml.safe_load((out / "openapi.yaml").read_text(encoding="utf-8"))
    return out / "pkg", document


def test_fixture_api_covers_the_format(fixture_client: tuple[Path, dict[str, Any]]) -> None:
    """At least 15 operations across at least 6 resources were generated."""
    _, document = fixture_client
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) >= 15
    assert len({op["tags"][0] for op in operations}) >= 6


def test_fixture_client_passes_ruff_and_mypy(fixture_client: tuple[Path, dict[str, Any]]) -> None:
    """The generated package is clean under the pinned ruff and mypy --strict."""
    package, _ = fixture_client
    for linter in LINTERS:
        result = lint(package, linter)
        assert result.returncode == 0, result.stdout + result.stderr


def _sample(schema: dict[str, Any]) -> Any:
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") in SAMPLES:
        return SAMPLES[schema["format"]]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    return {"integer": schema.get("minimum", 1), "number": 1.5, "boolean": True}.get(kind, "sample")


def _plan(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One call per operation: positional path values, keyword query/header values, the example body."""
    steps = []
    for op in plan_client(document).operations:
        params = [p for p in op.parameters if p.get("in") in ("path", "query", "header")]
        step: dict[str, Any] = {
            "operationId": op.operation["operationId"],
            "resource": op.resource,
            "method": op.name,
            "args": [_sample(p["schema"]) for p in params if p["in"] == "path"],
            "kwargs": {
                identifier(p["name"]): _sample(p["schema"])
                for p in params
                if p["in"] != "path" and p.get("required")
            },
        }
        body = op.operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            step["body"] = body.get(
                "example", next(iter(body.get("examples", {}).values()), {}).get("value")
            )
        steps.append(step)
    return steps


def _expected(operation: dict[str, Any]) -> Any:
    for status, response in sorted(operation["responses"].items()):
        if status.startswith("2"):
            return response.get("content", {}).get("application/json", {}).get("example")
    return None


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_every_operation_round_trips(
    fixture_client: tuple[Path, dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
    flavour: str,
) -> None:
    """Each operation sends what its docs allow and parses the documented response back to it."""
    package, document = fixture_client
    python = _installed(package, tmp_path_factory)
    plan = _plan(document)
    plan_file = tmp_path_factory.mktemp("plan") / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    api = SpecServer(document, pages={"/api/links": 5})
    with ScriptedServer() as server:
        server.handler = api
        result = subprocess.run(
            [str(python), str(DRIVER), flavour, server.url, str(plan_file)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert not server.errors
    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout)
    operations = {
        op["operationId"]: op for item in document["paths"].values() for op in item.values()
    }
    for step, outcome in zip(plan, outcomes, strict=False):
        assert "ok" in outcome, (step["operationId"], outcome)
        if step["operationId"] == "listLinks":
            continue  # served as pages of a 5-link collection, not the example
        expected = _expected(operations[step["operationId"]])
        assert _normal(outcome["ok"]) == _normal(expected), step["operationId"]
    assert [c[0] for c in api.calls[: len(plan)]] == [s["operationId"] for s in plan]
    assert outcomes[-1] == {
        "list_all": [f"00000000-0000-0000-0000-00000000000{i}" for i in range(1, 6)]
    }


def _normal(value: Any) -> Any:
    """`value` with date-times parsed, so `...00Z` and `...00.000Z` compare equal."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", value):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


_VENVS: dict[Path, Path] = {}


def _installed(package: Path, factory: pytest.TempPathFactory) -> Path:
    if package not in _VENVS:
        _VENVS[package] = install_package(package, factory.mktemp("fixture-venv"))
    return _VENVS[package]
