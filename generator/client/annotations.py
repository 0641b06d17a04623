"""JSON Schema -> the Python annotations of generated signatures.

Arguments accept what a caller naturally has: a UUID field takes `UUID | str`, an object a model
or a plain mapping, a list of strings any sequence but a bare `str` (`SequenceNotStr`).
Validation is the models' job, so an annotation only needs to be honest about what is accepted.
Whether None is allowed is said apart (`nullable`), since it is written after `NotGiven`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from generator.client.schemas import schema_name
from generator.ir.client import ModelIndex

__all__ = ["admits_null", "argument_type", "response_type"]

_FORMATS = {"uuid": "UUID | str", "date-time": "datetime | str", "date": "date | str"}
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_PARSED_FORMATS = {"uuid": "UUID", "date-time": "datetime", "date": "date"}


def admits_null(schema: Any) -> bool:
    """Whether the schema allows null: a type list with "null", `nullable: true` (3.0), an
    anyOf/oneOf branch of type null, or null among the enum's values."""
    if not isinstance(schema, Mapping):
        return False
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if schema.get("nullable") is True:
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    branches = [b for key in ("anyOf", "oneOf") for b in _list(schema.get(key))]
    return any(admits_null(branch) for branch in branches)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def argument_type(
    schema: Any,
    index: ModelIndex,
    *,
    accept_mapping: bool = True,
    schemas: Mapping[str, Any] | None = None,
    depth: int = 0,
) -> str:
    """The Python type an argument of this schema accepts, None left out. Given the component
    `schemas`, a ref to a RootModel accepts what its root does too (`Status | Literal[...]`)."""
    if not isinstance(schema, Mapping) or not schema:
        return "Any"
    more = _More(schemas, depth + 1)
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        name = index.classes.get(ref, "Any")
        if name in index.root_models and schemas is not None and depth < 4:
            inner = argument_type(
                schemas.get(ref),
                index,
                accept_mapping=accept_mapping,
                schemas=schemas,
                depth=depth + 1,
            )
            return _union([name, inner])
        if name in index.root_models or not accept_mapping or name == "Any":
            return name
        return f"{name} | Mapping[str, Any]"
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            parts = [
                argument_type(
                    s, index, accept_mapping=accept_mapping, schemas=schemas, depth=depth + 1
                )
                for s in schema[key]
                if not (isinstance(s, Mapping) and s.get("type") == "null")
            ]
            return _union(parts)
    if isinstance(schema.get("enum"), list):
        values = [v for v in schema["enum"] if isinstance(v, (str, int, bool)) and v is not None]
        values = list({(type(v), v): v for v in values}.values())
        return f"Literal[{', '.join(repr(v) for v in values)}]" if values else "Any"
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else [k for k in kinds if isinstance(k, str)]
    return _union([_one(kind, schema, index, more) for kind in kinds if kind != "null"])


class _More(NamedTuple):
    """What `argument_type` passes down: the component schemas, and how deep it is."""

    schemas: Mapping[str, Any] | None
    depth: int


def _one(kind: str, schema: Mapping[str, Any], index: ModelIndex, more: _More) -> str:
    if kind == "string" and schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    if kind == "array":
        items = schema.get("items", {})
        inner = argument_type(items, index, schemas=more.schemas, depth=more.depth)
        if isinstance(items, Mapping) and items.get("type") == "string":
            return f"SequenceNotStr[{inner}]"
        return f"Sequence[{inner}]"
    if kind == "object":
        return "Mapping[str, Any]"
    return _SCALARS.get(kind, "Any")


def _union(parts: list[str]) -> str:
    """The union of annotations, each member once (members of members too: `A | Mapping` and
    `B | Mapping` give `A | Mapping | B`), or Any when one is Any."""
    unique = list(dict.fromkeys(member for part in parts for member in _members(part)))
    if not unique or "Any" in unique:
        return "Any"
    return " | ".join(unique)


def _members(annotation: str) -> list[str]:
    """The top-level members of a union annotation (`A | list[B | C]` -> `A`, `list[B | C]`)."""
    members, depth, start = [], 0, 0
    for at, char in enumerate(annotation):
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            members.append(annotation[start:at].strip())
            start = at + 1
    members.append(annotation[start:].strip())
    return [m for m in members if m]


def response_type(schema: Any, schemas: Mapping[str, Any], index: ModelIndex) -> str:
    """The type a response of this schema parses into: a model class, `list[Model]` for a list
    (of models or of scalars), `None` for no body, `Any` for what has no model."""
    if not isinstance(schema, Mapping) or not schema:
        return "None"
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        target = schemas.get(ref, {})
        if isinstance(target, Mapping) and target.get("type") == "array":
            return f"list[{_item_type(target.get('items', {}), index)}]"
        return index.classes.get(ref, "Any")
    if schema.get("type") == "array":
        return f"list[{_item_type(schema.get('items', {}), index)}]"
    return "Any"


def _item_type(schema: Any, index: ModelIndex) -> str:
    if not isinstance(schema, Mapping):
        return "Any"
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        return index.classes.get(ref, "Any")
    kind = schema.get("type")
    if kind == "string" and schema.get("format") in _PARSED_FORMATS:
        return _PARSED_FORMATS[schema["format"]]
    return _SCALARS.get(kind, "Any") if isinstance(kind, str) else "Any"
