"""One operation's schemas: the model of its parameters, its request body and its response.

Each becomes a component schema the models renderer makes a class of: an inline schema is named
after the operation (`CreatePetsRequest`, `ListPetsResponse`, `ListPetsParams`). A multipart
body's model leaves its file fields out (they are sent as files, not validated as text), so it
is a new component too. Whatever the client cannot send or read as the document says becomes a
warning naming the operation (`problems`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.client.media import (
    RequestMedia,
    file_fields,
    parameter_problems,
    request_media,
    response_media,
)
from generator.client.schemas import deref, schema_name
from generator.naming import pascal, singular

__all__ = ["PARAMETER_PLACES", "OperationSchemas", "operation_schemas"]

PARAMETER_PLACES = ("path", "query", "header", "cookie")
UNDECLARED = "x-hoko-undeclared"
"""Marks a path parameter the plan added for a `{name}` the operation does not declare."""


@dataclass(frozen=True, slots=True)
class OperationSchemas:
    body: str | None
    """The component that validates the body (none for a raw body)."""
    response: str | None
    params: str | None
    media: RequestMedia | None
    response_kind: str
    """json, text, binary or none."""
    files: tuple[tuple[str, bool, bool, str], ...] = ()
    """A multipart body's file fields: (wire name, a list of files, required, description)."""
    problems: tuple[str, ...] = ()


def operation_schemas(
    document: Mapping[str, Any],
    schemas: dict[str, Any],
    stem: str,
    operation: Mapping[str, Any],
    params: tuple[Mapping[str, Any], ...],
) -> OperationSchemas:
    """The schemas `operation` uses, new components added to `schemas` as needed. Header
    parameters OpenAPI says to ignore are left out (see `kept_parameters`)."""
    problems = [
        f"header parameter {p['name']!r} is not an argument: {_IGNORED[str(p['name']).lower()]}"
        for p in params
        if p not in kept_parameters(params)
    ]
    params = kept_parameters(params)
    problems += [m for p in params for m in parameter_problems(p)]
    places: dict[str, list[str]] = {}
    for p in params:
        places.setdefault(str(p.get("name")), []).append(str(p.get("in")))
    problems += [
        f"parameter {name!r} is in {' and '.join(where)}: only the {where[0]} one is an argument"
        for name, where in places.items()
        if len(where) > 1
    ]
    problems += [
        f"path parameter {p['name']!r} is not declared: taken as a string"
        for p in params
        if p.get(UNDECLARED)
    ]
    media = request_media(operation.get("requestBody") or {})
    body: str | None = None
    files: tuple[tuple[str, bool, bool, str], ...] = ()
    if media is not None and media.encoding != "content":
        schema = media.schema
        if media.encoding == "multipart":
            whole = _followed(document, schema)
            files = _file_params(whole)
            if files:
                schema = _without(whole, {wire for wire, *_rest in files})
        body = _named(schemas, schema, f"{stem}Request", fresh=bool(files))
        if media.encoding != "json" and not _is_object(document, media.schema):
            problems.append(f"the {media.content_type} body is not an object: it is not sent")
            media, body, files = None, None, ()
    kind, response_schema = response_media(operation.get("responses") or {})
    response = _named(schemas, response_schema, f"{stem}Response")
    return OperationSchemas(
        body,
        response,
        _params_schema(schemas, stem, params),
        media,
        kind,
        files,
        tuple(problems),
    )


_IGNORED = {
    "accept": "the client asks for what it parses",
    "content-type": "the body sets it",
    "authorization": "the client's credentials set it",
}


def kept_parameters(params: tuple[Mapping[str, Any], ...]) -> tuple[Mapping[str, Any], ...]:
    """The parameters the method takes: all but the `Accept`, `Content-Type` and
    `Authorization` headers, which OpenAPI says to ignore (a call's `extra_headers` can still
    set them)."""
    return tuple(
        p for p in params if p.get("in") != "header" or str(p.get("name")).lower() not in _IGNORED
    )


def _params_schema(
    schemas: dict[str, Any], stem: str, params: tuple[Mapping[str, Any], ...]
) -> str | None:
    """A model of the operation's path, query, header and cookie parameters, which the
    generated method validates before sending: limits, enums and formats in one place."""
    usable = [p for p in params if p.get("in") in PARAMETER_PLACES and p.get("name")]
    usable = [p for i, p in enumerate(usable) if p["name"] not in [q["name"] for q in usable[:i]]]
    if not usable:
        return None
    name = _unused_name(schemas, f"{stem}Params")
    schemas[name] = {
        "type": "object",
        "properties": {p["name"]: parameter_schema(p) for p in usable},
        "required": sorted(p["name"] for p in usable if p.get("required") or p.get("in") == "path"),
    }
    return name


def parameter_schema(param: Mapping[str, Any]) -> Any:
    """The parameter's schema, or that of its one media type (`content`)."""
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    media = next(iter(content.values()), None) if isinstance(content, Mapping) else None
    return media.get("schema", {}) if isinstance(media, Mapping) else {}


def _followed(document: Mapping[str, Any], schema: Any) -> Any:
    name = schema_name(schema.get("$ref")) if isinstance(schema, Mapping) else None
    if name is None:
        return schema
    return deref(document, document.get("components", {}).get("schemas", {}).get(name))


def _is_object(document: Mapping[str, Any], schema: Any) -> bool:
    schema = _followed(document, schema)
    if not isinstance(schema, Mapping):
        return False
    return schema.get("type") == "object" or isinstance(schema.get("properties"), Mapping)


def _file_params(schema: Any) -> tuple[tuple[str, bool, bool, str], ...]:
    required = set(schema.get("required") or ()) if isinstance(schema, Mapping) else set()
    properties = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
    return tuple(
        (wire, many, wire in required, str(properties[wire].get("description", "")))
        for wire, many in file_fields(schema).items()
    )


def _without(schema: Mapping[str, Any], files: set[str]) -> dict[str, Any]:
    """An object schema without the file properties."""
    properties = {k: v for k, v in schema.get("properties", {}).items() if k not in files}
    required = [r for r in schema.get("required") or () if r not in files]
    return {**schema, "properties": properties, "required": required}


def _named(
    schemas: dict[str, Any], schema: Any, fallback: str, *, fresh: bool = False
) -> str | None:
    """The component a schema refers to, or a new component holding an inline schema."""
    if not isinstance(schema, Mapping) or not schema:
        return None
    ref = schema_name(schema.get("$ref"))
    if ref is not None and not fresh:
        return ref
    name = _unused_name(schemas, fallback)
    schemas[name] = dict(schema)
    return name


def _unused_name(schemas: Mapping[str, Any], name: str) -> str:
    candidate, n = name, 2
    while candidate in schemas:
        candidate, n = f"{name}{n}", n + 1
    return candidate


def stem_of(name: str, resource: str) -> str:
    """The stem of an operation's schema names: `CreatePets` for `create` on `pets`, and
    `ListPets` for `list_pets` or `GetPet` for `get_pet` (which name their resource already)."""
    method, group = pascal(name), pascal(resource)
    return method if group in method or singular(group) in method else method + group
