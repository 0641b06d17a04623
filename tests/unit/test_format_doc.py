"""docs/FORMAT.md's examples are tests: each markdown example, placed in a page, gives what the YAML
block after it says; and a page written only from its examples generates the API it describes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.cli import ROOT, run_cli

from generator.diagnostics import Sink
from generator.openapi.build import build_openapi
from generator.openapi.examples import validate_examples
from generator.parse import parse_docs

FORMAT = ROOT / "docs" / "FORMAT.md"
_FENCE = re.compile(
    r"^(?P<fence>`{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
SKELETON = """# (POST) Create things
Create things.
**Category:** Things
## Endpoint

POST /api/things

## Authentication

Requires authentication with an API key that has the thingsWrite scope.

## Status Codes

### 200

Things created.

**Response**

```json
{"ok": true}
```
"""


@dataclass(frozen=True)
class DocExample:
    """A markdown block of FORMAT.md, where it is, and the expectations written after it."""

    markdown: str
    line: int
    route: tuple[str, str] | None
    name: str
    expected: dict[str, Any]


def doc_examples() -> list[DocExample]:
    """Every ```markdown block of FORMAT.md with the ```yaml block that follows it."""
    text = FORMAT.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    found = []
    for index, fence in enumerate(fences):
        words = fence.group("info").split()
        if not words or words[0] != "markdown":
            continue
        following = fences[index + 1] if index + 1 < len(fences) else None
        line = text.count("\n", 0, fence.start()) + 1
        assert following is not None and following.group("info").strip() == "yaml", (
            f"FORMAT.md:{line}: a markdown example must be followed by a yaml block"
        )
        assert text[fence.end() : following.start()].strip() == "", (
            f"FORMAT.md:{line}: nothing may stand between an example and its yaml block"
        )
        expected = yaml.safe_load(following.group("body"))
        route = (words[1], words[2]) if len(words) >= 3 and not words[1].startswith("#") else None
        name = next((w[1:] for w in words if w.startswith("#")), f"line-{line}")
        found.append(DocExample(fence.group("body"), line, route, name, expected))
    return found


def page_with(example: DocExample) -> str:
    """The example placed in a page: a whole page stays as it is; otherwise its head replaces the
    skeleton's, and each of its `##` sections replaces the skeleton's of that name or goes in
    before `## Status Codes`. A whole page starts with its title and has an `## Endpoint`."""
    if example.markdown.startswith("# ") and "## Endpoint" in example.markdown:
        return example.markdown
    head, sections = _split(SKELETON)
    if example.route is not None:
        method, path = example.route
        head = head.replace("# (POST)", f"# ({method})")
        sections["Endpoint"] = f"## Endpoint\n\n{method} {path}\n"
    own_head, own = _split(example.markdown)
    if own_head.strip():
        head = own_head
    for title, body in own.items():
        if title not in sections:
            status = sections.pop("Status Codes")
            sections[title] = body
            sections["Status Codes"] = status
        else:
            sections[title] = body
    return head + "".join(sections.values())


def _split(text: str) -> tuple[str, dict[str, str]]:
    parts = re.split(r"^(?=## )", text, flags=re.M)
    head, sections = parts[0], {}
    for part in parts[1:]:
        title = part.splitlines()[0][3:].strip()
        sections[title] = part if part.endswith("\n") else part + "\n"
    return head, sections


def run_example(
    example: DocExample, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any] | None, Sink]:
    """The document the example's page gives (None when it has errors), and the diagnostics."""
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", "")
    sink = Sink()
    pages = [("page.md", page_with(example).encode("utf-8"))]
    endpoints = parse_docs(pages, sink)
    if sink.errors:
        return None, sink
    result = build_openapi(endpoints)
    found, _passed = validate_examples(result.document, result.checks)
    sink.items.extend(found)
    return (None if sink.errors else result.document), sink


