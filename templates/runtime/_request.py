"""One request and its attempts: ``build_request`` makes it from an operation and what its
method made of the arguments (the path filled in, the query string, the credentials the
operation needs, the headers and cookies in their order of precedence, the body as JSON or as
httpx's content, form data or files); ``settle`` says what an attempt's outcome means: the
response, or the wait before the next attempt, or the error to raise."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from ._auth import apply_security
from ._encoding import Content, encode_cookies, encode_path, encode_query, merge_body
from ._exceptions import APIError, make_status_error
from ._logs import log_response, log_retry
from ._response import APIResponse
from ._retries import retry_wait, transport_error
from ._types import NOT_GIVEN, RAW_RESPONSE_HEADER, NotGiven

if TYPE_CHECKING:
    from ._base_client import _BaseClient
    from ._operation import Operation

__all__ = ["build_request", "settle"]

_RAW_HEADER = RAW_RESPONSE_HEADER.lower()


def build_request(
    client: _BaseClient[Any],
    op: Operation[Any],
    params: Mapping[str, object] | None,
    body: bytes | Content | None,
    options: Mapping[str, Any],
) -> httpx.Request:
    """The request for one call of ``op`` (sent as it is, and again on a retry)."""
    path, query, documented, cookies = op.place(params or {})
    security = client._security if op.security is None else op.security
    auth = apply_security(security, client._auth_schemes, client._credentials, op.name)
    query = {**auth.query, **query, **(options.get("extra_query") or {})}
    extra_body = options.get("extra_body")
    if extra_body:
        body = (
            body.with_fields(extra_body, op.name)
            if isinstance(body, Content)
            else merge_body(body, extra_body, op.name)
        )
    # Later wins: ours, the credentials, the client's defaults, documented parameters,
    # the call's extras (names compared without case, as HTTP does).
    headers = {"user-agent": ("User-Agent", client._user_agent)}
    if isinstance(body, bytes):
        headers["content-type"] = ("Content-Type", "application/json")
    elif body is not None and body.content_type is not None:
        headers["content-type"] = ("Content-Type", body.content_type)
    cookie = encode_cookies({**auth.cookies, **cookies})
    sent = {"Cookie": cookie} if cookie else {}
    extra = options.get("extra_headers")
    for group in (auth.headers, sent, client.default_headers, documented, extra):
        for name, value in (group or {}).items():
            headers[name.lower()] = (name, value)
    headers.pop(_RAW_HEADER, None)
    timeout = options.get("timeout", NOT_GIVEN)
    url = encode_path(op.path, path, op.name) if op.path_params else op.path
    form = body if isinstance(body, Content) else Content(body)
    http: httpx.Client | httpx.AsyncClient = client._client
    return http.build_request(
        op.method,
        client._url_prefix + url,
        params=encode_query(query) if query else None,
        content=form.content,
        data=form.data,
        files=form.files,
        headers=list(headers.values()),
        timeout=client.timeout if isinstance(timeout, NotGiven) else timeout,
    )


def settle(
    client: _BaseClient[Any],
    op: Operation[Any],
    request: httpx.Request,
    outcome: httpx.Response | httpx.RequestError,
    attempt: int,
    wrap: Callable[[Any], Any] | None,
) -> APIResponse[Any] | float:
    """The result of one attempt: the response, or the seconds to wait before the next.

    Raises the error when the attempt failed and may not (or need not) be retried.
    """
    cause = outcome if isinstance(outcome, httpx.RequestError) else None
    if isinstance(outcome, httpx.Response):
        log_response(
            outcome, operation=op.name, attempt=attempt, secret=client._api_key
        )
        if outcome.is_success:
            return APIResponse(
                outcome,
                op.response,
                strict=client.strict_response_validation,
                retries_taken=attempt,
                secret=client._api_key,
                wrap=wrap,
            )
        error: APIError = make_status_error(outcome, secret=client._api_key)
    else:
        error = transport_error(outcome, request, secret=client._api_key)
    wait = retry_wait(
        error,
        attempt=attempt,
        # A request carrying an Idempotency-Key is safe to repeat whatever its method:
        # the server answers a repeat with the first response.
        idempotent=op.idempotent or "idempotency-key" in request.headers,
        max_retries=client.max_retries,
        max_wait=client.max_retry_wait,
        retry_non_idempotent=client.retry_non_idempotent,
        jitter=client._random(),
    )
    if wait is None:
        raise error from cause
    attempts = client.max_retries + 1
    log_retry(
        request,
        wait=wait,
        attempt=attempt,
        attempts=attempts,
        error=error,
        secret=client._api_key,
    )
    return wait
