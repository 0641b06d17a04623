"""Two JSON Schemas -> what changed for a client, one finding per difference.

Schemas are compared as resolved shapes: `$ref`s to components are inlined and `allOf` parts merged
(`resolve`), so moving a shape into a shared component is no change at all, while editing a
component shows up at every request or response that uses it. A component met again while it is
being inlined stays a `{"$ref": name}` marker, which is how recursive shapes end.

The side matters for a few rules. A request schema is what the client sends: a new required field
or a newly required property breaks callers, a widened type does not. A response schema is what the
client reads: a field that may now be absent, or a type that now also allows null, breaks readers.
Everything else is the same on both sides: a removed field, a changed type or format, a tightened
limit or a removed enum value is breaking; additions and loosened limits are compatible; new
descriptions, titles and examples are wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["BREAKING", "COMPATIBLE", "WORDING", "compare", "resolve"]

BREAKING, COMPATIBLE, WORDING = "breaking", "compatible", "wording"

_REF = "#/components/schemas/"
_SCHEMA_LISTS = ("anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "not", "additionalProperties", "contains")
# Limits whose lower value is the tighter one, and those whose higher value is.
_UPPER = ("maximum", "exclusiveMaximum", "maxItems", "maxLength", "maxProperties")
_LOWER = ("minimum", "exclusiveMinimum", "minItems", "minLength", "minProperties")
_WORDING = ("description", "title", "example", "examples")

Finding = tuple[str, str]


def resolve(schema: Any, components: Mapping[str, Any], stack: tuple[str, ...] = ()) -> Any:
    """`schema` with component `$ref`s inlined and `allOf` merged (cycle-safe, see the docstring)."""
    if not isinstance(schema, Mapping):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF):
        name = ref[len(_REF) :]
        if name in stack or name not in components:
            return {"$ref": name}
        target = resolve(components[name], components, (*stack, name))
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        return _merge(target, resolve(siblings, components, stack)) if siblings else target
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "allOf":
            continue
        if key == "properties" and isinstance(value, Mapping):
            out[key] = {name: resolve(sub, components, stack) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [resolve(sub, components, stack) for sub in value]
        elif key in _SCHEMA_VALUES and isinstance(value, Mapping):
            out[key] = resolve(value, components, stack)
        else:
            out[key] = value
    for part in schema.get("allOf", ()):
        out = _merge(out, resolve(part, components, stack))
    return out


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """One schema meaning both: properties and required lists joined, other keys from `extra`."""
    merged = {**base, **extra}
    if "properties" in base or "properties" in extra:
        merged["properties"] = {**base.get("properties", {}), **extra.get("properties", {})}
    if "required" in base or "required" in extra:
        merged["required"] = sorted({*base.get("required", ()), *extra.get("required", ())})
    return merged


def compare(old: Any, new: Any, where: str, side: str) -> Iterator[Finding]:
    """What changed from `old` to `new` (resolved schemas) at `where`, for the `side` given."""
    if old == new:
        return
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        yield BREAKING, f"{where}: schema changed"
        return
    if "$ref" in old or "$ref" in new:
        if old.get("$ref") != new.get("$ref"):
            yield BREAKING, f"{where}: type changed from {_shape(old)} to {_shape(new)}"
        return
    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        if old_types and old_types < new_types and side == "request":
            yield COMPATIBLE, f"{where}: now also accepts {_kinds(new_types - old_types)}"
        elif old_types and new_types and new_types < old_types and side == "response":
            yield COMPATIBLE, f"{where}: no longer {_kinds(old_types - new_types)}"
        else:
            yield BREAKING, f"{where}: type changed from {_shape(old)} to {_shape(new)}"
            return
    if old.get("format") != new.get("format"):
        yield (
            BREAKING,
            f"{where}: format changed from {_text(old.get('format'))} to {_text(new.get('format'))}",
        )
    yield from _enum(old, new, where)
    yield from _limits(old, new, where)
    yield from _object(old, new, where, side)
    for key in ("items", "additionalProperties", "not", "contains"):
        if isinstance(old.get(key), Mapping) and isinstance(new.get(key), Mapping):
            yield from compare(
                old[key], new[key], where + ("[]" if key == "items" else f" {key}"), side
            )
        elif old.get(key) != new.get(key) and key != "additionalProperties":
            yield BREAKING, f"{where}: {key} changed"
    yield from _alternatives(old, new, where, side)
    if old.get("default") != new.get("default"):
        yield (
            COMPATIBLE,
            f"{where}: default changed from {_text(old.get('default'))} to {_text(new.get('default'))}",
        )
    for key in _WORDING:
        if old.get(key) != new.get(key):
            yield WORDING, f"{where}: {key} changed"


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    kind = schema.get("type")
    kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()
    if schema.get("nullable") is True:
        kinds.add("null")
    return frozenset(kinds)


def _enum(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> Iterator[Finding]:
    before, after = old.get("enum"), new.get("enum")
    if before == after:
        return
    if after is None:
        yield COMPATIBLE, f"{where}: any value allowed now (was one of {_text(before)})"
    elif before is None:
        yield BREAKING, f"{where}: must now be one of {_text(after)}"
    else:
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        if removed:
            yield (
                BREAKING,
                f"{where}: value{'s' if len(removed) > 1 else ''} {_text(removed)[1:-1]} removed",
            )
        if added:
            yield (
                COMPATIBLE,
                f"{where}: value{'s' if len(added) > 1 else ''} {_text(added)[1:-1]} added",
            )


def _limits(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> Iterator[Finding]:
    for key in (*_UPPER, *_LOWER):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            yield COMPATIBLE, f"{where}: {key} {before} removed"
        elif before is None:
            yield BREAKING, f"{where}: {key} {after} added"
        else:
            tighter = after < before if key in _UPPER else after > before
            verb = "lowered" if after < before else "raised"
            yield (
                (BREAKING if tighter else COMPATIBLE),
                f"{where}: {key} {verb} from {before} to {after}",
            )
    for key in ("pattern", "multipleOf", "const"):
        before, after = old.get(key), new.get(key)
        if before != after:
            kind = COMPATIBLE if after is None else BREAKING
            yield kind, f"{where}: {key} changed from {_text(before)} to {_text(after)}"
    if old.get("uniqueItems", False) != new.get("uniqueItems", False):
        kind = BREAKING if new.get("uniqueItems") else COMPATIBLE
        yield (
            kind,
            f"{where}: items {'must now' if kind == BREAKING else 'need no longer'} be unique",
        )


def _object(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: str
) -> Iterator[Finding]:
    before, after = old.get("properties", {}), new.get("properties", {})
    was, now = set(old.get("required", ())), set(new.get("required", ()))
    for name in sorted(set(before) | set(after)):
        field = f"{where}.{name}"
        if name not in after:
            yield BREAKING, f"{field}: field removed"
        elif name not in before:
            required = name in now and side == "request"
            yield (
                (BREAKING, f"{field}: new required field")
                if required
                else (COMPATIBLE, f"{field}: field added")
            )
        else:
            if name in was and name not in now:
                kind = BREAKING if side == "response" else COMPATIBLE
                yield (
                    kind,
                    f"{field}: {'may now be absent' if side == 'response' else 'now optional'}",
                )
            elif name in now and name not in was:
                kind = BREAKING if side == "request" else COMPATIBLE
                yield (
                    kind,
                    f"{field}: {'now required' if side == 'request' else 'now always present'}",
                )
            yield from compare(before[name], after[name], field, side)
    closed_before = old.get("additionalProperties") is False
    closed_after = new.get("additionalProperties") is False
    if closed_before != closed_after and side == "request":
        kind = BREAKING if closed_after else COMPATIBLE
        yield (
            kind,
            f"{where}: {'no longer accepts' if closed_after else 'now accepts'} other fields",
        )


def _alternatives(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: str
) -> Iterator[Finding]:
    for key in ("anyOf", "oneOf"):
        before = {_canonical(s) for s in old.get(key, ())}
        after = {_canonical(s) for s in new.get(key, ())}
        if before == after:
            continue
        if before - after:
            yield (
                BREAKING,
                f"{where}: {len(before - after)} of the {key} alternatives removed or changed",
            )
        if after - before:
            kind = COMPATIBLE if side == "request" else BREAKING
            yield kind, f"{where}: {len(after - before)} {key} alternative(s) added"


def _canonical(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, default=str)


def _shape(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"])
    kinds = sorted(_types(schema))
    text = " | ".join(kinds) if kinds else "any"
    return f"{text} ({schema['format']})" if "format" in schema else text


def _kinds(kinds: frozenset[str]) -> str:
    return " or ".join(sorted(kinds))


def _text(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False, default=str)
