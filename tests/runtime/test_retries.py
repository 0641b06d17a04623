"""Retries: waits a 429 asks for, backoff for transient failures, and what is never repeated."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from collections.abc import Callable
from uuid import UUID

import httpx
import pytest
from hoko_client_under_test import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncDemoClient,
    BadRequestError,
    DemoClient,
    InternalServerError,
    RateLimitError,
    backoff,
    transport_error,
)
from support.server import Reply, ScriptedServer

from .conftest import API_KEY, LINK_ID, AsyncRecordingClient, RecordingClient, link_json

ID = LINK_ID
DELETED = Reply(json={"deletedIds": [ID]})
CREATED = Reply(201, json=[link_json()])
NEW = [{"url": "https://example.com/a"}]
PARTNERS = "/api/links"


def rate_limited(**kwargs: object) -> Reply:
    body = {"error": {"en": "Rate limit exceeded", "ar": "تم تجاوز حد المعدل"}}
    return Reply(429, json={**body, **kwargs})


def test_retry_after_in_the_body_is_waited_for_real(server: ScriptedServer) -> None:
    """A 429 with retryAfter 1 makes the client sleep about one second, then succeed."""
    server.enqueue(PARTNERS, rate_limited(retryAfter=1), DELETED)
    with DemoClient(api_key=API_KEY, base_url=server.url) as client:
        started = time.monotonic()
        result = client.links.delete([ID])
        elapsed = time.monotonic() - started
    assert result.deleted_ids == [UUID(ID)]
    assert 1.0 <= elapsed < 1.5
    assert len(server.requests) == 2


def test_async_client_waits_for_real_too(server: ScriptedServer) -> None:
    """The async client sleeps (with asyncio.sleep) for the Retry-After the server sent."""
    server.enqueue(PARTNERS, Reply(429, headers={"Retry-After": "0.3"}), DELETED)

    async def main() -> float:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            started = time.monotonic()
            await client.links.delete([ID])
            return time.monotonic() - started

    assert 0.3 <= asyncio.run(main()) < 0.8


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        (lambda: {"Retry-After": "3"}, 3, 3),
        (lambda: {"Retry-After": email.utils.formatdate(time.time() + 5, usegmt=True)}, 3, 5),
        (lambda: {"X-RateLimit-Reset": "4"}, 4, 4),
        (lambda: {"X-RateLimit-Reset": str(int(time.time()) + 6)}, 4, 6),
    ],
    ids=["retry-after-seconds", "retry-after-date", "reset-seconds", "reset-epoch"],
)
def test_rate_limit_headers_set_the_wait(
    server: ScriptedServer,
    client: RecordingClient,
    headers: Callable[[], dict[str, str]],
    low: float,
    high: float,
) -> None:
    """Without retryAfter, the wait comes from Retry-After or X-RateLimit-Reset."""
    server.enqueue(PARTNERS, Reply(429, headers=headers()), DELETED)
    assert client.links.delete([ID]).deleted_ids == [UUID(ID)]
    [wait] = client.waits
    assert low <= wait <= high


def test_a_wait_over_the_cap_raises_at_once(server: ScriptedServer) -> None:
    """A server asking for longer than max_retry_wait gets RateLimitError without sleeping."""
    server.enqueue(PARTNERS, rate_limited(retryAfter=120))
    with DemoClient(api_key=API_KEY, base_url=server.url, max_retry_wait=30) as client:
        started = time.monotonic()
        with pytest.raises(RateLimitError) as caught:
            client.links.delete([ID])
        assert time.monotonic() - started < 0.5
    assert caught.value.retry_after == 120
    assert caught.value.message == "Rate limit exceeded"
    assert len(server.requests) == 1


def test_a_wait_of_exactly_the_cap_is_waited(server: ScriptedServer) -> None:
    """max_retry_wait is the longest wait taken: a server asking for exactly that is retried
    after that long; one second more is refused without sleeping."""
    server.enqueue(PARTNERS, rate_limited(retryAfter=30), DELETED)
    with RecordingClient(api_key=API_KEY, base_url=server.url, max_retry_wait=30) as client:
        client.links.delete([ID])
        assert client.waits == [30.0]
    server.enqueue(PARTNERS, rate_limited(retryAfter=31))
    with RecordingClient(api_key=API_KEY, base_url=server.url, max_retry_wait=30) as client:
        with pytest.raises(RateLimitError):
            client.links.delete([ID])
        assert client.waits == []
    assert len(server.requests) == 3


def test_rate_limit_is_retried_for_post(server: ScriptedServer, client: RecordingClient) -> None:
    """A 429 is retried even for POST: the server refused it, so nothing happened."""
    server.enqueue(PARTNERS, rate_limited(retryAfter=2), CREATED)
    assert client.links.create(NEW)[0].slug == "winter-sale"
    assert client.waits == [2.0]


def test_rate_limit_without_a_hint_backs_off(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A 429 that names no wait is retried with the ordinary backoff."""
    server.enqueue(PARTNERS, Reply(429), Reply(429), DELETED)
    client.links.delete([ID])
    assert client.waits == [0.5, 1.0]


