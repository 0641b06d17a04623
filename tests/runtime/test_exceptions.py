"""_exceptions: the status table, what each error carries, and the wait a 429 asks for."""

from __future__ import annotations

import email.utils
import importlib
import inspect
import re
import time
from collections.abc import Callable

import httpx
import pytest
from hoko_client_under_test import (
    STATUS_ERRORS,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BatchError,
    ConflictError,
    HokoError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    ValidationError,
    make_status_error,
)
from support.server import Reply, ScriptedServer

from .conftest import LINK_ID, PACKAGE, RUNTIME_MODULES, RecordingClient

PARTNERS = "https://hoko.to/api/partners"


def response(status: int, **kwargs: object) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("DELETE", PARTNERS), **kwargs)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (599, InternalServerError),
        (418, APIStatusError),
        (499, APIStatusError),
        (302, APIStatusError),
    ],
)
def test_status_maps_to_exception_class(status: int, kind: type[APIStatusError]) -> None:
    """Each status gets its class from the table; other 5xx and unknown codes fall back."""
    error = make_status_error(response(status, json={"error": {"en": "x"}}))
    assert type(error) is kind
    assert error.status_code == status


def test_status_table_is_read_only() -> None:
    """STATUS_ERRORS cannot be changed by accident at run time."""
    with pytest.raises(TypeError):
        STATUS_ERRORS[400] = APIStatusError


def test_message_is_english_and_messages_has_every_language() -> None:
    """A Hoko error body gives .message in English and .messages in every language."""
    body = {"error": {"en": "Invalid request", "ar": "طلب غير صالح"}}
    error = make_status_error(response(400, json=body))
    assert error.message == "Invalid request"
    assert error.messages == {"en": "Invalid request", "ar": "طلب غير صالح"}
    assert error.body == body
    assert str(error) == f"DELETE {PARTNERS} -> 400: Invalid request"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"json": {"error": "Not allowed"}}, "Not allowed"),
        ({"json": {"message": "Slow down"}}, "Slow down"),
        ({"json": {"error": {"ar": "خطأ"}}}, "Conflict"),
        ({"content": b""}, "Conflict"),
        ({"content": b"<html>proxy error</html>"}, "Conflict"),
    ],
)
def test_message_falls_back_to_plain_text_then_reason(
    kwargs: dict[str, object], message: str
) -> None:
    """Without an English text, .message is a plain error/message string, else the reason."""
    assert make_status_error(response(409, **kwargs)).message == message


def test_non_json_error_body_is_kept_as_text() -> None:
    """A body that is not JSON is kept as text in .body, with no messages."""
    error = make_status_error(response(502, content=b"<html>Bad gateway</html>"))
    assert error.body == "<html>Bad gateway</html>"
    assert error.messages == {}
    assert make_status_error(response(502)).body is None


def test_permission_denied_lists_missing_scopes() -> None:
    """A 403 carries the scopes the key lacks, from missingScopes."""
    body = {"error": {"en": "Missing required scopes"}, "missingScopes": ["linksWrite"]}
    error = make_status_error(response(403, json=body))
    assert isinstance(error, PermissionDeniedError)
    assert error.missing_scopes == ["linksWrite"]
    assert make_status_error(response(403, json={})).missing_scopes == []


def http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        (lambda: {"Retry-After": "7"}, 7, 7),
        (lambda: {"Retry-After": http_date(30)}, 28, 30),
        (lambda: {"Retry-After": http_date(-30)}, 0, 0),
        (lambda: {"Retry-After": "-5"}, 0, 0),
        (lambda: {"X-RateLimit-Reset": "12"}, 12, 12),
        (lambda: {"X-RateLimit-Reset": str(int(time.time()) + 20)}, 18, 21),
        # Just past 1,000,000,000: a moment in 2001, not a wait of 31 years.
        (lambda: {"X-RateLimit-Reset": "1000000001"}, 0, 0),
    ],
    ids=[
        "retry-after-seconds",
        "retry-after-date",
        "date-passed",
        "retry-after-negative",
        "reset-seconds",
        "reset-epoch",
        "reset-epoch-passed",
    ],
)
def test_rate_limit_retry_after_from_headers(
    headers: Callable[[], dict[str, str]], low: float, high: float
) -> None:
    """retry_after reads Retry-After (seconds or date), else X-RateLimit-Reset (either kind)."""
    error = make_status_error(response(429, headers=headers()))
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None
    assert low <= error.retry_after <= high


