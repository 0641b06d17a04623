"""The HTTP machinery under every generated method: auth, URLs, per-call options, retries, errors.

A generated method calls ``request`` (for one parsed value) or ``request_page`` (for a page of a
list) with its ``Operation`` and what ``prepare``/``encode_body`` made of its arguments, plus
the caller's ``extra_headers``, ``extra_query``, ``extra_body`` and ``timeout`` (or ``stream``,
for a large download). Everything that decides lives in ``_BaseClient`` and ``_request`` (the
request built, and what each attempt's outcome means); ``SyncAPIClient`` and ``AsyncAPIClient``
differ only in how they send and how they sleep.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

import httpx

from ._auth import AuthScheme, Credentials, Security, credentials
from ._encoding import Content
from ._exceptions import HokoError
from ._logs import log_request, redact_url
from ._operation import Operation, call_options, is_raw, without_raw
from ._pagination import AsyncPage, AsyncPaginator, SyncPage, page_request
from ._request import build_request, settle
from ._response import APIResponse
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout

if TYPE_CHECKING:
    # For annotations only (typing.Self is 3.11+); a dependency of pydantic, declared by the package.
    from typing_extensions import Self

__all__ = ["DEFAULT_TIMEOUT", "AsyncAPIClient", "SyncAPIClient"]

T = TypeVar("T")
_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)


class _BaseClient(Generic[_HttpxClientT]):
    _user_agent: ClassVar[str] = "hoko-client"
    _default_base_url: ClassVar[str] = "https://hoko.to"
    _env_prefix: ClassVar[str] = "HOKO"
    _auth_schemes: ClassVar[Mapping[str, AuthScheme]] = {
        "bearerAuth": AuthScheme("bearer")
    }
    _security: ClassVar[Security] = (("bearerAuth",),)
    """What the operations need unless they say otherwise (see ``_auth``)."""

    _client: _HttpxClientT

    def __init__(
        self,
        *,
        api_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        retry_non_idempotent: bool = False,
        strict_response_validation: bool = False,
        http_client: _HttpxClientT | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self._credentials = credentials(
            type(self).__name__,
            self._env_prefix,
            Credentials(api_key, username, password),
            self._security,
            self._auth_schemes,
        )
        # The secret that logs, errors and reprs never show.
        self._api_key = self._credentials.api_key or self._credentials.password or ""
        base_url = base_url or os.environ.get(f"{self._env_prefix}_BASE_URL")
        base_url = base_url or self._default_base_url
        if not base_url:
            raise HokoError(
                f"No base URL: pass base_url=... to {type(self).__name__}() or set the "
                f"{self._env_prefix}_BASE_URL environment variable."
            )
        self.base_url = httpx.URL(str(base_url))
        self._url_prefix = str(self.base_url).rstrip("/")
        if isinstance(timeout, NotGiven):
            # A client the caller passes in keeps its own timeout; ours gets the default.
            timeout = (
                http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
            )
        self.timeout: Timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.retry_non_idempotent = retry_non_idempotent
        self.strict_response_validation = strict_response_validation
        self.default_headers: dict[str, str] = dict(default_headers or {})
        # A client the caller passed in stays theirs: we neither change nor close it.
        self._owns_client = http_client is None
        self._client = (
            http_client if http_client is not None else self._new_http_client()
        )

    def _new_http_client(self) -> _HttpxClientT:
        raise NotImplementedError

    def copy(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        username: str | NotGiven = NOT_GIVEN,
        password: str | NotGiven = NOT_GIVEN,
        base_url: str | httpx.URL | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_wait: float | NotGiven = NOT_GIVEN,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client like this one with the given options changed, over the same connections.

        ``default_headers`` are added to the current ones. The copy's resources call the copy.
        Closing the copy leaves the connections open; close the original when done.
        """
        added = {} if isinstance(default_headers, NotGiven) else default_headers
        return type(self)(
            api_key=_given(api_key, self._credentials.api_key),
            username=_given(username, self._credentials.username),
            password=_given(password, self._credentials.password),
            base_url=self.base_url if isinstance(base_url, NotGiven) else base_url,
            timeout=_given(timeout, self.timeout),
            max_retries=_given(max_retries, self.max_retries),
            max_retry_wait=_given(max_retry_wait, self.max_retry_wait),
            retry_non_idempotent=_given(
                retry_non_idempotent, self.retry_non_idempotent
            ),
            strict_response_validation=_given(
                strict_response_validation, self.strict_response_validation
            ),
            http_client=self._client,
            default_headers={**self.default_headers, **added},
        )

    with_options = copy

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={redact_url(self.base_url, self._api_key)!r}>"

    def _random(self) -> float:
        """A number in [0, 1) for backoff jitter; tests override it to make waits predictable."""
        return random.random()


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base of the generated blocking client."""

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout)

    def request(
        self,
        op: Operation[T],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> T:
        """Send ``op`` and return its parsed response (the APIResponse for a raw variant)."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        response: APIResponse[T] = self._send(op, params, body, options, None)
        return cast(T, response) if is_raw(options) else response.parse()

    def request_page(
        self,
        op: Operation[Any],
        item: type[T],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> SyncPage[T]:
        """Fetch the first page of the list ``op`` returns; iterating it fetches the rest."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        asked = page_request(op, item, dict(params or {}), body, without_raw(options))

        def page(data: Any) -> SyncPage[T]:
            return SyncPage(self, asked, data)

        response: APIResponse[SyncPage[T]] = self._send(op, params, body, options, page)
        return cast(SyncPage[T], response) if is_raw(options) else response.parse()

    @contextlib.contextmanager
    def stream(
        self,
        op: Operation[Any],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Iterator[httpx.Response]:
        """Send ``op`` and hand over its successful response unread, for a large body:
        read it with ``iter_bytes()`` inside the ``with``, which then closes it."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        response = self._send(op, params, body, options, None, stream=True)
        try:
            yield response.http_response
        finally:
            response.http_response.close()

    def _send(
        self,
        op: Operation[Any],
        params: Mapping[str, object] | None,
        body: bytes | Content | None,
        options: Mapping[str, Any],
        wrap: Callable[[Any], Any] | None,
        stream: bool = False,
    ) -> APIResponse[Any]:
        request = build_request(self, op, params, body, options)
        attempt = 0
        while True:
            log_request(
                request, operation=op.name, attempt=attempt, secret=self._api_key
            )
            try:
                sent = self._client.send(request, stream=stream)
                if stream and not sent.is_success:
                    sent.read()  # the error is built from the body
                    sent.close()
                outcome: httpx.Response | httpx.RequestError = sent
            except httpx.RequestError as exc:
                outcome = exc
            step = settle(self, op, request, outcome, attempt, wrap)
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

    async def request(
        self,
        op: Operation[T],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> T:
        """Send ``op`` and return its parsed response (the APIResponse for a raw variant)."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        response: APIResponse[T] = await self._send(op, params, body, options, None)
        return cast(T, response) if is_raw(options) else response.parse()

    def request_page(
        self,
        op: Operation[Any],
        item: type[T],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[T]:
        """The list ``op`` returns: await it for the first page, or ``async for`` every item."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        asked = page_request(op, item, dict(params or {}), body, without_raw(options))

        def page(data: Any) -> AsyncPage[T]:
            return AsyncPage(self, asked, data)

        async def fetch() -> AsyncPage[T]:
            response: APIResponse[AsyncPage[T]] = await self._send(
                op, params, body, options, page
            )
            return cast(AsyncPage[T], response) if is_raw(options) else response.parse()

        return AsyncPaginator(fetch)

    @contextlib.asynccontextmanager
    async def stream(
        self,
        op: Operation[Any],
        *,
        params: Mapping[str, object] | None = None,
        body: bytes | Content | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[httpx.Response]:
        """Send ``op`` and hand over its successful response unread, for a large body:
        read it with ``aiter_bytes()`` inside the ``async with``, which then closes it."""
        options = call_options(extra_headers, extra_query, extra_body, timeout)
        response = await self._send(op, params, body, options, None, stream=True)
        try:
            yield response.http_response
        finally:
            await response.http_response.aclose()

    async def _send(
        self,
        op: Operation[Any],
        params: Mapping[str, object] | None,
        body: bytes | Content | None,
        options: Mapping[str, Any],
        wrap: Callable[[Any], Any] | None,
        stream: bool = False,
    ) -> APIResponse[Any]:
        request = build_request(self, op, params, body, options)
        attempt = 0
        while True:
            log_request(
                request, operation=op.name, attempt=attempt, secret=self._api_key
            )
            try:
                sent = await self._client.send(request, stream=stream)
                if stream and not sent.is_success:
                    await sent.aread()  # the error is built from the body
                    await sent.aclose()
                outcome: httpx.Response | httpx.RequestError = sent
            except httpx.RequestError as exc:
                outcome = exc
            step = settle(self, op, request, outcome, attempt, wrap)
            if isinstance(step, APIResponse):
                return step
            await self._sleep(step)
            attempt += 1

    async def _sleep(self, seconds: float) -> None:
        """Wait between attempts; tests override this to avoid real waits."""
        import asyncio  # here, so that importing the package does not load asyncio

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


def _given(value: T | NotGiven, current: T) -> T:
    return current if isinstance(value, NotGiven) else value
