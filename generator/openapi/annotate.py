"""Endpoints and diagnostics -> the `Provenance` (`generator.ir.provenance`): what each line of
each page became in the spec, and the warnings and errors at it.

Read from the docs IR alone: every fact there carries its `Location`, and a constraint read away
from its field's line its `Origin` (the sentence that gave a body its item count, the list that
gave a field its enum). The document, when the run got that far, names the models the examples
became. `--report` writes this as JSON and `--html` shows it beside the page's lines.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from generator.diagnostics import Diagnostic, Location
from generator.ir.docs import MISSING, Endpoint, Example, Field, Json, TypeSpec
from generator.ir.provenance import Fact, Finding, PageFacts, Provenance
from generator.openapi.build import operation_names

__all__ = ["annotate", "describe"]

_ENUM_SHOWN = 8
_TEXT_SHOWN = 80


def annotate(
    files: Sequence[str],
    pages: Sequence[Endpoint],
    diagnostics: Sequence[Diagnostic],
    document: Mapping[str, Any] | None = None,
    classes: Mapping[str, str] | None = None,
) -> Provenance:
    """The facts and findings of each file in `files` (display paths, in order), from the
    endpoints they gave and the run's diagnostics; `classes` names the Python class of each
    schema (where it differs from the schema's name)."""
    models = _Models(document or {}, classes or {})
    by_file: dict[str, list[Endpoint]] = {path: [] for path in files}
    for endpoint in pages:
        by_file.setdefault(endpoint.source.path, []).append(endpoint)
    findings: dict[str, list[Finding]] = {path: [] for path in by_file}
    unplaced: list[Finding] = []
    for diagnostic in diagnostics:
        finding = Finding(
            diagnostic.location,
            diagnostic.severity.value,
            diagnostic.message,
            diagnostic.related,
        )
        findings.get(diagnostic.location.path, unplaced).append(finding)
    out = []
    for path, endpoints in by_file.items():
        found = (fact for endpoint in endpoints for fact in _facts(endpoint, models))
        facts = sorted(dict.fromkeys(found), key=lambda f: f.line)  # two phrases, one fact
        operations = tuple(f"{e.method} {e.path}" for e in endpoints)
        out.append(PageFacts(path, operations, tuple(facts), tuple(findings[path])))
    return Provenance(tuple(out), tuple(unplaced))


def _facts(endpoint: Endpoint, models: _Models) -> Iterator[Fact]:
    operation = f"{endpoint.method} {endpoint.path}"
    operation_id, _ = operation_names(endpoint)

    def fact(where: Location, kind: str, text: str, last: int = 0) -> Fact:
        return _fact(operation, where, kind, text, last)

    yield fact(endpoint.source, "summary", f"summary of `{operation_id}`: {_short(endpoint.title)}")
    if endpoint.category_source is not None:
        yield fact(endpoint.category_source, "category", f"category `{endpoint.category}`")
    route = f"{endpoint.method} `{endpoint.path}` → operation `{operation_id}`"
    yield fact(endpoint.route, "route", route)
    if endpoint.auth is not None:
        yield fact(endpoint.auth, "scope", _scopes(endpoint))
    for first, last in endpoint.texts:
        text = f"kept as text in the description of `{operation_id}`"
        yield fact(Location(endpoint.source.path, first), "text", text, last)
    for field in endpoint.parameters:
        what = f"{field.location} parameter `{field.name}`"
        yield fact(field.source, "parameter", f"{what}: {_field_words(field)}")
        yield from _origins(field.type, what, operation)
    if endpoint.body is not None:
        yield from _body(endpoint, models)
    for response in endpoint.responses:
        status = str(response.status) if response.status else "success"
        if response.status:
            said = f": {_short(response.description)}" if response.description else ""
            yield fact(response.source, "response", f"{status} response{said}")
        for example in response.examples:
            model = models.response(endpoint, response.status)
            yield fact(example.source, "example", f"{status} example{model}", _last(example))
        for field in _flat(response.fields, ""):
            text = f"response field `{field.name}`: {describe(field.type)}"
            yield fact(field.source, "response-field", text)


def _fact(operation: str, where: Location, kind: str, text: str, last: int = 0) -> Fact:
    return Fact(where.line, kind, text, operation, last if last > where.line else 0)


def _body(endpoint: Endpoint, models: _Models) -> Iterator[Fact]:
    body = endpoint.body
    if body is None:
        return
    operation = f"{endpoint.method} {endpoint.path}"

    def fact(where: Location, kind: str, text: str, last: int = 0) -> Fact:
        return _fact(operation, where, kind, text, last)

    # An object of fields has no line of its own (its rows say what it holds).
    if body.type.kind not in ("any", "object") or not (body.examples or body.type.properties):
        required = "required" if body.required else "optional"
        yield fact(body.source, "body", f"request body: {describe(body.type)}, {required}")
    yield from _origins(body.type, "the request body", operation)
    spec = body.type.items if body.type.kind == "array" and body.type.items else body.type
    for field in _flat(spec.properties, ""):
        what = f"body field `{field.name}`"
        yield fact(field.source, "field", f"{what}: {_field_words(field)}")
        yield from _origins(field.type, what, operation)
    model = models.request(endpoint)
    for example in body.examples:
        yield fact(example.source, "example", f"request example{model}", _last(example))


def _flat(fields: tuple[Field, ...], prefix: str) -> Iterator[Field]:
    """The fields and, after each, the fields nested in it (named `a.b`, `a[].b`)."""
    for field in fields:
        name = f"{prefix}{field.name}"
        yield dataclasses.replace(field, name=name)
        spec = field.type
        if spec.kind == "array" and spec.items is not None:
            yield from _flat(spec.items.properties, f"{name}[].")
        yield from _flat(spec.properties, f"{name}.")


def _field_words(field: Field) -> str:
    if field.required_when:
        needed = f"required only sometimes ({_short(field.required_when)})"
    else:
        needed = "required" if field.required else "optional"
    return f"{describe(field.type)}, {needed}"


def _origins(spec: TypeSpec, what: str, operation: str) -> Iterator[Fact]:
    for origin in spec.origins:
        if origin.key == "enum":
            values = spec.items.enum if spec.kind == "array" and spec.items else spec.enum
            kind, text = "enum", f"enum of {what}: {_values(values)}"
        elif origin.key == "nullable":
            kind, text = "nullable", f"{what} may be null"
        else:
            kind, text = "limit", f"limit of {what}: {_limit(spec, origin.key)}"
        yield _fact(operation, origin.where, kind, text, origin.last)


def describe(spec: TypeSpec) -> str:
    """The type and what constrains it, in words: `integer, 1 to 10,000, default 50`."""
    parts = [_kind(spec), *_ranges(spec)]
    if spec.enum:
        parts.append(f"one of {_values(spec.enum)}")
    if spec.kind == "array" and spec.items is not None:
        parts += [f"each {r}" for r in _ranges(spec.items)]
        if spec.items.enum:
            parts.append(f"each one of {_values(spec.items.enum)}")
    if spec.default is not MISSING:
        parts.append(f"default {_json(cast(Json, spec.default))}")
    if spec.nullable:
        parts.append("or null")
    return ", ".join(parts)


def _kind(spec: TypeSpec) -> str:
    if spec.kind == "any":
        return "any JSON value"
    text = spec.kind + (f" ({spec.format})" if spec.format else "")
    if spec.kind == "array" and spec.items is not None:
        text += f" of {_kind(spec.items)}"
    return text


_RANGES = (
    ("minimum", "maximum", ""),
    ("min_length", "max_length", " character"),
    ("min_items", "max_items", " item"),
)


def _ranges(spec: TypeSpec) -> list[str]:
    out = []
    for low_key, high_key, unit in _RANGES:
        low, high = getattr(spec, low_key), getattr(spec, high_key)
        if low is not None and high is not None:
            out.append(f"{_number(low)} to {_number(high)}{_plural(unit, high)}")
        elif low is not None:
            out.append(f"at least {_number(low)}{_plural(unit, low)}")
        elif high is not None:
            out.append(f"at most {_number(high)}{_plural(unit, high)}")
    if spec.exclusive_minimum is not None:
        out.append(f"above {_number(spec.exclusive_minimum)}")
    if spec.exclusive_maximum is not None:
        out.append(f"below {_number(spec.exclusive_maximum)}")
    return out


_LIMIT_WORDS = {
    "minimum": ("at least", ""),
    "maximum": ("at most", ""),
    "exclusive_minimum": ("above", ""),
    "exclusive_maximum": ("below", ""),
    "min_length": ("at least", " character"),
    "max_length": ("at most", " character"),
    "min_items": ("at least", " item"),
    "max_items": ("at most", " item"),
}


def _limit(spec: TypeSpec, key: str) -> str:
    """One limit in words (`at most 10,000 items`); `items.` keys are each item's."""
    each, _, attribute = key.rpartition(".")
    holder = spec.items if each and spec.items is not None else spec
    words, unit = _LIMIT_WORDS.get(attribute, (attribute.replace("_", " "), ""))
    value = getattr(holder, attribute, None)
    if not isinstance(value, int | float):
        return f"{'each ' if each else ''}{words}{unit}"
    return f"{'each ' if each else ''}{words} {_number(value)}{_plural(unit, value)}"


def _plural(unit: str, value: int | float) -> str:
    return unit if not unit or value == 1 else unit + "s"


def _number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else repr(value)


def _values(values: tuple[Json, ...]) -> str:
    shown = [v if isinstance(v, str) else _json(v) for v in values[:_ENUM_SHOWN]]
    more = len(values) - _ENUM_SHOWN
    return ", ".join(shown) + (f", ... ({more} more)" if more > 0 else "")


def _json(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False)


def _scopes(endpoint: Endpoint) -> str:
    if not endpoint.authenticated:
        return "no authentication"
    if not endpoint.scopes:
        return "an API key, no scope named"
    sets = [" and ".join(f"`{s}`" for s in names) for names in endpoint.scopes]
    count = sum(len(names) for names in endpoint.scopes)
    return f"scope{'s' if count > 1 else ''} " + " or ".join(sets)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _TEXT_SHOWN else flat[: _TEXT_SHOWN - 3] + "..."


def _last(example: Example) -> int:
    lines = example.text.rstrip("\n").count("\n")
    return example.source.line + lines


class _Models:
    """The model (schema, by its Python class name) that a request or a response example became."""

    def __init__(self, document: Mapping[str, Any], classes: Mapping[str, str]) -> None:
        self._paths = document.get("paths", {})
        self._classes = classes

    def request(self, endpoint: Endpoint) -> str:
        operation = self._operation(endpoint)
        return self._named(operation.get("requestBody", {}))

    def response(self, endpoint: Endpoint, status: int) -> str:
        responses = self._operation(endpoint).get("responses", {})
        if not status:
            status = next((int(s) for s in responses if s.isdigit() and s.startswith("2")), 0)
        return self._named(responses.get(str(status), {}))

    def _operation(self, endpoint: Endpoint) -> Mapping[str, Any]:
        found = self._paths.get(endpoint.path, {}).get(endpoint.method.lower(), {})
        return found if isinstance(found, dict) else {}

    def _named(self, holder: Mapping[str, Any]) -> str:
        schema = holder.get("content", {}).get("application/json", {}).get("schema")
        if not isinstance(schema, dict):
            return ""
        ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref")
        if not isinstance(ref, str):
            return f" → {schema.get('type', 'any JSON value')}"
        name = ref.rsplit("/", 1)[-1]
        name = self._classes.get(name, name)
        return f" → `{name}`" if "$ref" in schema else f" → list of `{name}`"