def test_rate_limit_retries_stop_after_max_retries(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """After max_retries extra attempts, the last RateLimitError is raised."""
    server.enqueue(PARTNERS, *[rate_limited(retryAfter=1)] * 3)
    with pytest.raises(RateLimitError):
        client.links.delete([ID])
    assert client.waits == [1.0, 1.0]
    assert len(server.requests) == 3


def test_503_with_an_empty_body_then_success(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A bare 503 is retried after 0.5 s and the next reply is returned."""
    server.enqueue(PARTNERS, Reply(503), DELETED)
    assert client.links.delete([ID]).deleted_ids == [UUID(ID)]
    assert client.waits == [0.5]


def test_server_errors_are_retried_for_delete(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """DELETE is idempotent: 5xx replies are retried, then InternalServerError is raised."""
    server.enqueue(PARTNERS, Reply(500), Reply(502), Reply(504, body="upstream timed out"))
    with pytest.raises(InternalServerError) as caught:
        client.links.delete([ID])
    assert caught.value.status_code == 504
    assert caught.value.body == "upstream timed out"
    assert client.waits == [0.5, 1.0]
    assert len(server.requests) == 3


def test_server_errors_are_not_retried_for_post(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A POST that got a 5xx may have taken effect, so it is raised without a retry."""
    server.enqueue(PARTNERS, Reply(500), CREATED)
    with pytest.raises(InternalServerError):
        client.links.create(NEW)
    assert client.waits == []
    assert len(server.requests) == 1


def test_retry_non_idempotent_opts_post_in(server: ScriptedServer, client: RecordingClient) -> None:
    """retry_non_idempotent=True retries a POST that got a 5xx."""
    server.enqueue(PARTNERS, Reply(500), CREATED)
    eager = client.with_options(retry_non_idempotent=True)
    assert eager.links.create(NEW)[0].slug == "winter-sale"
    assert eager.waits == [0.5]


def test_idempotency_key_makes_post_retryable(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A POST that carries an Idempotency-Key is retried after a 5xx: the server dedupes it."""
    server.enqueue(PARTNERS, Reply(500), CREATED)
    keyed = client.with_options(default_headers={"Idempotency-Key": "k-1"})
    assert keyed.links.create(NEW)[0].slug == "winter-sale"
    assert keyed.waits == [0.5]
    assert [r.headers["idempotency-key"] for r in server.requests] == ["k-1", "k-1"]


def test_408_is_retried_and_4xx_is_not(server: ScriptedServer, client: RecordingClient) -> None:
    """A 408 request timeout is retried; a 400 is the caller's to fix and is raised at once."""
    server.enqueue(PARTNERS, Reply(408), DELETED, Reply(400, json={"error": {"en": "Invalid"}}))
    client.links.delete([ID])
    with pytest.raises(BadRequestError):
        client.links.delete([ID])
    assert client.waits == [0.5]
    assert len(server.requests) == 3


def test_the_last_status_below_500_is_not_retried(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """5xx starts at 500: a 499 is raised at once, a 500 is retried."""
    server.enqueue(PARTNERS, Reply(499), Reply(500), DELETED)
    with pytest.raises(APIStatusError) as caught:
        client.links.delete([ID])
    assert caught.value.status_code == 499
    assert client.waits == []
    client.links.delete([ID])
    assert client.waits == [0.5]
    assert len(server.requests) == 3


def test_max_retries_zero_never_retries(server: ScriptedServer, client: RecordingClient) -> None:
    """With max_retries=0 the first failure is raised."""
    server.enqueue(PARTNERS, Reply(503), DELETED)
    quick = client.with_options(max_retries=0)
    with pytest.raises(InternalServerError):
        quick.links.delete([ID])
    assert quick.waits == []


def test_backoff_doubles_from_half_a_second_up_to_eight_with_jitter() -> None:
    """Backoff is 0.5, 1, 2, 4, 8, 8... seconds, shortened by up to a quarter at random."""
    assert [backoff(attempt, 0.0) for attempt in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]
    assert backoff(3, 0.5) == 3.5
    assert backoff(0, 0.999) == pytest.approx(0.375, abs=0.001)


def test_backoff_is_capped_by_max_retry_wait(server: ScriptedServer) -> None:
    """No backoff wait exceeds max_retry_wait."""
    server.enqueue(PARTNERS, *[Reply(503)] * 5)
    options = {"api_key": API_KEY, "base_url": server.url, "max_retries": 4, "max_retry_wait": 1.5}
    with RecordingClient(**options) as client, pytest.raises(InternalServerError):
        client.links.delete([ID])
    assert client.waits == [0.5, 1.0, 1.5, 1.5]


def test_slow_reply_raises_timeout(server: ScriptedServer) -> None:
    """A reply slower than the timeout raises APITimeoutError once the timeout expires."""
    server.enqueue(PARTNERS, Reply(json={"deletedIds": []}, delay=2))
    options = {"api_key": API_KEY, "base_url": server.url, "timeout": 0.2, "max_retries": 0}
    with DemoClient(**options) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as caught:
            client.links.delete([ID])
        assert 0.2 <= time.monotonic() - started < 1.0
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert f"DELETE {server.url}/api/links timed out" in str(caught.value)


def test_a_callers_httpx_client_keeps_its_timeout_unless_one_is_given(
    server: ScriptedServer,
) -> None:
    """The timeout set on a caller's own httpx.Client applies (not our 60 s default); a
    `timeout=` given to our client, or to with_options, overrides it."""
    server.enqueue(PARTNERS, Reply(json={"deletedIds": []}, delay=2))
    with httpx.Client(timeout=0.2) as own:
        client = DemoClient(api_key=API_KEY, base_url=server.url, http_client=own, max_retries=0)
        assert client.timeout == httpx.Timeout(0.2)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.links.delete([ID])
        assert time.monotonic() - started < 1.0
        server.enqueue(PARTNERS, Reply(json={"deletedIds": [str(ID)]}, delay=0.5))
        patient = client.with_options(timeout=5.0)
        assert patient.links.delete([ID]).deleted_ids == [UUID(ID)]
        given = DemoClient(api_key=API_KEY, base_url=server.url, http_client=own, timeout=3.0)
        assert given.timeout == 3.0


def test_timeouts_are_retried_for_idempotent_methods(server: ScriptedServer) -> None:
    """A timed-out DELETE is sent again; the second, fast reply wins."""
    server.enqueue(PARTNERS, Reply(json={"deletedIds": []}, delay=1), DELETED)
    with RecordingClient(api_key=API_KEY, base_url=server.url, timeout=0.2) as client:
        assert client.links.delete([ID]).deleted_ids == [UUID(ID)]
    assert client.waits == [0.5]


def test_dropped_connection_is_retried_then_raised(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A GET whose connection drops without a reply is retried, then APIConnectionError."""
    server.enqueue(f"/api/links/{ID}", *[Reply.dropped()] * 3)
    with pytest.raises(APIConnectionError) as caught:
        client.links.get(ID)
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert str(caught.value).endswith(": Server disconnected without sending a response.")
    assert len(server.requests) == 3


def test_dropped_connection_is_not_retried_for_post(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A POST that reached the server and lost its reply is not sent twice."""
    server.enqueue(PARTNERS, Reply.dropped(), CREATED)
    with pytest.raises(APIConnectionError):
        client.links.create(NEW)
    assert len(server.requests) == 1


def test_refused_connection_is_retried_even_for_post() -> None:
    """A connection refused before sending is safe to retry, even for POST."""
    with socket.socket() as probe:  # a port that was just free, so nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = RecordingClient(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}")
    with client, pytest.raises(APIConnectionError) as caught:
        client.links.create(NEW)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert client.waits == [0.5, 1.0]


def test_async_client_retries_like_the_sync_one(server: ScriptedServer) -> None:
    """The async client follows the same rules: the 429 wait, then backoff (1 s on attempt 2)."""
    server.enqueue(PARTNERS, rate_limited(retryAfter=2), Reply(503), DELETED)

    async def main() -> list[float]:
        async with AsyncRecordingClient(api_key=API_KEY, base_url=server.url) as client:
            assert (await client.links.delete([ID])).deleted_ids == [UUID(ID)]
            return client.waits

    assert asyncio.run(main()) == [2.0, 1.0]


def test_a_failure_without_a_message_is_named_by_its_type() -> None:
    """An httpx error with no text of its own is reported by its class name."""
    request = httpx.Request("GET", "https://hoko.to/api/links")
    error = transport_error(httpx.ConnectError(""), request)
    assert str(error) == "GET https://hoko.to/api/links failed: ConnectError"
