"""Type cells (`string (UUID)`, `array<object>`, `integer | null`) -> `TypeSpec`."""

from __future__ import annotations

import re

from generator.ir.docs import TypeSpec

__all__ = ["parse_type"]

_SCALARS = {
    "string": "string",
    "str": "string",
    "text": "string",
    "number": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "json": "object",
    "map": "object",
    "array": "array",
    "list": "array",
    "any": "any",
}

# Formats written in parentheses after the type, or alone as the type.
_FORMATS = {
    "uuid": "uuid",
    "guid": "uuid",
    "url": "uri",
    "uri": "uri",
    "email": "email",
    "e-mail": "email",
    "iso 8601": "date-time",
    "iso8601": "date-time",
    "iso 8601 date-time": "date-time",
    "datetime": "date-time",
    "date-time": "date-time",
    "timestamp": "date-time",
    "date": "date",
    "iso 8601 date": "date",
}

_ARRAY = re.compile(r"^(?:array|list)\s*<\s*(?P<item>.+)\s*>$|^(?P<item2>.+?)\s*\[\]$")
_PAREN = re.compile(r"^(?P<base>[\w -]+?)\s*\((?P<inner>[^()]*)\)$")


def parse_type(cell: str) -> TypeSpec | None:
    """The type a cell names, or None when it names none we know."""
    text = " ".join(cell.strip().split()).lower().replace("`", "")
    parts = [p.strip() for p in re.split(r"\s*(?:\||\bor\b)\s*", text) if p.strip()]
    nullable = "null" in parts or "nullable" in text
    parts = [p for p in parts if p not in ("null", "nullable")]
    if len(parts) != 1:
        return None
    spec = _single(parts[0].replace(", nullable", "").strip())
    if spec is None:
        return None
    return TypeSpec(spec.kind, spec.format, spec.items, nullable=nullable) if nullable else spec


def _single(text: str) -> TypeSpec | None:
    array = _ARRAY.match(text)
    if array:
        item = _single((array.group("item") or array.group("item2")).strip())
        return TypeSpec("array", items=item) if item else None
    paren = _PAREN.match(text)
    if paren:
        base = _single(paren.group("base"))
        fmt = _FORMATS.get(paren.group("inner").strip())
        if base is None:
            return None
        if fmt is None:
            return base
        return TypeSpec(base.kind, fmt, base.items)
    if text in _SCALARS:
        kind = _SCALARS[text]
        return TypeSpec(kind, items=TypeSpec("any") if kind == "array" else None)
    if text in _FORMATS:
        return TypeSpec("string", _FORMATS[text])
    return None
