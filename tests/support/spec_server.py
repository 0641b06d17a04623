"""A fake API driven by an OpenAPI document: it answers each documented operation with the
document's own success example, after checking the request the way the docs describe it.

    server.handler = SpecServer(document, pages={"/api/links": 5})

- The path must match a documented path template and method (else 404).
- `Authorization: Bearer <anything>` must be present (else 401).
- The whole request (path, query and header parameters, body) is validated by openapi-core, a
  third-party OpenAPI implementation, against the document (else 400 with its message) — so a
  client that sends what the docs forbid fails the test, judged by code that is not ours.
- For list endpoints named in `pages`, the array in the example is replaced by a slice of a
  collection of that many items (honouring take/skip), so pagination can be followed.
Every answered operation is recorded in `calls` (operationId, query, body).
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers, ImmutableMultiDict

from support.server import RecordedRequest, Reply

__all__ = ["SpecServer"]

_METHODS = ("get", "post", "put", "patch", "delete")


class SpecServer:
    def __init__(self, document: dict[str, Any], pages: dict[str, int] | None = None) -> None:
        self.document = document
        self.pages = pages or {}
        self.calls: list[tuple[str, dict[str, list[str]], Any]] = []
        self._openapi = OpenAPI.from_dict(document)
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
        problem = _unknown_query(operation, request.query) or self._judge(request)
        if problem:
            return Reply(400, json={"error": {"en": problem}})
        self.calls.append((operation["operationId"], request.query, body))
        status, example = self._success(operation)
        if path in self.pages and request.method == "GET":
            example = self._page(example, request.query, self.pages[path])
        return Reply(status, json=example)

    def _judge(self, request: RecordedRequest) -> str | None:
        """openapi-core's verdict on the request, or None when it is valid."""
        try:
            self._openapi.validate_request(_CoreRequest(request))
        except OpenAPIError as exc:  # one class per kind of problem
            cause = exc.__cause__ or exc
            return f"{type(exc).__name__}: {exc}: {cause}"
        return None

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


def _unknown_query(operation: dict[str, Any], query: dict[str, list[str]]) -> str | None:
    """A query parameter the docs do not name (openapi-core lets those through)."""
    known = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    unknown = sorted(set(query) - known)
    return f"unknown query parameter {unknown[0]}" if unknown else None


class _CoreRequest:
    """A recorded request in the shape openapi-core reads (its Request protocol)."""

    def __init__(self, request: RecordedRequest) -> None:
        self.host_url = "https://hoko.to"
        self.path = request.path
        self.full_url_pattern = self.host_url + request.path
        self.method = request.method.lower()
        query = [(name, value) for name, values in request.query.items() for value in values]
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(request.headers),
            cookie=ImmutableMultiDict(),
        )
        self.content_type = request.headers.get("content-type", "application/json")
        self.body = request.body or None
