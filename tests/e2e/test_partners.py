"""End to end: the installed client against a fake Hoko on 127.0.0.1, every documented status.

Each test runs twice: on the committed generated/ and on spec/docs generated afresh by the test
(conftest.client_python), so a change the committed package does not carry yet is tested too."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fake_hoko import FakeHoko
from support.server import ScriptedServer

from e2e.conftest import drive

pytestmark = pytest.mark.slow

ID = "550e8400-e29b-41d4-a716-446655440000"
UNKNOWN = "00000000-0000-0000-0000-000000000000"
Hoko = tuple[ScriptedServer, FakeHoko]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_delete_returns_uuids(client_python: Path, hoko: Hoko, flavour: str) -> None:
    """200: the ids come back parsed as UUIDs, sent with the bearer key and a JSON body."""
    server, api = hoko
    result = drive(client_python, flavour, server.url, "hk_write", ID)
    assert result["deleted_ids"] == [ID]
    if flavour == "sync":
        assert result["types"] == ["UUID"]
    (request,) = server.requests
    assert request.method == "DELETE" and request.path == "/api/partners"
    assert request.headers["authorization"] == "Bearer hk_write"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("hoko-client/")
    assert request.json() == [ID]
    assert api.deleted == [ID]


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize(
    ("key", "ids", "expected"),
    [
        (
            "hk_write",
            UNKNOWN,
            {"raised": "BadRequestError", "status_code": 400, "message": "Invalid request"},
        ),
        (
            "hk_wrong",
            ID,
            {"raised": "AuthenticationError", "status_code": 401, "message": "Invalid API key"},
        ),
        (
            "hk_read",
            ID,
            {
                "raised": "PermissionDeniedError",
                "status_code": 403,
                "missing_scopes": ["linksWrite"],
            },
        ),
        ("hk_limited", ID, {"raised": "RateLimitError", "status_code": 429, "retry_after": 1}),
    ],
)
def test_documented_errors(
    client_python: Path, hoko: Hoko, flavour: str, key: str, ids: str, expected: dict[str, object]
) -> None:
    """400, 401, 403 and 429 raise their exception class with the documented details."""
    server, _ = hoko
    result = drive(client_python, flavour, server.url, key, ids)
    assert result["is_api_status"] is True
    for name, value in expected.items():
        assert result[name] == value, (name, result)
    assert set(result["messages"]) == {"en", "ar"}


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("ids", ["empty", "too-many", "invalid-id"])
def test_limits_checked_before_sending(
    client_python: Path, hoko: Hoko, flavour: str, ids: str
) -> None:
    """An empty list, 10,001 ids or a non-UUID raise ValueError and send no request."""
    server, _ = hoko
    result = drive(client_python, flavour, server.url, "hk_write", ids)
    assert result["is_value_error"] is True, result
    assert server.requests == []


def test_raw_response(client_python: Path, hoko: Hoko) -> None:
    """with_raw_response gives status, headers, the rate-limit headers and the parsed body."""
    server, _ = hoko
    result = drive(client_python, "raw", server.url, "hk_write")
    assert result == {
        "status": 200,
        "content_type": "application/json",
        "rate_limit": [100, 99, 1700000000],
        "deleted_ids": [ID],
    }


@pytest.mark.parametrize("flavour", ["batches", "async-batches"])
def test_delete_in_batches(client_python: Path, hoko: Hoko, flavour: str) -> None:
    """25,000 ids go out as 10,000 + 10,000 + 5,000 and come back merged, in order."""
    server, api = hoko
    result = drive(client_python, flavour, server.url, "hk_write", "25000")
    assert result == {"deleted_ids_match": True, "count": 25000}
    assert sorted(len(r.json()) for r in server.requests) == [5000, 10000, 10000]
    assert len(api.deleted) == 25000


def test_429_is_waited_out_then_raised(client_python: Path, hoko: Hoko) -> None:
    """With max_retries=1 the client waits the 1 s the server asks for, retries, then raises."""
    server, _ = hoko
    result = drive(client_python, "retried-429", server.url, "hk_limited")
    assert result["raised"] == "RateLimitError"
    assert 0.9 <= result["waited"] < 10
    assert len(server.requests) == 2
