"""What a document the renderer cannot render says: the real error first, then what the
validator found; a schema whose model datamodel-code-generator renames is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import run_cli

import generator.pipeline
from generator.client.models import ModelsError, render_models


def _document(tmp_path: Path) -> Path:
    """A 3.1 document with a validator finding (a path parameter it does not declare)."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Broken", "version": "1"},
        "paths": {
            "/a/{id}": {"get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}}}
        },
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_real_error_comes_before_the_validators_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When rendering fails, its error is the first line, the validator's findings after."""

    def fail(*_args: object) -> None:
        raise RuntimeError("the renderer broke here")

    monkeypatch.setattr(generator.pipeline, "client_of", fail)
    spec = _document(tmp_path)
    run = run_cli("generate", "--from-spec", str(spec), "--out", str(tmp_path / "out"))
    lines = run.err.splitlines()
    assert run.code == 1
    assert lines[0] == f"{spec}: error: cannot render a client from it: the renderer broke here"
    assert len(lines) > 1 and all("is invalid at" in line for line in lines[1:])


def test_the_same_document_renders_with_the_findings_as_warnings(tmp_path: Path) -> None:
    """Rendered as it is, the validator's findings are warnings (and the undeclared path
    parameter one of ours), and the client is written."""
    spec = _document(tmp_path)
    run = run_cli("generate", "--from-spec", str(spec), "--out", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert ": warning: the OpenAPI document is invalid at" in run.err
    assert (
        "GET /a/{id} (a.get_a): path parameter 'id' is not declared: taken as a string" in run.err
    )
    assert (tmp_path / "out" / "hoko_client" / "resources" / "a.py").is_file()


def test_a_renamed_model_names_its_schema() -> None:
    """Should datamodel-code-generator name a class otherwise than asked, the error names the
    schema and where it is, instead of looping."""

    def renaming(schemas: object, modules: list[str], *_rest: object) -> dict[str, str]:
        return {m: "class Other(HokoModel):\n    pass\n" for m in modules}

    schemas = {"Widget": {"type": "object", "properties": {"a": {"type": "string"}}}}
    with pytest.raises(ModelsError, match=r"#/components/schemas/Widget \(class Widget\)"):
        render_models(schemas, {}, "#", "pkg", generate=renaming)  # type: ignore[arg-type]
