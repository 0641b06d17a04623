"""A fake API driven by an OpenAPI document: it answers each documented operation with the
document's own success example, after checking the request the way the docs describe it.

    server.handler = SpecServer(document, pages={"/api/links": 5})

- The path must match a documented path template and method (else 404).
- `Authorization: Bearer <anything>` must be present (else 401).
- Query parameters and the JSON body are validated against the document's schemas (else 400
  with the failing message) — so a client that sends what the docs forbid fails the test.
- For list endpoints named in `pages`, the array in the example is replaced by a slice of a
  collection of that many items (honouring take/skip), so pagination can be followed.
Every answered operation is recorded in `calls` (operationId, query, body).
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from support.server import RecordedRequest, Reply

__all__ = ["SpecServer"]

_URI = "urn:spec-server"
_METHODS = ("get", "post", "put", "patch", "delete")


class SpecServer:
    def __init__(self, document: dict[str, Any], pages: dict[str, int] | None = None) -> None:
        self.document = document
        self.pages = pages or {}
        self.calls: list[tuple[str, dict[str, list[str]], Any]] = []
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_URI, resource)
        self._routes = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), method.upper(), op, path)
            for path, item in document["paths"].items()
            for method, op in item.items()
            if method in _METHODS
        ]

    def __call__(self, request: RecordedRequest) -> Reply:
        route = next(
            (r for r in self._routes if r[0].match(request.path) and r[1] == request.method), None
        )
        if route is None:
            return Reply(404, json={"error": {"en": "Not found"}})
        _, _, operation, path = route
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return Reply(401, json={"error": {"en": "Invalid API key"}})
        body = request.json() if request.body else None
        problem = self._check_query(operation, request.query) or self._check_body(operation, body)
        if problem:
            return Reply(400, json={"error": {"en": problem}})
        self.calls.append((operation["operationId"], request.query, body))
        status, example = self._success(operation)
        if path in self.pages and request.method == "GET":
            example = self._page(example, request.query, self.pages[path])
        return Reply(status, json=example)

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        # The schema's $refs point into the document: anchor them at the document's URI.
        anchored = _anchor(schema)
        return Draft202012Validator(
            anchored, registry=self._registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )

    def _check_query(self, operation: dict[str, Any], query: dict[str, list[str]]) -> str | None:
        params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        for name in query:
            if name not in params:
                return f"unknown query parameter {name}"
        for name, param in params.items():
            if name not in query:
                if param.get("required"):
                    return f"missing query parameter {name}"
                continue
            value = _coerce(query[name][-1], param["schema"])
            error = next(iter(self._validator(param["schema"]).iter_errors(value)), None)
            if error is not None:
                return f"query {name}: {error.message}"
        return None

    def _check_body(self, operation: dict[str, Any], body: Any) -> str | None:
        media = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            return None if body is None else "this operation takes no body"
        error = next(iter(self._validator(media["schema"]).iter_errors(body)), None)
        return None if error is None else f"body: {error.message}"

    def _success(self, operation: dict[str, Any]) -> tuple[int, Any]:
        for status, response in sorted(operation["responses"].items()):
            if status.startswith("2"):
                media = response.get("content", {}).get("application/json", {})
                example = media.get("example")
                if example is None and media.get("examples"):
                    example = next(iter(media["examples"].values()))["value"]
                return int(status), copy.deepcopy(example)
        return 204, None

    def _page(self, example: Any, query: dict[str, list[str]], total: int) -> Any:
        take = int(query.get("take", ["50"])[-1])
        skip = int(query.get("skip", ["0"])[-1])
        key = next(k for k, v in example.items() if isinstance(v, list))
        template = example[key][0]
        items = []
        for index in range(skip, min(skip + take, total)):
            item = copy.deepcopy(template)
            item["id"] = str(uuid.UUID(int=index + 1))
            items.append(item)
        example[key] = items
        if "total" in example:
            example["total"] = total
        return example


def _anchor(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            k: (
                _URI + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _anchor(v)
            )
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_anchor(v) for v in schema]
    return schema


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    try:
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            return float(value)
    except ValueError:
        return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value
