"""An in-memory Hoko on 127.0.0.1, written by hand from the endpoint docs' prose, for end-to-end
tests of clients: it behaves as a real backend would, not as the docs' examples read.

    with HokoAPI(keys={"hk_all": ALL_SCOPES, "hk_read": {"linksRead"}}) as api:
        api.store.seed_links(120)                      # or HokoAPI(seed={"links": [{...}]})
        client = HokoClient(api_key="hk_all", base_url=api.url)
        ...
        api.requests[-1].query      # {"take": ["100"]}: what the client sent,
        api.requests[-1].body       # the JSON body it sent, parsed,
        api.requests[-1].status     # and what it got
        api.store.links             # the state, keyed by id, fields spelt as the API spells them

It models the 21 pages of tests/fixtures/hoko/ (spec/docs/partners-delete.md among them): the
links, collections, tags, partners, customers, clicks, leads and sales of one workspace, kept in
``api.store`` (support.hoko_store, which also has the ``add_*``/``seed_*`` helpers). Its answers
are never read from the pages or from a generated OpenAPI document: each rule is written out
here or in the module that implements it, with the page and the sentence it comes from, so a
reviewer can check it against the docs:

- hoko_links.py: links, collections and tags; hoko_people.py: partners and customers;
  hoko_events.py: conversion tracking and analytics (and how a test adds clicks);
- hoko_rules.py: strict reading of query strings and bodies, and the error bodies;
- hoko_store.py: what objects look like (nulls, fields left out, the undocumented workspaceId).

Here, what every endpoint shares:

- Routes and scopes: ``ROUTES``, from each page's `## Endpoint` and `## Authentication`
  ("Requires authentication with an API key that has the <scope> scope."). Another method or
  path is a 404 ``{"error": {"en": "Not found", ...}}`` before any key is read (no page documents
  it).
- Keys (every page, ### 401 "Invalid or missing API key."): ``Authorization: Bearer <key>`` must
  name one of the ``keys`` the test configured (default: ``hk_all`` with ``ALL_SCOPES``), else
  401 "Invalid API key".
- Rate limit (### 429 "Rate limit exceeded. Check X-RateLimit-* headers for details."): each key
  may make ``rate_limit`` requests per ``rate_window`` seconds of the clock (10,000 per 60 by
  default); every answer to a known key carries X-RateLimit-Limit, X-RateLimit-Remaining and
  X-RateLimit-Reset (Unix seconds); beyond the limit, 429 "Rate limit exceeded" with
  ``retryAfter`` (seconds, also in a Retry-After header). ``api.throttle(times, retry_after)``
  answers the next requests with 429 on demand, to test a client's retries.
- Scopes (### 403 "API key does not have the required <scope> scope."): 403 "Missing required
  scopes" with ``missingScopes: [<scope>]``.
- Then the endpoint's own checks; a body that is not JSON is a 400 "Invalid request".
- Every answer, errors included, carries an ``X-Request-Id`` (``req_`` and 32 hex digits), as
  real APIs do; no page mentions it.

Every request answered is recorded in ``api.requests`` (a ``ReceivedRequest``: method, path,
query, headers, parsed body, status, answer, request id, and the reason for an error). The
clock can be a ``ManualClock`` that a test moves forward (the rate window, the 24-hour
Idempotency-Key window, every timestamp written). Faults of the transport can still be scripted
on ``api.server`` (a ScriptedServer: ``api.server.enqueue(path, Reply.dropped())``); those
replies come before the emulator and are not in ``api.requests``. A fault in the emulator itself
drops the connection and is kept in ``api.errors``; leaving the ``with`` raises it.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from support import hoko_events, hoko_links, hoko_people
from support.hoko_rules import ApiError, Call, Query, bad_request
from support.hoko_store import Store
from support.server import RecordedRequest, Reply, ScriptedServer

__all__ = ["ALL_SCOPES", "ROUTES", "HokoAPI", "ManualClock", "ReceivedRequest", "Route"]

ALL_SCOPES = frozenset(
    {
        "linksRead",
        "linksWrite",
        "customersRead",
        "customersWrite",
        "analyticsRead",
        "conversionsWrite",
    }
)
NOT_FOUND = ("Not found", "غير موجود")
INVALID_KEY = ("Invalid API key", "مفتاح API غير صالح")
MISSING_SCOPES = ("Missing required scopes", "الصلاحيات المطلوبة مفقودة")
RATE_LIMITED = ("Rate limit exceeded", "تم تجاوز حد المعدل")

Handler = Callable[[Store, Call], tuple[int, Any]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    scope: str
    handler: Handler

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters when ``method path`` is this route."""
        if method != self.method:
            return None
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        found = re.fullmatch(pattern, path)
        return None if found is None else {k: unquote(v) for k, v in found.groupdict().items()}


