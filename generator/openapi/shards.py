"""The OpenAPI document checked by openapi-spec-validator, whole or in shards.

openapi-spec-validator is called through its public API (`OpenAPIV31SpecValidator`). A document
can be cut into shards that are valid OpenAPI on their own: one per path (the path item and the
component schemas it reaches), one per component schema (with the schemas it reaches), and the
rest (info, tags, security schemes). The document is valid exactly when every shard is and its
operationIds are unique: the validator's other rules look at one path item, one operation or one
schema at a time, with the schemas it refers to, and each shard carries those. Uniqueness of
operationIds, the one rule across paths, is checked here over the whole document, with the
validator's message (tests/unit/test_spec_check.py shows both halves). So a caller that remembers
which shards passed may check only the others, merged back into one document (`merged`).
A document that refers outside `#/components/schemas/` is not cut (`shards` gives None).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "VALIDATOR_PACKAGES",
    "Shard",
    "closure",
    "document_errors",
    "duplicate_operation_ids",
    "merged",
    "schema_refs",
    "shards",
]

VALIDATOR_PACKAGES = ("openapi-spec-validator", "openapi-schema-validator", "jsonschema")
"""What a verdict depends on besides the document."""

_SCHEMA_REF = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class Shard:
    paths: tuple[str, ...]
    schemas: tuple[str, ...]
    root: bool
    text: bytes
    """The shard document as the validator reads it (JSON): what its verdict depends on."""


def document_errors(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every way `document` is not valid OpenAPI 3.1: (where, message), in the validator's order.

    openapi-spec-validator stops with an exception on some malformed documents (a `responses`
    that is not a mapping, say) after reporting the schema error that explains it, or before
    reporting anything: the document is then invalid all the same, never taken as checked.
    """
    from openapi_spec_validator import OpenAPIV31SpecValidator

    errors: list[tuple[str, str]] = []
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            # The message's first paragraph; the rest quotes the schema and the instance.
            message = str(error.message).split("\n\n", 1)[0]
            errors.append(("/".join(str(p) for p in error.path) or "(root)", message))
    except Exception as exc:  # noqa: BLE001 - any failure to check is a failed check
        if not errors:
            reason = f"{type(exc).__name__}: {exc}"
            errors.append(("(root)", f"openapi-spec-validator could not check it ({reason})"))
    return errors


def shards(document: dict[str, Any]) -> list[Shard] | None:
    """The shards of `document`, or None when it cannot be cut (refs outside component schemas)."""
    components = document.get("components", {})
    schemas = components.get("schemas", {}) if isinstance(components, dict) else {}
    paths = document.get("paths", {})
    if not isinstance(schemas, dict) or not isinstance(paths, dict) or "webhooks" in document:
        return None
    # A ref to anything but a component schema, or to one that is missing (a dangling ref),
    # leaves the document whole: the validator then sees it in context.
    refs: dict[str, set[str] | None] = {}
    pieces: list[tuple[tuple[str, ...], tuple[str, ...], bool]] = [((), (), True)]
    for path, item in paths.items():
        found = schema_refs(item)
        reached = None if found is None else closure(found, schemas, refs)
        if reached is None:
            return None
        pieces.append(((path,), reached, False))
    for name in schemas:
        reached = closure({name}, schemas, refs)
        if reached is None:
            return None
        pieces.append(((), reached, False))
    orders = _orders(document)
    return [
        Shard(p, s, root, json.dumps(_merge(document, set(p), set(s), root, orders)).encode())
        for p, s, root in pieces
    ]


def merged(document: dict[str, Any], parts: Iterable[Shard]) -> dict[str, Any]:
    """The part of `document` that `parts` cover, as one document."""
    chosen = list(parts)
    paths = {p for s in chosen for p in s.paths}
    schemas = {n for s in chosen for n in s.schemas}
    return _merge(document, paths, schemas, any(s.root for s in chosen), _orders(document))


def schema_refs(value: Any) -> set[str] | None:
    """The component schemas `value` refers to directly; None if it refers to anything else."""
    found: set[str] = set()
    for ref in _refs(value):
        name = ref[len(_SCHEMA_REF) :]
        if not ref.startswith(_SCHEMA_REF) or "/" in name or "~" in name:
            return None
        found.add(name)
    return found


def closure(
    names: set[str], schemas: dict[str, Any], memo: dict[str, set[str] | None]
) -> tuple[str, ...] | None:
    """`names` and every component schema they reach; None if one is missing or refers to
    something other than a component schema. `memo` keeps each schema's direct refs."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in schemas:
            return None
        if name not in memo:
            memo[name] = schema_refs(schemas[name])
        direct = memo[name]
        if direct is None:
            return None
        seen.add(name)
        todo.extend(direct)
    return tuple(sorted(seen))


def duplicate_operation_ids(document: dict[str, Any]) -> list[tuple[str, str]]:
    """openapi-spec-validator's one rule across paths, with its message."""
    seen: set[Any] = set()
    errors = []
    for url, item in document.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method not in _METHODS or not isinstance(operation, dict):
                continue
            if "operationId" not in operation or operation["operationId"] is None:
                continue
            value = operation["operationId"]
            if value in seen:
                message = f"Operation ID '{value}' for '{method}' in '{url}' is not unique"
                errors.append(("(root)", message))
            seen.add(value)
    return errors


def _refs(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _merge(
    document: dict[str, Any],
    paths: set[str],
    schemas: set[str],
    root: bool,
    orders: tuple[dict[str, int], dict[str, int]],
) -> dict[str, Any]:
    """The part of `document` with these paths and schemas (and with the root's tags if root)."""
    out = {k: v for k, v in document.items() if k not in ("paths", "components", "tags")}
    if root and "tags" in document:
        out["tags"] = document["tags"]
    if "paths" in document:
        out["paths"] = _pick(document["paths"], paths, orders[0])
    if "components" in document:
        components = dict(document["components"])
        if "schemas" in components:
            components["schemas"] = _pick(components["schemas"], schemas, orders[1])
        out["components"] = components
    return out


def _pick(mapping: dict[str, Any], keys: set[str], order: dict[str, int]) -> dict[str, Any]:
    """The entries of `mapping` named `keys`, in the document's order (so the validator reports
    what it reports on the whole document, in the same words), found by their positions
    `order` rather than by walking a big document for a few names."""
    chosen = sorted(keys & mapping.keys(), key=order.__getitem__)
    return {key: mapping[key] for key in chosen}


def _orders(document: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """Each path's and each component schema's position in the document."""
    paths = document.get("paths", {})
    schemas = document.get("components", {}).get("schemas", {})
    return {k: i for i, k in enumerate(paths)}, {k: i for i, k in enumerate(schemas)}
