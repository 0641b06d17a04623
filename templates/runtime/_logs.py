"""The debug log: one line per request, response and retry, on the ``hoko_client`` logger.

Header values are logged so that a failing call can be diagnosed from the log alone, which is
why every secret is redacted here, in one place: the Authorization header, other credential
headers, and the API key wherever else it appears.
"""

from __future__ import annotations

import logging

import httpx

__all__ = ["log_request", "log_response", "log_retry", "logger", "redact"]

logger = logging.getLogger("hoko_client")

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
_REDACTED = "[redacted]"


def log_request(request: httpx.Request, *, operation: str, attempt: int, secret: str) -> None:
    """``attempt`` counts from 0; the log counts from 1."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "request %s %s (%s, attempt %d) headers=%s",
            request.method,
            request.url,
            operation,
            attempt + 1,
            redact(request.headers, secret),
        )


def log_response(response: httpx.Response, *, operation: str, attempt: int, secret: str) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        request = response.request
        logger.debug(
            "response %s %s -> %d %s (%s, attempt %d, %.3fs) headers=%s",
            request.method,
            request.url,
            response.status_code,
            response.reason_phrase,
            operation,
            attempt + 1,
            response.elapsed.total_seconds(),
            redact(response.headers, secret),
        )


def log_retry(
    request: httpx.Request, *, wait: float, attempt: int, attempts: int, error: Exception
) -> None:
    logger.debug(
        "retry %s %s in %.2fs (attempt %d of %d failed: %s)",
        request.method,
        request.url,
        wait,
        attempt + 1,
        attempts,
        type(error).__name__,
    )


def redact(headers: httpx.Headers, secret: str) -> dict[str, str]:
    """Headers as a dict, credentials replaced, and ``secret`` scrubbed from every other value."""
    return {
        name: _REDACTED if name.lower() in _SECRET_HEADERS else value.replace(secret, _REDACTED)
        for name, value in headers.items()
    }
