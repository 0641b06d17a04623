"""What the fake API of `<package>.testing` needs beyond the client: each operation's scopes and
documented answers, and the role it plays on a collection of items (`generator.ir.client.Role`).

A path ending in a placeholder (`/api/links/{id}`) names one item of the collection before it
(`/api/links`). A collection is kept in memory when a test can see it: a GET of the collection
listing items that pages (or that another operation of the collection writes to), or a GET of one
item; its key is the item field named like that placeholder, else `id`. Then, by method and shape:

    GET     the collection, items in the answer     list    (paging, sort, order, search, filters)
    GET     one item                                get
    POST    the collection, an object or a list     create
    PUT     the collection, a list of objects       upsert
    PATCH   (or PUT) one item, an object            update
    DELETE  the collection, a list of keys          delete  (kept or not: the keys are answered)
    DELETE  one item                                delete

Any other operation (tracking events, analytics) answers with its documented example. Of the
docs' prose, two sentences are read: which field "identifies" the item an upsert changes (or
what items are "matched by"), and whether an update "replaces every field".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.client.annotations import admits_null
from generator.client.operation import PlannedOperation
from generator.client.schemas import schema_name
from generator.ir.client import Answer, Collection, Operation, Role
from generator.ir.docs import Json

__all__ = ["with_fake"]

_ITEM_PATH = re.compile(r"^(.*)/\{([^}/]+)\}$")
_SEARCH = ("search", "q", "query")
_SORT = ("sort", "sortBy", "sort_by", "orderBy", "order_by")
_ORDER = ("order", "direction", "sortOrder", "sort_order", "dir")
_TOTAL = ("total", "totalCount", "total_count", "count")
_LIST_NAMES = ("data", "items", "results", "records", "entries")
_IDENTIFIES = re.compile(r"\bidentif(?:y|ies)\b", re.IGNORECASE)
_MATCHED_BY = re.compile(r"\bmatched by (?:their |its |the )?(\w+)", re.IGNORECASE)
_REPLACES = re.compile(
    r"\breplaces every field\b|\b(?:left|leave) out (?:are|is) reset\b", re.IGNORECASE
)
_TOUCHED = re.compile(r"updated|modified|changed", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Shape:
    """An object schema, read: its properties (wire name -> schema) and required names."""

    properties: Mapping[str, Any]
    required: frozenset[str]


def with_fake(
    planned: Sequence[PlannedOperation],
    built: Sequence[Operation],
    schemas: Mapping[str, Any],
) -> tuple[tuple[Operation, ...], tuple[Collection, ...]]:
    """`built` (the client's operations, in the order of `planned`) with their scopes, answers
    and roles, and the collections the fake keeps."""
    places = [_place(op.path) for op in planned]
    kept = _kept(planned, built, places, schemas)
    operations = tuple(
        dataclasses.replace(
            op,
            scopes=_scopes(p.operation),
            answers=_answers(p.operation, schemas),
            role=_role(p, op, place, kept, schemas),
        )
        for p, op, place in zip(planned, built, places, strict=True)
    )
    collections = tuple(
        _collection(path, key, shape, schemas) for path, (key, shape) in sorted(kept.items())
    )
    return operations, collections


def _collection(path: str, key: str, shape: _Shape, schemas: Mapping[str, Any]) -> Collection:
    required = sorted(n for n in shape.required if not admits_null(shape.properties[n]))
    dates = tuple(n for n, s in shape.properties.items() if _is_datetime(s, schemas))
    kind = _resolve(shape.properties[key], schemas).get("type")
    numbered = kind == "integer" or (isinstance(kind, list) and "integer" in kind)
    touched = tuple(n for n in dates if _TOUCHED.search(n))
    return Collection(path, key, tuple(required), dates, touched, numbered)


def _place(path: str) -> tuple[str, str]:
    """(the collection, the placeholder naming one of its items, or "")."""
    found = _ITEM_PATH.match(path)
    return (found.group(1), found.group(2)) if found else (path, "")


def _kept(
    planned: Sequence[PlannedOperation],
    built: Sequence[Operation],
    places: Sequence[tuple[str, str]],
    schemas: Mapping[str, Any],
) -> dict[str, tuple[str, _Shape]]:
    """The collections kept in memory: path -> (the key field, the item's shape)."""
    writers = {
        place[0] for p, place in zip(planned, places, strict=True) if p.method != "get" or place[1]
    }
    found: dict[str, tuple[str, _Shape]] = {}
    for p, op, (collection, item) in zip(planned, built, places, strict=True):
        if p.method != "get":
            continue
        if item:
            shape = _shape(_ref(p.schemas.response), schemas)
        else:
            listed = _listed(p.schemas.response, schemas)
            pages = op.page is not None or collection in writers
            shape = listed[1] if listed is not None and pages else None
        key = _key(shape, item)
        if shape is not None and key and (not item or collection not in found):
            found[collection] = (key, shape)
    return found


def _key(shape: _Shape | None, placeholder: str) -> str:
    if shape is None:
        return ""
    if placeholder and placeholder in shape.properties:
        return placeholder
    return "id" if "id" in shape.properties else ""


def _role(
    p: PlannedOperation,
    op: Operation,
    place: tuple[str, str],
    kept: Mapping[str, tuple[str, _Shape]],
    schemas: Mapping[str, Any],
) -> Role | None:
    collection, item = place
    body = op.body.kind if op.body is not None else ""
    if p.method == "delete" and not item and body == "list":
        return Role("delete", collection, items=_array_field(p.schemas.response, schemas))
    if collection not in kept:
        return None
    key, shape = kept[collection]
    request = _request_item(p, schemas)
    if p.method == "get" and item:
        return Role("get", collection, item=item)
    if p.method == "get":
        return _list_role(p, op, collection, shape, schemas)
    if p.method == "delete" and item:
        return Role("delete", collection, item=item)
    if request is None:
        return None
    fields = tuple(n for n in request.properties if n in shape.properties)
    defaults = tuple(
        (n, _json(request.properties[n]["default"]))
        for n in fields
        if isinstance(request.properties[n], Mapping) and "default" in request.properties[n]
    )
    description = str(p.operation.get("description", ""))
    replace = bool(_REPLACES.search(description))
    if p.method == "post" and not item:
        return Role("create", collection, fields=fields, defaults=defaults)
    if p.method == "put" and not item and body == "list":
        match = _match(key, request, description)
        return Role(
            "upsert", collection, match=match, replace=replace, fields=fields, defaults=defaults
        )
    if p.method in ("patch", "put") and item and body == "fields":
        return Role(
            "update", collection, item=item, replace=replace, fields=fields, defaults=defaults
        )
    return None


def _list_role(
    p: PlannedOperation,
    op: Operation,
    collection: str,
    shape: _Shape,
    schemas: Mapping[str, Any],
) -> Role | None:
    listed = _listed(p.schemas.response, schemas)
    if listed is None:
        return None
    items, _ = listed
    paging = dict(op.page.arguments) if op.page is not None else {}
    offset = str(paging.get("offset") or "")
    page = str(paging.get("page") or "")
    limit = str(paging.get("limit") or paging.get("size") or "")
    first = paging.get("first_page")
    query = {str(q["name"]): q.get("schema", {}) for q in p.parameters if q.get("in") == "query"}
    sort = _named(query, _SORT, lambda values: values <= set(shape.properties))
    order = _named(query, _ORDER, lambda values: {v.lower() for v in values} <= {"asc", "desc"})
    search = next((n for n in _SEARCH if n in query and n not in shape.properties), "")
    taken = {offset, page, limit, sort, order, search}
    total = ""
    if items:
        whole = _shape(_ref(p.schemas.response), schemas)
        total = next((n for n in _TOTAL if whole and n in whole.properties), "")
    return Role(
        "list",
        collection,
        items=items,
        total=total,
        offset=offset,
        limit=limit,
        page=page,
        first_page=first if isinstance(first, int) else 1,
        sort=sort,
        order=order,
        search=search,
        filters=tuple(n for n in query if n in shape.properties and n not in taken),
    )


def _named(query: Mapping[str, Any], names: tuple[str, ...], fits: Any) -> str:
    """The first of `names` among the query parameters whose enum (if any) `fits`."""
    for name in names:
        schema = query.get(name)
        if not isinstance(schema, Mapping):
            continue
        values = schema.get("enum")
        if values is None or fits({str(v) for v in values}):
            return name
    return ""


def _match(key: str, request: _Shape, description: str) -> str:
    """The field an upserted item is found by: the key, else the field said to identify it."""
    if key in request.properties:
        return key
    for name, schema in request.properties.items():
        said = schema.get("description", "") if isinstance(schema, Mapping) else ""
        if _IDENTIFIES.search(str(said)):
            return name
    found = _MATCHED_BY.search(description)
    return found.group(1) if found and found.group(1) in request.properties else ""


def _request_item(p: PlannedOperation, schemas: Mapping[str, Any]) -> _Shape | None:
    """The object a request body sends (a list body's item)."""
    body = schemas.get(p.schemas.body) if p.schemas.body else None
    if isinstance(body, Mapping) and body.get("type") == "array":
        return _shape(body.get("items"), schemas)
    return _shape(body, schemas)


def _listed(name: str | None, schemas: Mapping[str, Any]) -> tuple[str, _Shape] | None:
    """(where the answer holds its items, "" for a bare list; the item's shape)."""
    schema = _resolve(_ref(name), schemas)
    if schema.get("type") == "array":
        item = _shape(schema.get("items"), schemas)
        return ("", item) if item is not None else None
    whole = _shape(schema, schemas)
    if whole is None:
        return None
    lists = [
        (n, item)
        for n, s in whole.properties.items()
        if _resolve(s, schemas).get("type") == "array"
        and (item := _shape(_resolve(s, schemas).get("items"), schemas)) is not None
    ]
    if len(lists) > 1:
        lists = [entry for entry in lists if entry[0] in _LIST_NAMES] or lists
    return lists[0] if len(lists) == 1 else None


def _array_field(name: str | None, schemas: Mapping[str, Any]) -> str:
    """The one array field of an object answer ("" for a bare list or anything else)."""
    whole = _shape(_ref(name), schemas)
    if whole is None:
        return ""
    arrays = [n for n, s in whole.properties.items() if _resolve(s, schemas).get("type") == "array"]
    return arrays[0] if len(arrays) == 1 else ""


def _shape(schema: Any, schemas: Mapping[str, Any]) -> _Shape | None:
    """An object schema's properties and required names (through $ref and allOf)."""
    schema = _resolve(schema, schemas)
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in [schema, *[_resolve(s, schemas) for s in schema.get("allOf") or ()]]:
        own = part.get("properties")
        if isinstance(own, Mapping):
            properties.update({str(k): v for k, v in own.items()})
        required.update(str(n) for n in part.get("required") or ())
    if not properties:
        return None
    return _Shape(properties, frozenset(required & set(properties)))


def _resolve(schema: Any, schemas: Mapping[str, Any]) -> Mapping[str, Any]:
    for _ in range(32):  # a cycle of refs is cut off
        name = schema_name(schema.get("$ref")) if isinstance(schema, Mapping) else None
        if name is None:
            break
        schema = schemas.get(name)
    return schema if isinstance(schema, Mapping) else {}


def _ref(name: str | None) -> Any:
    return {"$ref": f"#/components/schemas/{name}"} if name else None


def _is_datetime(schema: Any, schemas: Mapping[str, Any]) -> bool:
    schema = _resolve(schema, schemas)
    branches = [schema, *schema.get("anyOf", ()), *schema.get("oneOf", ())]
    return any(isinstance(b, Mapping) and b.get("format") == "date-time" for b in branches)


def _scopes(operation: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    """The scopes of each way to qualify (none at all: no key is needed)."""
    ways = operation.get("security")
    if not isinstance(ways, list) or any(way == {} for way in ways):
        return ()
    return tuple(
        tuple(str(s) for scopes in way.values() if isinstance(scopes, list) for s in scopes)
        for way in ways
        if isinstance(way, Mapping)
    )


def _answers(operation: Mapping[str, Any], schemas: Mapping[str, Any]) -> tuple[Answer, ...]:
    found = []
    for status, response in sorted(operation.get("responses", {}).items(), key=lambda i: str(i[0])):
        content = response.get("content", {}) if isinstance(response, Mapping) else {}
        media = content.get("application/json") or next(
            (v for k, v in content.items() if str(k).endswith("json")), None
        )
        found.append(Answer(str(status), _example(media, schemas)))
    return tuple(found)


def _example(media: Any, schemas: Mapping[str, Any]) -> Json:
    """The docs' example of a response body; else an empty value of its type."""
    if not isinstance(media, Mapping):
        return None
    if "example" in media:
        return _json(media["example"])
    examples = media.get("examples")
    first = next(iter(examples.values()), None) if isinstance(examples, Mapping) else None
    if isinstance(first, Mapping) and "value" in first:
        return _json(first["value"])
    schema = _resolve(media.get("schema"), schemas)
    if schema.get("type") == "array":
        return []
    return {} if schema.get("type") == "object" or "properties" in schema else None


def _json(value: Any) -> Json:
    """A JSON value as the IR holds it (YAML may give tuples or dates: those become text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return str(value)
