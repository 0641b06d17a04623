"""The document's checks run beside the build; what they find is reported where the checks, run
one after the other, would have reported it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from support.cli import ROOT

from generator import validate
from generator.diagnostics import Location, Sink
from generator.openapi.build import build_openapi
from generator.parse import parse_docs

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(tmp_path / "cache"))


def _broken() -> tuple[dict[str, Any], tuple[Any, ...]]:
    """A document openapi-spec-validator rejects, and checks of which the first fails."""
    files = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.md"))]
    result = build_openapi(parse_docs(files, Sink()))
    first = result.checks[0]
    bad = dataclasses.replace(first, example=dataclasses.replace(first.example, value=42))
    info = {**result.document["info"], "version": 1}
    return {**result.document, "info": info}, (bad, *result.checks[1:])


def test_background_checks_report_where_serial_checks_would() -> None:
    document, checks = _broken()
    serial = Sink()
    serial.warning(Location("a.md"), "reported before the checks")
    validate.validate_document(document, "spec/openapi.yaml", serial)
    validate.validate_examples(document, checks, serial)
    serial.warning(Location("b.md"), "reported after them")

    sink = Sink()
    sink.warning(Location("a.md"), "reported before the checks")
    pending = validate.PendingValidation(document, "spec/openapi.yaml", sink, checks)
    sink.warning(Location("b.md"), "reported after them")
    try:
        pending.finish()
    finally:
        pending.close()

    assert [str(d) for d in sink.items] == [str(d) for d in serial.items]
    messages = [d.message for d in sink.items]
    assert "invalid at" in messages[1]
    assert "does not match the schema documented for it" in messages[-2]


def test_a_failure_in_the_examples_thread_is_raised_by_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*_args: object) -> None:
        raise RuntimeError("examples check broke")

    monkeypatch.setattr(validate, "validate_examples", fail)
    document, checks = _broken()
    pending = validate.PendingValidation(document, "spec/openapi.yaml", Sink(), checks)
    try:
        with pytest.raises(RuntimeError, match="examples check broke"):
            pending.finish()
    finally:
        pending.close()
