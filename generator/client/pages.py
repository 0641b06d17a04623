"""How a list operation pages, read from its parameters and its response.

A GET whose response holds a list (the response itself, or one of its properties) pages when its
query parameters say how: an offset and a limit (`skip`/`take`, `offset`/`limit`), a page number
and a size (`page`/`pageSize`), or a cursor the response hands back (`cursor` and `nextCursor`,
possibly nested: `pagination.nextCursor`). The result names the runtime strategy and its
arguments: wire names for the query parameters, Python attributes for the response's parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.client.schemas import schema_name
from generator.ir.client import ModelIndex, Page, Param

__all__ = ["pagination"]

_OFFSET = ("skip", "offset", "start")
_LIMIT = ("take", "limit", "per_page", "perPage", "pageSize", "page_size", "size", "count")
_PAGE = ("page", "pageNumber", "page_number")
_CURSOR = ("cursor", "after", "starting_after", "startingAfter", "page_token", "pageToken")
_NEXT = ("nextCursor", "next_cursor", "nextPageToken", "next_page_token", "endCursor", "next")
_TOTAL = ("total", "totalCount", "total_count", "totalItems", "total_items", "count")
_TOTAL_PAGES = ("totalPages", "total_pages", "pageCount", "page_count", "pages")
_LIST_NAMES = ("data", "items", "results", "records", "entries")


def pagination(
    method: str,
    response: str | None,
    schemas: Mapping[str, Any],
    index: ModelIndex,
    params: tuple[Param, ...],
    defaults: Mapping[str, Any],
) -> Page | None:
    """How the operation pages (None: it does not). `response` names its response schema;
    `defaults` holds each query parameter's documented default, by wire name."""
    if method != "get" or response is None:
        return None
    found = _items(response, schemas, index)
    if found is None:
        return None
    items, item, model = found
    query = {p.wire for p in params if p.location == "query"}
    offset, limit = _first(query, _OFFSET), _first(query, _LIMIT)
    page, cursor = _first(query, _PAGE), _first(query, _CURSOR)
    total = _attribute(model, schemas, index, _TOTAL, "integer")
    if offset and limit:
        arguments: dict[str, Any] = {"items": items, "offset": offset, "limit": limit}
        arguments.update(_int("default_limit", defaults.get(limit)))
        return Page("OffsetPagination", _pairs({**arguments, "total": total}), item)
    if page and limit:
        arguments = {"items": items, "page": page, "size": limit}
        arguments.update(_int("default_size", defaults.get(limit)))
        first = defaults.get(page)
        if isinstance(first, int) and not isinstance(first, bool) and first in (0, 1):
            arguments["first_page"] = first
        pages = _attribute(model, schemas, index, _TOTAL_PAGES, "integer")
        return Page(
            "PageNumberPagination",
            _pairs({**arguments, "total": total, "total_pages": pages}),
            item,
        )
    if cursor:
        following = _next_cursor(model, schemas, index)
        if following is not None:
            pairs = {"items": items, "cursor": cursor, "next_cursor": following}
            return Page("CursorPagination", _pairs(pairs), item)
    return None


def _items(
    response: str, schemas: Mapping[str, Any], index: ModelIndex
) -> tuple[str | None, str, str | None] | None:
    """(the attribute holding the list or None for a bare list, the item class, the response
    model) of a list response; None when the response holds no single list of models."""
    schema = schemas.get(response, {})
    if not isinstance(schema, Mapping):
        return None
    if schema.get("type") == "array":
        item = _class(schema.get("items"), index)
        return (None, item, None) if item else None
    model = index.classes.get(response)
    properties = schema.get("properties")
    if model is None or not isinstance(properties, Mapping):
        return None
    lists = [
        k for k, v in properties.items() if isinstance(v, Mapping) and v.get("type") == "array"
    ]
    if len(lists) > 1:
        lists = [k for k in lists if k in _LIST_NAMES] or lists
    if len(lists) != 1:
        return None
    item = _class(properties[lists[0]].get("items"), index)
    attribute = index.fields.get(model, {}).get(lists[0])
    return (attribute, item, model) if item and attribute else None


def _class(schema: Any, index: ModelIndex) -> str | None:
    ref = schema_name(schema.get("$ref")) if isinstance(schema, Mapping) else None
    return index.classes.get(ref) if ref is not None else None


def _attribute(
    model: str | None,
    schemas: Mapping[str, Any],
    index: ModelIndex,
    names: tuple[str, ...],
    kind: str,
) -> str | None:
    """The attribute of `model` for the first of `names` it has, of JSON type `kind`."""
    if model is None:
        return None
    schema = _schema_of(model, schemas, index)
    properties = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
    for name in names:
        value = properties.get(name)
        if isinstance(value, Mapping) and kind in _kinds(value):
            return index.fields.get(model, {}).get(name)
    return None


def _next_cursor(model: str | None, schemas: Mapping[str, Any], index: ModelIndex) -> str | None:
    """The attribute path of the next page's cursor: on the response, or one level down."""
    found = _attribute(model, schemas, index, _NEXT, "string")
    if found is not None or model is None:
        return found
    schema = _schema_of(model, schemas, index)
    for wire, value in (schema.get("properties") or {}).items():
        nested = _class(value, index) if isinstance(value, Mapping) else None
        inner = _attribute(nested, schemas, index, _NEXT, "string")
        outer = index.fields.get(model, {}).get(wire)
        if inner is not None and outer is not None:
            return f"{outer}.{inner}"
    return None


def _schema_of(model: str, schemas: Mapping[str, Any], index: ModelIndex) -> Mapping[str, Any]:
    name = next((s for s, c in index.classes.items() if c == model), None)
    found = schemas.get(name, {}) if name is not None else {}
    return found if isinstance(found, Mapping) else {}


def _kinds(schema: Mapping[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _first(names: set[str], wanted: tuple[str, ...]) -> str | None:
    return next((name for name in wanted if name in names), None)


def _int(name: str, value: Any) -> dict[str, int]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return {name: value}
    return {}


def _pairs(arguments: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in arguments.items() if v is not None or k == "items")
