"""JSON examples -> JSON Schema (2020-12, as OpenAPI 3.1 uses it).

Strings that look like a UUID, a date-time, a date, an email or a URL get that `format`. Several
examples of one value merge: a key present in every example is required, `null` makes a value
nullable, integers and floats make a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.ir.docs import Json

__all__ = ["infer_schema", "merge_schemas"]

Schema = dict[str, Any]

_FORMATS = [
    (
        "uuid",
        re.compile(
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        ),
    ),
    ("date-time", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")),
    ("date", re.compile(r"^\d{4}-\d\d-\d\d$")),
    ("email", re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")),
    ("uri", re.compile(r"^https?://[^\s/$.?#][^\s]*$")),
]


def infer_schema(value: Json) -> Schema:
    """The schema of one example value."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        fmt = next((name for name, pattern in _FORMATS if pattern.match(value)), None)
        return {"type": "string", "format": fmt} if fmt else {"type": "string"}
    if isinstance(value, list):
        items = merge_schemas([infer_schema(v) for v in value]) if value else {}
        return {"type": "array", "items": items}
    properties = {key: infer_schema(v) for key, v in value.items()}
    return {"type": "object", "properties": properties, "required": sorted(value)}


def merge_schemas(schemas: Sequence[Schema]) -> Schema:
    """One schema every given schema's values satisfy."""
    if not schemas:
        return {}
    split = [_split_null(s) for s in schemas]
    nullable = any(n for _, n in split)
    rest = [s for s, _ in split if s.get("type") != "null"]
    if not rest:
        return {"type": "null"}
    merged = _merge_same(rest) if len({_kind(s) for s in rest}) == 1 else _merge_numbers(rest)
    if nullable and merged:
        merged["type"] = (
            [merged["type"], "null"] if isinstance(merged.get("type"), str) else merged.get("type")
        )
    return merged


def _kind(schema: Schema) -> object:
    return schema.get("type", "any")


def _split_null(schema: Schema) -> tuple[Schema, bool]:
    """(the schema without null, whether it allowed null)."""
    kind = schema.get("type")
    if kind == "null":
        return schema, True
    if isinstance(kind, list):
        others = [k for k in kind if k != "null"]
        single = {**schema, "type": others[0] if len(others) == 1 else others}
        return single, "null" in kind
    return schema, False


def _merge_numbers(schemas: Sequence[Schema]) -> Schema:
    if {s.get("type") for s in schemas} <= {"integer", "number"}:
        return {"type": "number"}
    return {}


def _merge_same(schemas: Sequence[Schema]) -> Schema:
    first = schemas[0]
    kind = first.get("type")
    if kind == "array":
        items = [s["items"] for s in schemas if s.get("items")]
        return {"type": "array", "items": merge_schemas(items)}
    if kind == "object":
        return _merge_objects(schemas)
    formats = {s.get("format") for s in schemas}
    merged: Schema = {"type": kind} if kind else {}
    if len(formats) == 1 and None not in formats:
        merged["format"] = formats.pop()
    return merged


def _merge_objects(schemas: Sequence[Schema]) -> Schema:
    keys: list[str] = []
    for schema in schemas:
        keys.extend(k for k in schema.get("properties", {}) if k not in keys)
    properties = {
        key: merge_schemas(
            [s["properties"][key] for s in schemas if key in s.get("properties", {})]
        )
        for key in keys
    }
    required = [k for k in keys if all(k in s.get("required", ()) for s in schemas)]
    out: Schema = {"type": "object", "properties": properties}
    if required:
        out["required"] = sorted(required)
    return out
