"""The package's log, on the ``hoko_client`` logger, and the redaction of every secret in it.

``HOKO_LOG=info`` prints one line per request, response and retry to stderr; ``HOKO_LOG=debug``
adds the headers. Without it the logger is left to the application's logging configuration.
Secrets are redacted here, in one place, for the log and for error messages alike: the
Authorization header, other credential headers, the API key wherever else it appears (another
header, a query string), and a password in a URL.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from urllib.parse import quote, quote_plus

import httpx

__all__ = [
    "log_request",
    "log_response",
    "log_retry",
    "logger",
    "redact",
    "redact_text",
    "redact_url",
    "setup_logging",
]

logger = logging.getLogger("hoko_client")

_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key"}
)
_REDACTED = "[redacted]"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def setup_logging(environ: Mapping[str, str] = os.environ) -> None:
    """Turn the log on, to stderr, when HOKO_LOG is ``debug`` or ``info`` (any other value or
    none: leave it to the application). Safe to call more than once."""
    level = _LEVELS.get(environ.get("HOKO_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(getattr(h, "_hoko_log", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        handler._hoko_log = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def log_request(
    request: httpx.Request, *, operation: str, attempt: int, secret: str
) -> None:
    """``attempt`` counts from 0; the log counts from 1."""
    if not logger.isEnabledFor(logging.INFO):
        return
    line = f"request {request.method} {redact_url(request.url, secret)} ({operation}, attempt {attempt + 1})"
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s headers=%s", line, redact(request.headers, secret))
    else:
        logger.info("%s", line)


def log_response(
    response: httpx.Response, *, operation: str, attempt: int, secret: str
) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    line = (
        f"response {request.method} {redact_url(request.url, secret)} -> "
        f"{response.status_code} {response.reason_phrase} "
        f"({operation}, attempt {attempt + 1}, {response.elapsed.total_seconds():.3f}s)"
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s headers=%s", line, redact(response.headers, secret))
    else:
        logger.info("%s", line)


def log_retry(
    request: httpx.Request,
    *,
    wait: float,
    attempt: int,
    attempts: int,
    error: Exception,
    secret: str,
) -> None:
    logger.info(
        "retry %s %s in %.2fs (attempt %d of %d failed: %s)",
        request.method,
        redact_url(request.url, secret),
        wait,
        attempt + 1,
        attempts,
        type(error).__name__,
    )


def redact(headers: httpx.Headers, secret: str) -> dict[str, str]:
    """Headers as a dict, credentials replaced, and ``secret`` scrubbed from every other value."""
    return {
        name: _REDACTED
        if name.lower() in _SECRET_HEADERS
        else redact_text(value, secret)
        for name, value in headers.items()
    }


def redact_url(url: httpx.URL | str, secret: str) -> str:
    """The URL as text, without a password and without ``secret`` (as sent or percent-encoded)."""
    url = httpx.URL(url)
    text = str(url)
    if url.password:
        userinfo = url.userinfo.decode("ascii")
        user = userinfo.split(":", 1)[0]
        text = text.replace(f"//{userinfo}@", f"//{user}:{_REDACTED}@")
    # In a query string the key may come percent-encoded, either way.
    for form in {secret, quote(secret, safe=""), quote_plus(secret, safe="")}:
        text = redact_text(text, form)
    return text


def redact_text(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced (an empty secret changes nothing)."""
    return text.replace(secret, _REDACTED) if secret else text


setup_logging()
