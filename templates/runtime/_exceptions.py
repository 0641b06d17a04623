"""Every error the client raises.

    HokoError                           anything raised on purpose by this package
    +-- ValidationError                 an argument the docs do not allow; nothing was sent
    |                                   (also a ValueError) .operation, .field, .errors
    +-- APIError                        .message, .request
    |   +-- APIStatusError              .status_code, .messages, .body, .response, .request_id
    |   |   +-- BadRequestError             400
    |   |   +-- AuthenticationError         401
    |   |   +-- PermissionDeniedError       403  .missing_scopes
    |   |   +-- NotFoundError               404
    |   |   +-- ConflictError               409
    |   |   +-- UnprocessableEntityError    422
    |   |   +-- RateLimitError              429  .retry_after
    |   |   +-- InternalServerError         5xx
    |   +-- APIConnectionError          no response: refused, reset, dropped
    |   |   +-- APITimeoutError
    |   +-- APIResponseValidationError  a 2xx body that is not JSON, or (with
    |                                   strict_response_validation=True) not the documented model
    +-- BatchError                      .completed, .completed_batches, .failed_batch

Hoko error bodies look like ``{"error": {"en": "...", "ar": "..."}}``: ``.message`` is the
English text and ``.messages`` has every language. No message ever includes the API key.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import httpx

from ._logs import redact_url

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "ConflictError",
    "HokoError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "ValidationError",
    "finite_number",
    "make_status_error",
    "request_id",
]

# X-RateLimit-Reset is either epoch seconds or seconds from now; no real delay is this long.
_EPOCH_THRESHOLD = 1_000_000_000
# Where APIs put the ID a support team asks for, most common first.
_REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-correlation-id",
)


class HokoError(Exception):
    """Base class of every error raised by the client."""


class ValidationError(HokoError, ValueError):
    """An argument the docs do not allow, found before anything was sent.

    ``field`` is where, as the API spells it (``take``, ``body.title``, ``body[3].slug``; empty
    for the value as a whole), and the message says the documented limit. ``errors`` lists every
    problem found, as ``{"field": ..., "message": ...}``, the first one first.
    """

    operation: str
    field: str
    errors: list[dict[str, str]]

    def __init__(
        self,
        operation: str,
        field: str,
        message: str,
        *,
        errors: Sequence[Mapping[str, str]] = (),
    ) -> None:
        self.operation = operation
        self.field = field
        self.errors = [dict(e) for e in errors] or [
            {"field": field, "message": message}
        ]
        more = len(self.errors) - 1
        where = f"{operation}: {field}" if field else operation
        super().__init__(
            f"{where}: {message}" + (f" (and {more} more)" if more else "")
        )


class APIError(HokoError):
    """A request to the API failed."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIStatusError(APIError):
    """The API answered with a status code that is not 2xx."""

    status_code: int
    messages: dict[str, str]
    body: object
    response: httpx.Response
    request_id: str | None

    def __init__(
        self, response: httpx.Response, *, body: object = None, secret: str = ""
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.messages = _messages(body)
        self.request_id = request_id(response.headers)
        message = self.messages.get("en") or _plain_message(body) or _reason(response)
        super().__init__(message, request=response.request)
        request = response.request
        # args carries the full line so that str(), repr() and logs say where it happened.
        line = f"{request.method} {redact_url(request.url, secret)} -> {self.status_code}: {message}"
        if self.request_id:
            line += f" (request id {self.request_id})"
        self.args = (line,)


class BadRequestError(APIStatusError):
    """400: the request was malformed or failed validation."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403: the API key lacks a scope the endpoint needs (see ``missing_scopes``)."""

    missing_scopes: list[str]

    def __init__(
        self, response: httpx.Response, *, body: object = None, secret: str = ""
    ) -> None:
        super().__init__(response, body=body, secret=secret)
        scopes = body.get("missingScopes") if isinstance(body, dict) else None
        self.missing_scopes = (
            [str(s) for s in scopes] if isinstance(scopes, list) else []
        )


class NotFoundError(APIStatusError):
    """404: no such resource (or not in your workspace)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state of a resource."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the wait the server asked for, in seconds."""

    retry_after: float | None

    def __init__(
        self, response: httpx.Response, *, body: object = None, secret: str = ""
    ) -> None:
        super().__init__(response, body=body, secret=secret)
        self.retry_after = _retry_after(response, body)


class InternalServerError(APIStatusError):
    """5xx: the server failed; safe methods are retried before this is raised."""


class APIConnectionError(APIError):
    """No usable response: the connection was refused, reset or dropped."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, sending, or waiting for the reply)."""


class APIResponseValidationError(APIError):
    """A 2xx reply whose body is not JSON, or, with ``strict_response_validation=True``, does
    not match the documented model (by default such a body is kept as it came)."""

    response: httpx.Response
    status_code: int
    body: str

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = response.text


class BatchError(HokoError):
    """One batch of a batched call failed; the batches that succeeded are kept.

    ``completed`` holds the results of the batches that succeeded (in batch order),
    ``completed_batches`` their indices, ``failed_batch`` the index of the first batch
    that failed, and ``__cause__`` the error it raised.
    """

    completed: list[Any]
    completed_batches: list[int]
    failed_batch: int

    def __init__(
        self,
        *,
        completed: Sequence[Any],
        completed_batches: Sequence[int],
        failed_batch: int,
        total_batches: int,
        cause: BaseException,
    ) -> None:
        self.completed = list(completed)
        self.completed_batches = list(completed_batches)
        self.failed_batch = failed_batch
        done = set(self.completed_batches)
        unfinished = [
            i for i in range(total_batches) if i not in done and i != failed_batch
        ]
        message = (
            f"batch {failed_batch} of {total_batches} failed (batches are numbered from 0): "
            f"{type(cause).__name__}: {cause}. "
            f"Succeeded: {_ranges(self.completed_batches)} (their results are in .completed). "
            f"Not completed: {_ranges(unfinished)}."
        )
        super().__init__(message)


STATUS_ERRORS: Mapping[int, type[APIStatusError]] = MappingProxyType(
    {
        400: BadRequestError,
        401: AuthenticationError,
        403: PermissionDeniedError,
        404: NotFoundError,
        409: ConflictError,
        422: UnprocessableEntityError,
        429: RateLimitError,
    }
)


def make_status_error(response: httpx.Response, *, secret: str = "") -> APIStatusError:
    """Build the exception for a non-2xx response (the response body must already be read).

    ``secret`` (the API key) is redacted from the URL the message shows.
    """
    code = response.status_code
    default = InternalServerError if code >= 500 else APIStatusError
    return STATUS_ERRORS.get(code, default)(
        response, body=_body(response), secret=secret
    )


def request_id(headers: httpx.Headers) -> str | None:
    """The ID the server gave the request (X-Request-Id and the like), or None."""
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _body(response: httpx.Response) -> object:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def _messages(body: object) -> dict[str, str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return {}
    return {str(lang): text for lang, text in error.items() if isinstance(text, str)}


def _plain_message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    for key in ("error", "message"):
        if isinstance(body.get(key), str) and body[key]:
            return str(body[key])
    return None


def _reason(response: httpx.Response) -> str:
    return response.reason_phrase or f"HTTP {response.status_code}"


def _retry_after(response: httpx.Response, body: object) -> float | None:
    """The wait the server asked for, in seconds from now, or None if it did not say."""
    in_body = body.get("retryAfter") if isinstance(body, dict) else None
    if isinstance(in_body, (int, float)) and not isinstance(in_body, bool):
        # Python's json accepts NaN and Infinity; neither is a wait.
        return max(float(in_body), 0.0) if math.isfinite(in_body) else None
    header = response.headers.get("Retry-After")
    if header is not None:
        return _seconds_or_date(header)
    reset = finite_number(response.headers.get("X-RateLimit-Reset"))
    if reset is None:
        return None
    return max(reset - time.time() if reset > _EPOCH_THRESHOLD else reset, 0.0)


def _seconds_or_date(value: str) -> float | None:
    seconds = finite_number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def finite_number(value: str | None) -> float | None:
    """A header value as a finite number, or None (missing, not a number, nan or inf)."""
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    # "nan" and "inf" parse as floats but are no wait anyone can sleep.
    return number if number is not None and math.isfinite(number) else None


def _ranges(indices: Sequence[int]) -> str:
    """[0, 1, 2, 5] -> "0-2, 5"."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and runs[-1][1] == index - 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs) or "none"
