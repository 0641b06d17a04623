"""The OpenAPI check: openapi-spec-validator by its public API, whole or in shards, with the
store remembering shards that passed; as strict as the validator on the whole document."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator
from support.cli import ROOT

from generator.config import Options
from generator.diagnostics import GeneratorError, Sink
from generator.executor import Workers
from generator.openapi import shards as shards_module
from generator.openapi.shards import document_errors, duplicate_operation_ids, merged, shards
from generator.openapi.spec_io import load_spec
from generator.pipeline import build_document
from generator.store import Store


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return load_spec(ROOT / "spec" / "openapi.yaml", Sink())


def _stock(document: dict[str, Any]) -> list[tuple[str, str]]:
    """openapi-spec-validator on the whole document, as anyone would call it (each message's
    first paragraph: the rest quotes the schema and the instance)."""
    return [
        ("/".join(str(p) for p in e.path) or "(root)", e.message.split("\n\n", 1)[0])
        for e in OpenAPIV31SpecValidator(copy.deepcopy(document)).iter_errors()
    ]


def _check(document: dict[str, Any]) -> list[tuple[str, str]]:
    """What the sharded check reports: every shard checked, merged, plus the rule across paths."""
    cut = shards(document)
    assert cut is not None
    errors = duplicate_operation_ids(document)
    return errors + [e for e in document_errors(merged(document, cut)) if e not in errors]


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
    assert set(_check(broken)) == set(expected)


def test_duplicate_operation_ids_across_paths(document: dict[str, Any]) -> None:
    """The one check that spans paths is made over the whole document."""
    broken = copy.deepcopy(document)
    _path, item = next(iter(broken["paths"].items()))
    broken["paths"]["/api/copy"] = copy.deepcopy(item)
    expected = [e for e in _stock(broken) if "is not unique" in e[1]]
    assert expected
    assert [e for e in _check(broken) if "is not unique" in e[1]] == expected


def test_each_shard_alone_finds_the_errors_of_its_part(document: dict[str, Any]) -> None:
    """Checked one shard at a time, the broken document gives every error the stock validator
    gives it, but the duplicate operationIds, which no shard can see."""
    broken = _broken(document)
    cut = shards(broken)
    assert cut is not None
    found = {e for shard in cut for e in document_errors(json.loads(shard.text))}
    stock = set(_stock(broken))
    across = {e for e in stock if "is not unique" in e[1]}
    assert across
    assert found == stock - across
    assert set(duplicate_operation_ids(broken)) == across


def _project(tmp_path: Path) -> Options:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "partners-delete.md").write_bytes((ROOT / "spec/docs/partners-delete.md").read_bytes())
    return Options(docs=docs, spec=tmp_path / "openapi.yaml", out=tmp_path / "out", jobs=1)


def test_the_store_skips_shards_that_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second build checks nothing it checked before; with the store off, all is checked."""
    checked: list[dict[str, Any]] = []
    real = shards_module.document_errors

    def counting(document: dict[str, Any]) -> list[tuple[str, str]]:
        checked.append(document)
        return real(document)

    monkeypatch.setattr(shards_module, "document_errors", counting)
    options = _project(tmp_path)
    for _ in range(2):
        with Store(tmp_path / "store") as store, Workers(1) as workers:
            build_document(options, store, workers)
    assert len(checked) == 1
    with Store(None) as store, Workers(1) as workers:
        build_document(options, store, workers)
    assert len(checked) == 2


def test_a_given_document_with_errors_fails_with_them(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    """An invalid --from-spec 3.1 document under --strict: each validator finding is reported
    at the file, in compiler style."""
    given = tmp_path / "given.json"
    given.write_text(json.dumps(_broken(document)))
    options = Options(
        docs=tmp_path,
        spec=tmp_path / "o.yaml",
        out=tmp_path / "out",
        from_spec=given,
        strict=True,
        jobs=1,
    )
    with pytest.raises(GeneratorError) as raised, Store(None) as store, Workers(1) as workers:
        build_document(options, store, workers)
    lines = [str(d) for d in raised.value.diagnostics]
    assert lines
    assert all(
        line.startswith(f"{given}: warning: the OpenAPI document is invalid at ") for line in lines
    )
    assert len(lines) == len(set(_stock(_broken(document))))