def _resolved(document: dict[str, Any], node: Any) -> Any:
    """`node` with every $ref replaced by its target, without descriptions or x-source."""
    if isinstance(node, list):
        return [_resolved(document, n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return _resolved(document, {**target, **rest})
    skipped = ("description", "x-source", "example", "examples")
    return {k: _resolved(document, v) for k, v in node.items() if k not in skipped}


def _operation(document: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    ((path, item),) = document["paths"].items()
    ((method, operation),) = item.items()
    return method.upper(), path, operation


def _object(schema: dict[str, Any]) -> dict[str, Any]:
    """The object a body or response is about: itself, or its items."""
    return schema.get("items", schema) if schema.get("type") == "array" else schema


def actual(document: dict[str, Any], key: str) -> Any:
    """What the document says for one expectation key (see docs/FORMAT.md, "How to read")."""
    method, path, operation = _operation(document)
    words = key.split()
    if words == ["operation"]:
        return f"{method} {path}"
    if words == ["security"]:
        return [s["bearerAuth"] for s in operation["security"]]
    if words[0] in ("query", "path", "header", "required"):
        where, name = (words[1], words[2]) if words[0] == "required" else (words[0], words[1])
        param = next(p for p in operation["parameters"] if p["in"] == where and p["name"] == name)
        return param["required"] if words[0] == "required" else _resolved(document, param["schema"])
    if words[0] == "body":
        schema = _resolved(
            document, operation["requestBody"]["content"]["application/json"]["schema"]
        )
        return _part(schema, words[1:])
    if words[0] == "response":
        response = operation["responses"][words[1]]
        schema = _resolved(document, response["content"]["application/json"]["schema"])
        return _part(schema, words[2:])
    raise AssertionError(f"unknown expectation key {key!r}")


def _part(schema: dict[str, Any], rest: list[str]) -> Any:
    if not rest:
        return schema
    if rest == ["required"]:
        return _object(schema).get("required", [])
    return _object(schema)["properties"][rest[0]]


EXAMPLES = doc_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_format_example(example: DocExample, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example gives what FORMAT.md says it gives: each key's value, and exactly the
    warnings and errors listed (none when none are listed)."""
    document, sink = run_example(example, monkeypatch)
    expected = dict(example.expected)
    errors = expected.pop("errors", [])
    warnings = expected.pop("warnings", [])
    _match([str(d) for d in sink.errors], errors, "errors", example)
    _match([str(d) for d in sink.warnings], warnings, "warnings", example)
    if errors:
        assert document is None
        return
    assert document is not None
    for key, value in expected.items():
        assert actual(document, key) == value, f"FORMAT.md:{example.line}: {key}"


def _match(found: list[str], wanted: list[str], what: str, example: DocExample) -> None:
    assert len(found) == len(wanted), f"FORMAT.md:{example.line}: {what}: {found}"
    for message, fragment in zip(found, wanted, strict=True):
        assert fragment in message, f"FORMAT.md:{example.line}: {fragment!r} not in {message!r}"


def test_every_example_is_checked() -> None:
    """FORMAT.md holds examples, each with an expectation, and their names are unique."""
    names = [e.name for e in EXAMPLES]
    assert len(EXAMPLES) >= 40
    assert len(set(names)) == len(names)
    assert all(e.expected for e in EXAMPLES)


def _example(name: str) -> DocExample:
    return next(e for e in EXAMPLES if e.name == name)


def test_a_page_written_from_the_format_examples_generates(tmp_path: Path) -> None:
    """A new page put together only from FORMAT.md's examples (its head, endpoint, authentication,
    query, body and status sections) generates the operation, parameters and limits they show."""
    head, _ = _split(_example("title-without-method").markdown)
    parts = [
        head,
        _split(_example("endpoint-in-code").markdown)[1]["Endpoint"],
        _split(_example("scope-either").markdown)[1]["Authentication"],
        _split(_example("counts").markdown)[1]["Query Parameters"],
        _split(_example("limits-body-prose").markdown)[1]["Request Body"],
        _split(_example("response-example").markdown)[1]["Status Codes"],
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "things-create.md").write_text("".join(parts), encoding="utf-8")
    spec = tmp_path / "openapi.yaml"
    run = run_cli(
        "generate", "--docs", str(docs), "--spec", str(spec), "--out", str(tmp_path / "out")
    )
    assert run.code == 0, run.err
    assert "warning" not in run.err
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    operation = document["paths"]["/api/things"]["post"]
    assert operation["operationId"] == "createThings"
    assert operation["summary"] == "Create things"
    assert operation["security"] == [{"bearerAuth": ["linksRead"]}, {"bearerAuth": ["linksWrite"]}]
    params = {p["name"]: (p["in"], p["required"], p["schema"]) for p in operation["parameters"]}
    assert params == {
        "take": (
            "query",
            False,
            {"type": "integer", "minimum": 1, "maximum": 10000, "default": 50},
        ),
        "skip": ("query", False, {"type": "integer", "minimum": 0, "default": 0}),
        "minRate": ("query", False, {"type": "number", "minimum": 0.5}),
    }
    body = _resolved(document, operation["requestBody"]["content"]["application/json"]["schema"])
    assert body == {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 1,
        "maxItems": 10000,
    }
    created = _resolved(document, operation["responses"]["201"]["content"]["application/json"])
    assert created["schema"]["items"]["properties"] == {
        "id": {"type": "string", "format": "uuid"},
        "createdAt": {"type": "string", "format": "date-time"},
    }
