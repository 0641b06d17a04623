"""When a failed attempt is tried again, and after how long. Pure decisions: no I/O, no clock.

- 429: the server refused the request, so any method may be sent again, after the wait the
  server asked for (see ``RateLimitError.retry_after``); a demand over ``max_wait`` is raised
  at once instead of sleeping through it.
- 408, 5xx, dropped connections and timeouts: retried with backoff for idempotent methods only,
  because a POST may have taken effect before the reply was lost.
- Connection failures before anything was sent: always retried.
"""

from __future__ import annotations

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
)
from ._logs import logger, redact_text, redact_url

__all__ = ["backoff", "retry_wait", "transport_error"]

# These fail before a byte of the request is sent, so retrying cannot repeat a side effect.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_BACKOFF_START = 0.5
_BACKOFF_CAP = 8.0


def retry_wait(
    error: APIError,
    *,
    attempt: int,
    idempotent: bool,
    max_retries: int,
    max_wait: float,
    retry_non_idempotent: bool,
    jitter: float,
) -> float | None:
    """Seconds to wait before the next attempt, or None to raise ``error`` now.

    ``attempt`` counts from 0; ``jitter`` is a random number in [0, 1).
    """
    if attempt >= max_retries:
        return None
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        if error.retry_after > max_wait:
            logger.debug(
                "not retrying: the server asks for %.1fs, over max_retry_wait=%.1fs",
                error.retry_after,
                max_wait,
            )
            return None
        return error.retry_after
    if not (
        isinstance(error, RateLimitError)
        or _never_sent(error)
        or (_transient(error) and (idempotent or retry_non_idempotent))
    ):
        return None
    return min(backoff(attempt, jitter), max_wait)


def backoff(attempt: int, jitter: float) -> float:
    """0.5 s doubling up to 8 s, less up to a quarter by ``jitter`` so clients spread out."""
    return min(_BACKOFF_START * 2.0**attempt, _BACKOFF_CAP) * (1 - 0.25 * jitter)


def transport_error(
    exc: httpx.RequestError, request: httpx.Request, *, secret: str = ""
) -> APIConnectionError:
    """The client's error for an httpx failure that left no response (``secret`` redacted)."""
    kind = (
        APITimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else APIConnectionError
    )
    what = "timed out" if kind is APITimeoutError else "failed"
    detail = redact_text(str(exc) or type(exc).__name__, secret)
    where = f"{request.method} {redact_url(request.url, secret)}"
    error = kind(f"{where} {what}: {detail}", request=request)
    # Set now rather than at raise: retry_wait reads it to tell "never sent" apart.
    error.__cause__ = exc
    return error


def _never_sent(error: APIError) -> bool:
    return isinstance(error, APIConnectionError) and isinstance(
        error.__cause__, _NOT_SENT
    )


def _transient(error: APIError) -> bool:
    if isinstance(error, APIStatusError):
        return error.status_code == 408 or error.status_code >= 500
    return isinstance(error, APIConnectionError)