ROUTES = (
    Route("GET", "/api/links", "linksRead", hoko_links.list_links),
    Route("GET", "/api/links/{id}", "linksRead", hoko_links.get_link),
    Route("POST", "/api/links", "linksWrite", hoko_links.create_links),
    Route("PUT", "/api/links", "linksWrite", hoko_links.upsert_links),
    Route("PATCH", "/api/links/{id}", "linksWrite", hoko_links.update_link),
    Route("DELETE", "/api/links", "linksWrite", hoko_links.delete_links),
    Route("GET", "/api/collections", "linksRead", hoko_links.list_collections),
    Route("POST", "/api/collections", "linksWrite", hoko_links.create_collections),
    Route("DELETE", "/api/collections", "linksWrite", hoko_links.delete_collections),
    Route("GET", "/api/tags", "linksRead", hoko_links.list_tags),
    Route("POST", "/api/tags", "linksWrite", hoko_links.create_tags),
    Route("GET", "/api/partners", "linksRead", hoko_people.list_partners),
    Route("POST", "/api/partners", "linksWrite", hoko_people.create_partners),
    Route("PUT", "/api/partners", "linksWrite", hoko_people.upsert_partners),
    Route("DELETE", "/api/partners", "linksWrite", hoko_people.delete_partners),
    Route("GET", "/api/customers", "customersRead", hoko_people.list_customers),
    Route("POST", "/api/customers", "customersWrite", hoko_people.create_customers),
    Route("GET", "/api/analytics/clicks", "analyticsRead", hoko_events.analytics_clicks),
    Route("GET", "/api/analytics/summary", "analyticsRead", hoko_events.analytics_summary),
    Route("POST", "/api/track/lead", "conversionsWrite", hoko_events.track_lead),
    Route("POST", "/api/track/sale", "conversionsWrite", hoko_events.track_sale),
)


