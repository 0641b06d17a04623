"""A fake of the API for tests, as an httpx transport: ``FakeAPI``, which ``<package>.testing``
subclasses with the operation table the generator renders from the docs.

Every request goes through the same steps, each answered as the docs say when it fails:

    route       the method and path of a documented operation, else 404
    fail_next   a failure the test asked for, for this operation (any status, or a timeout)
    key         ``Authorization: Bearer <key>``: any key (``keys=None``), else one of ``keys``,
                else 401; a key lacking the operation's scopes gets 403 with missingScopes
    request     the path, query and header values and the JSON body against the documented
                models (limits, formats, enums, not-null marks), else 400 (_testing_check)
    answer      list/get/create/upsert/update/delete against the in-memory items
                (_testing_state); any other operation answers with the docs' example

An error answer is the docs' example for that status (a generic one of the same shape where the
docs give none), with ``X-Fake-Reason`` saying what was wrong. The package is never imported by
``import <package>``: only ``<package>.testing`` imports this module.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, ClassVar, Generic, TypeVar

import httpx
import pydantic

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._testing_check import Refused, read_body, read_params
from ._testing_state import FakeCollection, FakeRole, Items

__all__ = ["FakeAPI", "FakeCollection", "FakeOperation", "FakeRole"]

SyncT = TypeVar("SyncT", bound=SyncAPIClient)
AsyncT = TypeVar("AsyncT", bound=AsyncAPIClient)

DEFAULT_KEY = "hk_test_fake"
"""The key ``client()`` uses when given none and ``keys`` names none."""

_REASON = "X-Fake-Reason"
_MESSAGES = {
    400: "Invalid request",
    401: "Invalid API key",
    403: "Missing required scopes",
    404: "Not found",
    429: "Rate limit exceeded",
}
_PLACEHOLDER = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class FakeOperation:
    """One documented operation: ``name`` as the client names it (``links.list``), the docs'
    example body for each documented status (``answers``), the scopes a key needs (each tuple
    one way to qualify; none: no key needed), the models its parameters and body are validated
    with, its query and header parameters (wire names), and what it does with the items."""

    name: str
    method: str
    path: str
    answers: Mapping[str, Any]
    scopes: tuple[tuple[str, ...], ...] = ()
    params: type[pydantic.BaseModel] | None = None
    body: type[pydantic.BaseModel] | None = None
    query: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    role: FakeRole | None = None


@dataclass(frozen=True)
class _Failure:
    status: int | None
    retry_after: float | None


class FakeAPI(httpx.BaseTransport, httpx.AsyncBaseTransport, Generic[SyncT, AsyncT]):
    """An httpx transport (sync and async) that answers as the documented API would.

    ``keys`` maps each accepted API key to its scopes (None: any key, with every scope);
    ``seed=False`` starts every collection empty instead of with the docs' examples; ``now``
    gives the time the fake stamps items with (timezone-aware; the clock by default).
    ``calls`` lists every ``httpx.Request`` received, in order.
    """

    operations: ClassVar[tuple[FakeOperation, ...]] = ()
    collections: ClassVar[tuple[FakeCollection, ...]] = ()

    def __init__(
        self,
        keys: Mapping[str, Iterable[str]] | None = None,
        *,
        seed: bool = True,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.keys = None if keys is None else _scopes_of(keys)
        self.calls: list[httpx.Request] = []
        self._clock = now or (lambda: datetime.now(timezone.utc))
        self._failures: dict[str, list[_Failure]] = {}
        self._lock = threading.Lock()
        self._by_name = {op.name: op for op in self.operations}
        fixed = [op for op in self.operations if "{" not in op.path]
        varying = [op for op in self.operations if "{" in op.path]
        self._routes = [(_route(op.path), op) for op in fixed + varying]
        self._items = {
            c.path: Items(
                c,
                _seed(c, self.operations) if seed else [],
                _template(c, self.operations),
                self._now,
            )
            for c in self.collections
        }

    def _client_classes(self) -> tuple[type[SyncT], type[AsyncT]]:
        """The package's client classes (the generated subclass names them)."""
        raise NotImplementedError

    def client(self, api_key: str | None = None, **options: Any) -> SyncT:
        """A client of this fake: ``options`` as the client takes them (``max_retries``...)."""
        sync, _ = self._client_classes()
        options.setdefault("base_url", sync._default_base_url)
        http = httpx.Client(transport=self)
        return sync(api_key=api_key or self._default_key(), http_client=http, **options)

    def async_client(self, api_key: str | None = None, **options: Any) -> AsyncT:
        """An asyncio client of this fake, as ``client()``."""
        _, asynchronous = self._client_classes()
        options.setdefault("base_url", asynchronous._default_base_url)
        http = httpx.AsyncClient(transport=self)
        key = api_key or self._default_key()
        return asynchronous(api_key=key, http_client=http, **options)

    def fail_next(
        self,
        operation: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        timeout: bool = False,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` requests of ``operation`` (``"links.list"``) fail: with the
        documented answer of ``status``, or (``timeout=True``) with an httpx read timeout.

        For a 429, ``retry_after`` (0 by default, so a retrying client does not wait) is the
        body's ``retryAfter``; for any status it is also sent as ``Retry-After``.
        """
        if operation not in self._by_name:
            known = ", ".join(sorted(self._by_name))
            raise ValueError(f"no operation {operation!r}; the fake knows: {known}")
        if timeout == (status is not None):
            raise ValueError("give either status=<an error status> or timeout=True")
        if status is not None and not 400 <= status <= 599:
            raise ValueError(f"status={status} is not an error status (400-599)")
        if times < 1:
            raise ValueError(f"times={times}: give how many calls fail, at least 1")
        failure = _Failure(status, retry_after)
        with self._lock:
            self._failures.setdefault(operation, []).extend([failure] * times)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self._lock:
            self.calls.append(request)
            return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        with self._lock:
            self.calls.append(request)
            return self._answer(request)

    def _default_key(self) -> str:
        return next(iter(self.keys), DEFAULT_KEY) if self.keys else DEFAULT_KEY

    def _now(self) -> str:
        moment = self._clock().astimezone(timezone.utc)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _answer(self, request: httpx.Request) -> httpx.Response:
        found = self._route(request)
        if found is None:
            where = f"{request.method} {request.url.path}"
            return _error(404, None, f"no documented operation is {where}")
        op, path = found
        failures = self._failures.get(op.name)
        if failures:
            return _failed(op, failures.pop(0), request)
        try:
            self._authorize(op, request)
            values, given = read_params(op.params, request, path, op.query, op.headers)
            body = read_body(op.body, request.content)
            status, data = self._perform(op, values, given, body, path)
        except Refused as refused:
            return _refusal(op, refused)
        if data is None:
            return httpx.Response(status)
        return httpx.Response(status, json=data)

    def _route(
        self, request: httpx.Request
    ) -> tuple[FakeOperation, dict[str, str]] | None:
        for (pattern, names), op in self._routes:
            matched = pattern.fullmatch(request.url.path)
            if matched and request.method.upper() == op.method:
                return op, dict(zip(names, matched.groups(), strict=True))
        return None

    def _authorize(self, op: FakeOperation, request: httpx.Request) -> None:
        if not op.scopes:
            return
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise Refused(401, "no Authorization: Bearer <key> header")
        if self.keys is None:
            return
        if key not in self.keys:
            raise Refused(401, "the key is not one of the keys the fake was given")
        granted = self.keys[key]
        lacking = [tuple(s for s in way if s not in granted) for way in op.scopes]
        missing = min(lacking, key=len)
        if missing:
            raise Refused(403, f"the key lacks {', '.join(missing)}", missing=missing)

    def _perform(
        self,
        op: FakeOperation,
        values: dict[str, Any],
        given: frozenset[str],
        body: Any,
        path: Mapping[str, str],
    ) -> tuple[int, Any]:
        status, example = _success(op)
        role = op.role
        if role is None:
            return status, copy.deepcopy(example)
        items = self._items.get(role.collection)
        key = path.get(role.item, "")
        if role.kind == "delete" and not role.item:
            ids = body if isinstance(body, list) else []
            if items is not None:
                items.delete(ids)
            return status, ids if not role.items else {role.items: ids}
        if items is None:
            return status, copy.deepcopy(example)
        if role.kind == "list":
            return status, items.listing(role, values, given)
        if role.kind == "get":
            return status, items.get(key)
        if role.kind == "create":
            return status, items.create(role, body)
        if role.kind == "upsert":
            return status, items.upsert(role, body)
        if role.kind == "update":
            return status, items.update(role, key, body)
        if role.kind == "delete":
            items.get(key)  # 404 when there is no such item
            items.delete([key])
        return status, copy.deepcopy(example)


def _scopes_of(keys: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    out = {}
    for key, scopes in keys.items():
        if isinstance(scopes, str):
            raise TypeError(f"the scopes of a key are a list of names, not {scopes!r}")
        out[key] = frozenset(scopes)
    return out


def _route(path: str) -> tuple[re.Pattern[str], list[str]]:
    """A pattern matching the documented path, and the names of its placeholders in order."""
    names = [name[1:-1] for name in _PLACEHOLDER.findall(path)]
    parts = _PLACEHOLDER.split(path)
    return re.compile("([^/]+)".join(re.escape(part) for part in parts)), names


def _documented(op: FakeOperation, status: int) -> tuple[bool, Any]:
    """Whether the docs give an answer for ``status`` (exactly, as ``4XX``, or as
    ``default``), and its example."""
    for name in (str(status), f"{status // 100}XX", "default"):
        if name in op.answers:
            return True, copy.deepcopy(op.answers[name])
    return False, None


def _success(op: FakeOperation) -> tuple[int, Any]:
    for name in sorted(op.answers):
        if name.startswith("2") and name.isdigit():
            return int(name), op.answers[name]
    return 200, op.answers.get("default")


def _error(
    status: int, op: FakeOperation | None, reason: str, **extra: Any
) -> httpx.Response:
    documented, body = _documented(op, status) if op is not None else (False, None)
    if not documented or body is None:
        message = _MESSAGES.get(status) or httpx.codes.get_reason_phrase(status)
        body = {"error": {"en": message or "Error"}}
    if isinstance(body, dict):
        body.update(extra)
    headers = {_REASON: reason.encode("ascii", "backslashreplace").decode()}
    headers[_REASON] = headers[_REASON].replace("\n", " ").replace("\r", " ")
    return httpx.Response(status, json=body, headers=headers)


def _refusal(op: FakeOperation, refused: Refused) -> httpx.Response:
    extra = {"missingScopes": list(refused.missing)} if refused.status == 403 else {}
    return _error(refused.status, op, refused.reason, **extra)


def _failed(
    op: FakeOperation, failure: _Failure, request: httpx.Request
) -> httpx.Response:
    if failure.status is None:
        raise httpx.ReadTimeout(f"{op.name} timed out (fail_next)", request=request)
    wait = failure.retry_after
    extra: dict[str, Any] = {}
    if failure.status == 429:
        wait = 0 if wait is None else wait
        extra["retryAfter"] = int(wait) if float(wait).is_integer() else wait
    response = _error(failure.status, op, f"fail_next({op.name!r})", **extra)
    if wait is not None:
        response.headers["Retry-After"] = format(wait, "g")
    return response


def _seed(spec: FakeCollection, operations: Iterable[FakeOperation]) -> list[Any]:
    """The items the docs' examples show: a list's, else a get's."""
    for kind in ("list", "get"):
        for op in operations:
            if op.role is None or op.role.kind != kind:
                continue
            if op.role.collection != spec.path:
                continue
            example = _success(op)[1]
            if kind == "get":
                return [example] if isinstance(example, dict) else []
            found = example
            if op.role.items:
                found = (
                    example.get(op.role.items) if isinstance(example, dict) else None
                )
            return (
                [i for i in found if isinstance(i, dict)]
                if isinstance(found, list)
                else []
            )
    return []


def _template(
    spec: FakeCollection, operations: Iterable[FakeOperation]
) -> dict[str, Any]:
    """An item as the docs show one: a create's (or upsert's) answer, else a seed item."""
    for kind in ("create", "upsert"):
        for op in operations:
            if (
                op.role is None
                or op.role.kind != kind
                or op.role.collection != spec.path
            ):
                continue
            example = _success(op)[1]
            first = example[0] if isinstance(example, list) and example else example
            if isinstance(first, dict):
                return first
    seed = _seed(spec, operations)
    return seed[0] if seed else {}
