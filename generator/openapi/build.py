"""Endpoints -> one OpenAPI 3.1 document (a plain dict), plus the example checks for the validator.

Everything the doc says lands in the document: summary, description and tag, the scope, every
parameter with its limits, the request body, and each status code with a schema inferred from its
JSON example and that example attached. Each operation says where it came from (`x-source`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from generator.ir.docs import Body, Endpoint, Example, Field, Json, Response
from generator.naming import identifier, method_name, pascal, singular
from generator.openapi.infer import Schema, infer_schema, merge_schemas
from generator.openapi.schemas import (
    Components,
    renamed_refs,
    schema_for,
    with_documented,
    with_implied,
)

__all__ = ["BuildResult", "ExampleCheck", "build_openapi"]

SECURITY_SCHEME = "bearerAuth"
_RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
_HEADER_NAME = re.compile(r"\b(X-[A-Za-z][\w-]*[A-Za-z*]|Retry-After)\b")


@dataclass(frozen=True)
class ExampleCheck:
    """An example from the doc and the schema the document gives it (validated later)."""

    schema: Schema
    example: Example
    what: str


@dataclass(frozen=True)
class BuildResult:
    document: dict[str, Any]
    checks: tuple[ExampleCheck, ...]


@dataclass(frozen=True)
class ApiInfo:
    title: str = "Hoko API"
    version: str = "0.1.0"
    server: str = "https://hoko.to"
    description: str = "Hoko's REST API, as its endpoint docs describe it."


def build_openapi(
    endpoints: list[Endpoint], info: ApiInfo | None = None, urls: Mapping[str, str] | None = None
) -> BuildResult:
    """The OpenAPI document for `endpoints` (in a stable order, whatever the file order).
    `urls`: each page's public URL, by the page's path as its diagnostics name it."""
    info = info or ApiInfo()
    components = Components()
    checks: list[ExampleCheck] = []
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in sorted(endpoints, key=lambda e: (e.path, e.method)):
        operation = _operation(endpoint, components, checks)
        url = (urls or {}).get(endpoint.source.path)
        if url:
            operation["externalDocs"] = {"url": url}
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    merged = components.share({item_name(e) for e in endpoints})
    if merged:
        paths = renamed_refs(paths, merged)
        checks = [replace(c, schema=renamed_refs(c.schema, merged)) for c in checks]
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": info.title,
            "version": info.version,
            "description": info.description,
            "contact": {"name": "Hoko", "url": info.server},
        },
        "servers": [{"url": info.server}],
        "tags": [
            {"name": t, "description": f"The {t} endpoints (the docs' {t} category)."}
            for t in sorted({e.category for e in endpoints})
        ],
        "paths": paths,
        "components": {
            "schemas": components.schemas,
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key sent as `Authorization: Bearer <API_KEY>`.",
                }
            },
        },
    }
    return BuildResult(document, tuple(checks))


_VERBS = frozenset({"list", "get", "create", "upsert", "update", "delete"})


def item_name(endpoint: Endpoint) -> str:
    """What one item of the endpoint's resource is called: `Link` for the Links pages, `Click`
    for `GET /api/analytics/clicks` (a path that names what it lists)."""
    method = method_name(endpoint.method, endpoint.path)
    noun = endpoint.category if method.rstrip("_") in _VERBS else method
    return identifier(singular(noun), style="pascal")


def operation_names(endpoint: Endpoint) -> tuple[str, str]:
    """(operationId, model name stem): `deletePartners`, `DeletePartners`."""
    stem = pascal(method_name(endpoint.method, endpoint.path)) + pascal(endpoint.category)
    return stem[:1].lower() + stem[1:], stem


def _operation(
    endpoint: Endpoint, components: Components, checks: list[ExampleCheck]
) -> dict[str, Any]:
    operation_id, stem = operation_names(endpoint)
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": endpoint.title,
        "description": _description(endpoint),
        "tags": [endpoint.category],
        "security": [{SECURITY_SCHEME: list(s)} for s in endpoint.scopes or [()]]
        if endpoint.authenticated
        else [],
        "x-source": str(endpoint.source),
    }
    if endpoint.parameters:
        operation["parameters"] = [_parameter(p) for p in endpoint.parameters]
    if endpoint.body is not None:
        operation["requestBody"] = _request_body(endpoint.body, stem, components, checks)
    operation["responses"] = {
        str(r.status): _response(r, stem, item_name(endpoint), components, checks)
        for r in endpoint.responses
    } or {"default": {"description": "The response is not documented."}}
    return operation


def _description(endpoint: Endpoint) -> str:
    parts = [endpoint.tagline, endpoint.description, *endpoint.notes]
    unique = [p for i, p in enumerate(parts) if p and p not in parts[:i]]
    return "\n\n".join(unique) or endpoint.title


def _parameter(field: Field) -> dict[str, Any]:
    parameter: dict[str, Any] = {
        "name": field.name,
        "in": field.location,
        "required": field.required or field.location == "path",
        "schema": schema_for(field.type),
        "x-source": str(field.source),
    }
    if field.description:
        parameter["description"] = field.description
    return parameter


def _request_body(
    body: Body, stem: str, components: Components, checks: list[ExampleCheck]
) -> dict[str, Any]:
    values = [e.value for e in body.examples]
    schema = schema_for(body.type, values)
    name = f"{stem}Request"
    ref = (
        components.add_named(name, schema, item_name=f"{stem}Item")
        if _worth_naming(schema)
        else schema
    )
    media: dict[str, Any] = {"schema": ref}
    _attach_examples(media, values)
    checks.extend(ExampleCheck(ref, e, "the request example") for e in body.examples)
    request: dict[str, Any] = {"required": body.required, "content": {"application/json": media}}
    if body.description:
        request["description"] = body.description
    return request


def _response(
    response: Response, stem: str, item: str, components: Components, checks: list[ExampleCheck]
) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description or _reason(response.status)}
    headers = _headers(response.description)
    if headers:
        out["headers"] = headers
    values = [e.value for e in response.examples]
    if not values and not response.fields:
        return out
    if values and response.status >= 400 and all(_is_error_body(v) for v in values):
        schema = _error_schema(response.status, values, components)
    else:
        inferred = merge_schemas([infer_schema(v) for v in values])
        inferred = with_implied(inferred, response.implied)
        inferred = with_documented(inferred, response.fields)
        name = (
            f"{stem}Response"
            if response.status < 300
            else f"{stem}{_reason_name(response.status)}Response"
        )
        schema = (
            components.add_named(name, inferred, item_name=item)
            if _worth_naming(inferred)
            else inferred
        )
    media: dict[str, Any] = {"schema": schema}
    _attach_examples(media, values)
    out["content"] = {"application/json": media}
    what = f"the {response.status} response example" if response.status else "the response example"
    checks.extend(ExampleCheck(schema, e, what) for e in response.examples)
    return out


def _worth_naming(schema: Schema) -> bool:
    return schema.get("type") in ("object", "array") and bool(
        schema.get("properties") or schema.get("items")
    )


def _attach_examples(media: dict[str, Any], values: list[Json]) -> None:
    if len(values) == 1:
        media["example"] = values[0]
    elif values:
        media["examples"] = {f"example{i}": {"value": v} for i, v in enumerate(values, 1)}


def _is_error_body(value: Json) -> bool:
    if not isinstance(value, dict):
        return False
    error = value.get("error")
    return (
        isinstance(error, dict) and bool(error) and all(isinstance(v, str) for v in error.values())
    )


def _error_schema(status: int, values: list[Json], components: Components) -> Schema:
    """Every error body through the shared `Error` component; extra keys in a named extension.

    Most operations document the same error bodies: each distinct one is worked out once per
    build (the same input gives the same ref, since the first time registered its shapes)."""
    key = (status, json.dumps(values, sort_keys=True))
    known = components.errors.get(key)
    if known is None:
        known = components.errors[key] = _new_error_schema(status, values, components)
    return dict(known)


def _new_error_schema(status: int, values: list[Json], components: Components) -> Schema:
    messages = components.add(
        "ErrorMessages",
        {
            "type": "object",
            "description": "The error message in each language the API speaks, keyed by language code.",
            "properties": {"en": {"type": "string"}, "ar": {"type": "string"}},
            "required": ["en"],
        },
    )
    base = components.add(
        "Error",
        {"type": "object", "properties": {"error": messages}, "required": ["error"]},
    )
    merged = merge_schemas([infer_schema(v) for v in values])
    extra = {k: v for k, v in merged.get("properties", {}).items() if k != "error"}
    if not extra:
        return base
    required = [k for k in merged.get("required", ()) if k in extra]
    extension: Schema = {"type": "object", "properties": extra}
    if required:
        extension["required"] = required
    return components.add(f"{_reason_name(status)}ErrorBody", {"allOf": [base, extension]})


def _headers(description: str) -> dict[str, Any]:
    names: list[str] = []
    for name in _HEADER_NAME.findall(description):
        expanded = (
            _RATE_LIMIT_HEADERS if name.lower() in ("x-ratelimit-*", "x-ratelimit") else (name,)
        )
        names.extend(n for n in expanded if n not in names and "*" not in n)
    return {
        n: {"schema": {"type": "integer"}, "description": f"See the {n} header."} for n in names
    }


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _reason_name(status: int) -> str:
    return identifier(_reason(status), style="pascal")
