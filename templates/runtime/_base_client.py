"""The HTTP machinery under every generated method: auth, URLs, retries, errors and logging.

Everything that decides lives in ``_BaseClient``; ``SyncAPIClient`` and ``AsyncAPIClient``
differ only in how they send and how they sleep.
"""

from __future__ import annotations

import asyncio
import copy
import enum
import os
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Generic, TypeVar, cast

import httpx
from typing_extensions import Self

from ._exceptions import APIError, HokoError, make_status_error
from ._logs import log_request, log_response, log_retry
from ._models import encode_path
from ._resource import AsyncResource, SyncResource
from ._response import APIResponse
from ._retries import retry_wait, transport_error

__all__ = ["DEFAULT_TIMEOUT", "NOT_GIVEN", "AsyncAPIClient", "Operation", "SyncAPIClient"]

T = TypeVar("T")
_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class _NotGiven(enum.Enum):
    NOT_GIVEN = "NOT_GIVEN"


NOT_GIVEN = _NotGiven.NOT_GIVEN
"""Default of ``with_options`` arguments: keep the current value (None is a real timeout)."""


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One documented endpoint, as generated methods describe it to ``_request``."""

    method: str
    path: str
    response: type[T] | None
    name: str

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot change the outcome, so retrying is safe."""
        return self.method.upper() in _IDEMPOTENT


class _BaseClient(Generic[_HttpxClientT]):
    _user_agent: ClassVar[str] = "hoko-client"
    _default_base_url: ClassVar[str] = "https://hoko.to"
    _env_prefix: ClassVar[str] = "HOKO"

    _client: _HttpxClientT

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | _NotGiven | None = NOT_GIVEN,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        retry_non_idempotent: bool = False,
        http_client: _HttpxClientT | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        api_key = api_key or os.environ.get(f"{self._env_prefix}_API_KEY")
        if not api_key:
            raise HokoError(
                f"No API key: pass api_key=... to {type(self).__name__}() or set the "
                f"{self._env_prefix}_API_KEY environment variable."
            )
        self._api_key = api_key
        base_url = base_url or os.environ.get(f"{self._env_prefix}_BASE_URL")
        self.base_url = httpx.URL(str(base_url or self._default_base_url))
        if isinstance(timeout, _NotGiven):
            # A client the caller passes in keeps its own timeout; ours gets the default.
            timeout = http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
        self.timeout: float | httpx.Timeout | None = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.retry_non_idempotent = retry_non_idempotent
        self.default_headers: dict[str, str] = dict(default_headers or {})
        # A client the caller passed in stays theirs: we neither change nor close it.
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else self._new_http_client()

    def _new_http_client(self) -> _HttpxClientT:
        raise NotImplementedError

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | _NotGiven | None = NOT_GIVEN,
        max_retries: int | _NotGiven = NOT_GIVEN,
        max_retry_wait: float | _NotGiven = NOT_GIVEN,
        retry_non_idempotent: bool | _NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | _NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed, sharing this client's connections.

        ``default_headers`` are added to the current ones. Closing the copy leaves the
        connections open; close the original when done.
        """
        clone = copy.copy(self)
        clone._owns_client = False
        if not isinstance(timeout, _NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, _NotGiven):
            clone.max_retries = max_retries
        if not isinstance(max_retry_wait, _NotGiven):
            clone.max_retry_wait = max_retry_wait
        if not isinstance(retry_non_idempotent, _NotGiven):
            clone.retry_non_idempotent = retry_non_idempotent
        if not isinstance(default_headers, _NotGiven):
            clone.default_headers = {**self.default_headers, **default_headers}
        # Resources made in __init__ (or cached) would still call the original client.
        for name, value in list(vars(clone).items()):
            if isinstance(value, (SyncResource, AsyncResource)) and value._client is self:
                setattr(clone, name, type(value)(cast(Any, clone)))
        return clone

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r}>"

    def _build_request(
        self,
        op: Operation[Any],
        path_params: Mapping[str, object] | None,
        params: Mapping[str, str | list[str]] | None,
        body: bytes | None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        # Documented header parameters first: neither they nor default_headers may replace
        # the credentials or the User-Agent.
        headers = {**(extra_headers or {}), "User-Agent": self._user_agent, **self.default_headers}
        headers["Authorization"] = f"Bearer {self._api_key}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        url = str(self.base_url).rstrip("/") + encode_path(op.path, path_params or {}, op.name)
        return self._client.build_request(
            op.method, url, params=params, content=body, headers=headers, timeout=self.timeout
        )

    def _settle(
        self,
        op: Operation[T],
        request: httpx.Request,
        outcome: httpx.Response | httpx.RequestError,
        attempt: int,
    ) -> APIResponse[T] | float:
        """The result of one attempt: the response, or the seconds to wait before the next.

        Raises the error when the attempt failed and may not (or need not) be retried.
        """
        cause = outcome if isinstance(outcome, httpx.RequestError) else None
        if isinstance(outcome, httpx.Response):
            log_response(outcome, operation=op.name, attempt=attempt, secret=self._api_key)
            if outcome.is_success:
                return APIResponse(outcome, op.response)
            error: APIError = make_status_error(outcome)
        else:
            error = transport_error(outcome, request)
        wait = retry_wait(
            error,
            attempt=attempt,
            # A request carrying an Idempotency-Key is safe to repeat whatever its method:
            # the server answers a repeat with the first response.
            idempotent=op.idempotent or "idempotency-key" in request.headers,
            max_retries=self.max_retries,
            max_wait=self.max_retry_wait,
            retry_non_idempotent=self.retry_non_idempotent,
            jitter=self._random(),
        )
        if wait is None:
            raise error from cause
        log_retry(request, wait=wait, attempt=attempt, attempts=self.max_retries + 1, error=error)
        return wait

    def _random(self) -> float:
        """A number in [0, 1) for backoff jitter; tests override it to make waits predictable."""
        return random.random()


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base of the generated blocking client."""

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout)

    def _request(
        self,
        op: Operation[T],
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, str | list[str]] | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> APIResponse[T]:
        request = self._build_request(op, path_params, params, body, headers)
        attempt = 0
        while True:
            log_request(request, operation=op.name, attempt=attempt, secret=self._api_key)
            try:
                outcome: httpx.Response | httpx.RequestError = self._client.send(request)
            except httpx.RequestError as exc:
                outcome = exc
            step = self._settle(op, request, outcome, attempt)
            if isinstance(step, APIResponse):
                return step
            self._sleep(step)
            attempt += 1

    def _sleep(self, seconds: float) -> None:
        """Wait between attempts; tests override this to avoid real waits."""
        time.sleep(seconds)

    def close(self) -> None:
        """Close the connections, unless the httpx client was passed in by the caller."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base of the generated asyncio client."""

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self.timeout)

    async def _request(
        self,
        op: Operation[T],
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, str | list[str]] | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> APIResponse[T]:
        request = self._build_request(op, path_params, params, body, headers)
        attempt = 0
        while True:
            log_request(request, operation=op.name, attempt=attempt, secret=self._api_key)
            try:
                outcome: httpx.Response | httpx.RequestError = await self._client.send(request)
            except httpx.RequestError as exc:
                outcome = exc
            step = self._settle(op, request, outcome, attempt)
            if isinstance(step, APIResponse):
                return step
            await self._sleep(step)
            attempt += 1

    async def _sleep(self, seconds: float) -> None:
        """Wait between attempts; tests override this to avoid real waits."""
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        """Close the connections, unless the httpx client was passed in by the caller."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
