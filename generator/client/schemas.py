"""Reading JSON Schema references in an OpenAPI document: the small helpers the client stage shares."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

__all__ = ["REF", "deref", "refs", "refs_in", "schema_name"]

REF = "#/components/schemas/"


def schema_name(ref: object) -> str | None:
    """The component a `#/components/schemas/<name>` ref names, or None for any other value.

    The name is a URI fragment and a JSON pointer token: `a%20b` is `a b`, `a~1b` is `a/b`.
    """
    if not isinstance(ref, str) or not ref.startswith(REF):
        return None
    return unquote(ref[len(REF) :]).replace("~1", "/").replace("~0", "~")


def refs(schema: Any) -> list[str]:
    """The component schemas `schema` refers to, in document order (with repeats)."""
    if isinstance(schema, Mapping):
        ref = schema_name(schema.get("$ref"))
        own = [ref] if ref is not None else []
        return own + [r for v in schema.values() for r in refs(v)]
    if isinstance(schema, list):
        return [r for v in schema for r in refs(v)]
    return []


def refs_in(value: Any) -> Iterator[str]:
    """The component schemas `value` refers to, in no particular order (without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            name = schema_name(item.get("$ref"))
            if name is not None:
                yield name
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def deref(document: Mapping[str, Any], node: Any) -> Any:
    """`node` with a local `$ref` (`#/components/...`) followed, through chains of them; refs to
    component schemas are left for the models."""
    for _ in range(32):  # a cycle of refs is cut off rather than followed forever
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if not isinstance(ref, str) or not ref.startswith("#/") or ref.startswith(REF):
            return node
        target: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        if target is None:
            return node
        node = target
    return node