def test_rate_limit_retry_after_prefers_the_body() -> None:
    """The body's retryAfter wins over the headers."""
    reply = response(429, json={"retryAfter": 1.5}, headers={"Retry-After": "9"})
    assert make_status_error(reply).retry_after == 1.5
    negative = response(429, json={"retryAfter": -5})
    assert make_status_error(negative).retry_after == 0.0  # no wait, not a negative one


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"json": {"retryAfter": "soon"}},
        {"json": {"retryAfter": True}},
        {"content": b'{"retryAfter": NaN}'},
        {"headers": {"Retry-After": "whenever"}},
        {"headers": {"X-RateLimit-Reset": "inf"}},
    ],
)
def test_rate_limit_without_a_usable_wait(kwargs: dict[str, object]) -> None:
    """retry_after is None when the server gave no wait, or one that is not a number."""
    error = make_status_error(response(429, **kwargs))
    assert error.retry_after is None


def test_errors_from_the_wire_carry_the_documented_fields(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A real 403 reply from the docs becomes PermissionDeniedError with every field set."""
    body = {
        "error": {"en": "Missing required scopes", "ar": "الصلاحيات المطلوبة مفقودة"},
        "missingScopes": ["linksWrite"],
    }
    server.enqueue("/api/links", Reply(403, json=body, headers={"X-Request-Id": "req_7"}))
    with pytest.raises(PermissionDeniedError) as caught:
        client.links.delete([LINK_ID])
    error = caught.value
    assert (error.status_code, error.message, error.missing_scopes) == (
        403,
        "Missing required scopes",
        ["linksWrite"],
    )
    assert error.messages["ar"] == "الصلاحيات المطلوبة مفقودة"
    assert error.response.status_code == 403
    assert error.request is not None and error.request.method == "DELETE"
    assert error.request_id == "req_7"
    assert str(error).endswith("-> 403: Missing required scopes (request id req_7)")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-Request-Id": "a1"}, "a1"),
        ({"request-id": "b2"}, "b2"),
        ({"X-Amzn-RequestId": "c3"}, "c3"),
        ({"X-Correlation-Id": "d4"}, "d4"),
        ({"X-Request-Id": "a1", "Request-Id": "b2"}, "a1"),
        ({}, None),
        ({"X-Request-Id": ""}, None),
    ],
)
def test_request_id_comes_from_the_usual_headers(
    headers: dict[str, str], expected: str | None
) -> None:
    """request_id reads X-Request-Id, then Request-Id and similar headers; else None."""
    error = make_status_error(response(500, headers=headers))
    assert error.request_id == expected
    assert ("request id" in str(error)) is (expected is not None)


def test_validation_error_carries_operation_field_and_every_problem() -> None:
    """ValidationError is a HokoError and a ValueError, with .operation, .field and .errors."""
    problems = [{"field": "take", "message": "too big"}, {"field": "skip", "message": "< 0"}]
    error = ValidationError("links.list", "take", "too big", errors=problems)
    assert isinstance(error, HokoError) and isinstance(error, ValueError)
    assert (error.operation, error.field, error.errors) == ("links.list", "take", problems)
    assert str(error) == "links.list: take: too big (and 1 more)"
    assert str(ValidationError("links.delete", "", "empty")) == "links.delete: empty"


def test_the_module_docstring_draws_every_exception() -> None:
    """The tree in _exceptions' docstring names every exception class the module defines."""
    module = importlib.import_module(f"{PACKAGE}._exceptions")
    drawn = set(re.findall(r"\+-- (\w+)|^    (HokoError)", module.__doc__ or "", re.M))
    names = {name for pair in drawn for name in pair if name}
    defined = {
        name
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and issubclass(value, Exception)
        and value.__module__ == module.__name__
    }
    assert names == defined


def test_batch_error_says_which_batches_succeeded() -> None:
    """BatchError keeps completed results and names succeeded and unfinished batches, runs of
    consecutive batches as ranges."""
    cause = ValueError("boom")
    error = BatchError(
        completed=["r0", "r1", "r3", "r4"],
        completed_batches=[0, 1, 3, 4],
        failed_batch=2,
        total_batches=8,
        cause=cause,
    )
    assert (error.completed, error.completed_batches, error.failed_batch) == (
        ["r0", "r1", "r3", "r4"],
        [0, 1, 3, 4],
        2,
    )
    assert str(error) == (
        "batch 2 of 8 failed (batches are numbered from 0): ValueError: boom. "
        "Succeeded: 0-1, 3-4 (their results are in .completed). Not completed: 5-7."
    )


def test_every_module_declares_all() -> None:
    """Each runtime module lists exactly its public names in __all__, and they all exist."""
    for path in RUNTIME_MODULES:
        module = importlib.import_module(f"{PACKAGE}.{path.stem}")
        exported = set(module.__all__)
        assert all(hasattr(module, name) for name in exported), path.name
        defined = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isclass(value) or inspect.isfunction(value))
            and value.__module__ == module.__name__
        }
        assert defined <= exported, f"{path.name}: {defined - exported} missing from __all__"
