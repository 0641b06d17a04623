"""Cases: one folder per doc-format variation (`docs/` plus `case.yaml`).

A case either pins what the OpenAPI document must say (`checks`: JSON pointers, where a segment
`[name=x]` picks the array element named x and `$ref`s are followed) and matches its snapshot
`expected/openapi.yaml`, or expects the run to fail with the given `file:line: error:` fragments.
A case that succeeds gives exactly the warnings its `warnings` list (a fragment of each, in
order), and none when it lists none. After reviewing a change,
`HOKO_UPDATE_CASES=1 python -m pytest tests/cases` rewrites the snapshots; it refuses to when CI
is set, and a missing snapshot fails with that command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.cli import _cwd

from generator.diagnostics import GeneratorError
from generator.config import Options
from generator.openapi.spec_io import dump_spec
from generator.pipeline import build_document

CASES = sorted(p.parent for p in Path(__file__).parent.glob("*/case.yaml"))
UPDATE = os.environ.get("HOKO_UPDATE_CASES") == "1"
UPDATE_COMMAND = "HOKO_UPDATE_CASES=1 python -m pytest tests/cases"


def resolve(document: dict[str, Any], pointer: str) -> Any:
    """Walk `pointer` through `document`, following $refs; `[name=x]` selects by name."""
    node: Any = document
    for raw in pointer.strip("/").split("/"):
        node = _deref(document, node)
        segment = raw.replace("~1", "/").replace("~0", "~")
        if segment.startswith("[") and segment.endswith("]"):
            key, _, value = segment[1:-1].partition("=")
            node = next(item for item in node if item.get(key) == value)
        elif isinstance(node, list):
            node = node[int(segment)]
        else:
            node = node[segment]
    return _deref(document, node)


def _deref(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _build(case: Path) -> tuple[dict[str, Any] | None, list[str]]:
    options = Options(docs=Path("docs"), spec=Path("openapi.yaml"), out=Path("generated"))
    with _cwd(case):
        try:
            document, sink, _ = build_document(options)
        except GeneratorError as err:
            return None, [str(d) for d in err.diagnostics]
    return document, [str(d) for d in sink.items]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    """The case's docs give the OpenAPI (or the errors) its case.yaml describes."""
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    document, messages = _build(case)
    if spec.get("expect_error"):
        assert document is None, f"expected an error, got none; diagnostics: {messages}"
        text = "\n".join(messages)
        for fragment in spec["error_contains"]:
            assert fragment in text, f"{fragment!r} not in:\n{text}"
        _snapshot(case / "expected" / "errors.txt", text + "\n")
        return
    assert document is not None, "\n".join(messages)
    warnings = [m for m in messages if ": warning: " in m]
    wanted = spec.get("warnings", [])
    assert len(warnings) == len(wanted), "\n".join(warnings)
    for message, fragment in zip(warnings, wanted, strict=True):
        assert fragment in message, f"{fragment!r} not in {message!r}"
    for check in spec.get("checks", []):
        assert resolve(document, check["pointer"]) == check["equals"], check["pointer"]
    _snapshot(case / "expected" / "openapi.yaml", dump_spec(document))


def _snapshot(path: Path, text: str) -> None:
    if UPDATE:
        assert not os.environ.get("CI"), "HOKO_UPDATE_CASES is refused in CI: snapshots are reviewed"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; review the output, then run: {UPDATE_COMMAND}"
    assert path.read_text(encoding="utf-8") == text, f"{path} is stale ({UPDATE_COMMAND})"