class ManualClock:
    """A clock that stands still until the test moves it (``clock.advance(hours=24)``)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class ReceivedRequest:
    """A request as the emulator read it, and its answer.

    ``path`` is as sent (percent-encoded), ``headers`` have lower-case names, ``body`` is the
    parsed JSON (None when there was none or it wasn't JSON; ``raw`` tells them apart).
    ``reason`` says why an error was answered ("" for a success).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw: bytes
    body: Any
    status: int
    response: Any
    request_id: str
    reason: str


class HokoAPI:
    """The emulator, serving on 127.0.0.1 while inside ``with`` (or between start and stop)."""

    def __init__(
        self,
        keys: Mapping[str, Iterable[str]] | None = None,
        *,
        rate_limit: int = 10_000,
        rate_window: float = 60,
        omit_fields: bool = True,
        extra_fields: bool = True,
        clock: Callable[[], datetime] = _utc_now,
        workspace_id: str | None = None,
        seed: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    ) -> None:
        key_scopes = {"hk_all": ALL_SCOPES} if keys is None else keys
        self.keys = {key: frozenset(scopes) for key, scopes in key_scopes.items()}
        self.rate_limit = rate_limit
        self.rate_window = timedelta(seconds=rate_window)
        self.store = Store(
            clock, omit_fields=omit_fields, extra_fields=extra_fields, workspace_id=workspace_id
        )
        self.store.load(seed or {})
        self.server = ScriptedServer()
        self.server.handler = self
        self.url = self.server.url
        self._received: list[ReceivedRequest] = []
        self._windows: dict[str, tuple[datetime, int]] = {}
        self._throttled: deque[int] = deque()

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request answered so far, in order."""
        with self.store.lock:
            return list(self._received)

    def requests_to(self, path: str, method: str | None = None) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.path == path and method in (None, r.method)]

    @property
    def errors(self) -> list[BaseException]:
        """Faults of the emulator itself (a test should find none)."""
        return self.server.errors

    def throttle(self, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` requests of a known key with 429 and ``retryAfter``."""
        with self.store.lock:
            self._throttled.extend([retry_after] * times)

    def start(self) -> HokoAPI:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> HokoAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
        if exc is None and self.errors:
            raise RuntimeError(f"the Hoko emulator failed: {self.errors[0]!r}") from self.errors[0]

    def __call__(self, request: RecordedRequest) -> Reply:
        """Answer one request (ScriptedServer calls this from its connection threads)."""
        request_id = f"req_{uuid.uuid4().hex}"
        headers = {"X-Request-Id": request_id}
        body: Any = None
        with self.store.lock:
            try:
                body = _parse_body(request.body)
                status, answer = self._answer(request, body, headers)
                reason = ""
            except ApiError as error:
                status, answer, reason = error.status, error.body, error.reason
            # Serialised while the store is locked, so the answer is a snapshot of the state.
            # UTF-8 as sent by real APIs, not \u escapes: the Arabic messages arrive as text.
            payload = json.dumps(answer, ensure_ascii=False).encode()
            self._received.append(
                ReceivedRequest(
                    method=request.method,
                    path=request.path,
                    query=request.query,
                    headers=request.headers,
                    raw=request.body,
                    body=None if body is _NOT_JSON else body,
                    status=status,
                    response=json.loads(payload),
                    request_id=request_id,
                    reason=reason,
                )
            )
        headers["Content-Type"] = "application/json"
        return Reply(status, body=payload, headers=headers)

    def _answer(
        self, request: RecordedRequest, body: Any, headers: dict[str, str]
    ) -> tuple[int, Any]:
        for route in ROUTES:
            params = route.match(request.method, request.path)
            if params is not None:
                break
        else:
            raise ApiError(404, NOT_FOUND, f"no route {request.method} {request.path}")
        key = self._authenticate(request.headers.get("authorization"))
        self._spend(key, headers)
        if route.scope not in self.keys[key]:
            reason = f"the key lacks {route.scope}"
            raise ApiError(403, MISSING_SCOPES, reason, missingScopes=[route.scope])
        if body is _NOT_JSON:
            raise bad_request("the body is not JSON")
        call = Call(params, Query(request.query), request.headers, body)
        return route.handler(self.store, call)

    def _authenticate(self, authorization: str | None) -> str:
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or key not in self.keys:
            raise ApiError(401, INVALID_KEY, f"no known bearer key in {authorization!r}")
        return key

    def _spend(self, key: str, headers: dict[str, str]) -> None:
        """Count one request against the key's window; 429 when it is used up or throttled."""
        now = self.store.clock()
        reset, used = self._windows.get(key, (now, 0))
        if now >= reset:
            reset, used = now + self.rate_window, 0
        retry_after: int | None = None
        if self._throttled:
            retry_after = self._throttled.popleft()
        elif used >= self.rate_limit:
            retry_after = max(1, math.ceil((reset - now).total_seconds()))
        else:
            used += 1
        self._windows[key] = (reset, used)
        left = 0 if retry_after is not None else self.rate_limit - used
        headers["X-RateLimit-Limit"] = str(self.rate_limit)
        headers["X-RateLimit-Remaining"] = str(left)
        headers["X-RateLimit-Reset"] = str(math.ceil(reset.timestamp()))
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
            reason = f"{key} is over its rate limit or throttled"
            raise ApiError(429, RATE_LIMITED, reason, retryAfter=retry_after)


_NOT_JSON: Any = object()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        return _NOT_JSON
