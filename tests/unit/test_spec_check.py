"""The OpenAPI check: sharded, cached and run in a worker, yet as strict as openapi-spec-validator."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v31
from support.cli import ROOT

from generator.diagnostics import Sink
from generator.spec_check import DocumentCheck, shards
from generator.spec_io import load_spec
from generator.validate import validate_document


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return load_spec(ROOT / "spec" / "openapi.yaml", Sink())


class _Stock(OpenAPIV31SpecValidator):
    """openapi-spec-validator as it runs without jsonschema-rs (its messages are the ones kept)."""

    schema_validator = validator_for(dict(schema_v31))(dict(schema_v31))


def _stock(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("/".join(str(p) for p in e.path) or "(root)", e.message)
        for e in _Stock(copy.deepcopy(document)).iter_errors()
    ]


def _check(document: dict[str, Any]) -> list[tuple[str, str]]:
    with DocumentCheck(document) as check:
        return check.join()


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    """The document with an operation, a parameter and a component schema each made invalid."""
    broken = copy.deepcopy(document)
    _path, item = next(iter(broken["paths"].items()))
    operation = next(iter(item.values()))
    operation["responses"]["200"]["description"] = 42
    item.setdefault("parameters", []).append({"name": "id", "in": "path", "schema": {}})
    name = next(iter(broken["components"]["schemas"]))
    broken["components"]["schemas"][name]["type"] = "uuid"
    broken["paths"]["/api/other"] = {"get": {**operation, "responses": {}}}
    return broken


def test_valid_document_passes(document: dict[str, Any]) -> None:
    """The committed spec passes, as it does with the stock validator."""
    assert _stock(document) == []
    assert _check(document) == []


def test_shards_cover_every_path_and_schema(document: dict[str, Any]) -> None:
    """Every path and every component schema is in some shard, each shard valid on its own."""
    cut = shards(document)
    assert cut is not None
    assert {p for s in cut for p in s.paths} == set(document["paths"])
    assert {n for s in cut for n in s.schemas} == set(document["components"]["schemas"])
    assert sum(s.root for s in cut) == 1
    for shard in cut:
        assert _stock(json.loads(shard.text)) == []


def test_invalid_document_gives_the_stock_errors(document: dict[str, Any]) -> None:
    """Each error the stock validator finds is reported, with its words and place."""
    broken = _broken(document)
    expected = _stock(broken)
    assert expected
    assert set(_check(broken)) >= set(expected)


def test_duplicate_operation_ids_across_paths(document: dict[str, Any]) -> None:
    """The one check that spans paths is made over the whole document."""
    broken = copy.deepcopy(document)
    _path, item = next(iter(broken["paths"].items()))
    broken["paths"]["/api/copy"] = copy.deepcopy(item)
    expected = [e for e in _stock(broken) if "is not unique" in e[1]]
    assert expected
    assert [e for e in _check(broken) if "is not unique" in e[1]] == expected


def test_cache_skips_what_passed_but_never_what_changed(
    document: dict[str, Any], cache: Path
) -> None:
    """A second run checks nothing it checked before; a changed shard is checked again."""
    assert _check(document) == []
    assert (cache / "openapi-valid.txt").is_file()
    with DocumentCheck(document) as again:
        assert again._pending == []
        assert again.join() == []
    broken = _broken(document)
    assert set(_check(broken)) >= set(_stock(broken))


def test_errors_land_where_validate_document_put_them(document: dict[str, Any]) -> None:
    """validate_document reports each error at the spec path, in compiler style."""
    sink = Sink()
    validate_document(_broken(document), "spec/openapi.yaml", sink)
    assert sink.errors
    assert all(
        str(d).startswith("spec/openapi.yaml: error: the generated OpenAPI") for d in sink.errors
    )


def test_cache_turned_off(document: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty HOKO_CODEGEN_CACHE_DIR turns the cache off: everything is checked every time."""
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", "")
    assert _check(document) == []
    with DocumentCheck(document) as again:
        assert again._pending
        assert again.join() == []
