"""The base clients: configuration, what goes on the wire, per-call options, the key kept secret."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from hoko_client_under_test import (
    DEFAULT_TIMEOUT,
    APIConnectionError,
    AsyncDemoClient,
    AuthenticationError,
    DemoClient,
    HokoError,
    Operation,
)
from support.server import RecordedRequest, Reply, ScriptedServer

from .conftest import API_KEY, RecordingClient

ID = "550e8400-e29b-41d4-a716-446655440000"
DELETED = Reply(json={"deletedIds": [ID]})
USER_AGENT = "hoko-client/0.0.test hoko-codegen/0.0.test"


def test_requests_carry_key_user_agent_and_json_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Each request sends the bearer key, the client's User-Agent and a JSON body."""
    server.enqueue("/api/partners", DELETED)
    client.partners.delete([ID])
    [request] = server.requests
    assert (request.method, request.path) == ("DELETE", "/api/partners")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"] == USER_AGENT
    assert request.headers["content-type"] == "application/json"
    assert request.json() == [ID]


def test_path_and_query_are_encoded_on_the_wire(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Path values are percent-encoded whole; None query values are left out."""
    server.enqueue("/api/partners/a%2Fb%20c", Reply(json={"id": "a/b c", "name": "A"}))
    server.enqueue("/api/partners", Reply(json={"partners": [], "total": 0}))
    client.partners.get("a/b c")
    client.partners.list(skip=10, limit=5)
    get, listing = server.requests
    assert get.path == "/api/partners/a%2Fb%20c"
    assert listing.query == {"skip": ["10"], "limit": ["5"]}
    assert "content-type" not in listing.headers


def test_base_url_keeps_its_path_prefix(server: ScriptedServer) -> None:
    """A base URL with a path (a gateway prefix) is kept in front of every endpoint path."""
    server.enqueue("/gateway/api/partners", DELETED)
    with DemoClient(api_key=API_KEY, base_url=f"{server.url}/gateway/") as client:
        client.partners.delete([ID])
    assert server.requests[0].path == "/gateway/api/partners"


def test_key_and_base_url_come_from_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HOKO_API_KEY and HOKO_BASE_URL are used when no arguments are given."""
    monkeypatch.setenv("HOKO_API_KEY", "hk_from_env")
    monkeypatch.setenv("HOKO_BASE_URL", server.url)
    server.enqueue("/api/partners", DELETED)
    with DemoClient() as client:
        client.partners.delete([ID])
    assert server.requests[0].headers["authorization"] == "Bearer hk_from_env"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Explicit api_key and base_url take precedence over the environment."""
    monkeypatch.setenv("HOKO_API_KEY", "hk_from_env")
    monkeypatch.setenv("HOKO_BASE_URL", "http://env.invalid")
    with DemoClient(api_key="hk_arg", base_url="http://arg.invalid") as client:
        assert client._api_key == "hk_arg"
        assert str(client.base_url) == "http://arg.invalid"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without settings: hoko.to, 60 s timeout with 5 s to connect, 2 retries, 60 s cap."""
    monkeypatch.delenv("HOKO_BASE_URL", raising=False)
    with DemoClient(api_key=API_KEY) as client:
        assert str(client.base_url) == "https://hoko.to"
        assert client.timeout == DEFAULT_TIMEOUT == httpx.Timeout(60.0, connect=5.0)
        assert (client.max_retries, client.max_retry_wait) == (2, 60.0)
        assert client.retry_non_idempotent is False


def test_missing_key_says_how_to_provide_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key anywhere raises HokoError naming the argument and the environment variable."""
    monkeypatch.delenv("HOKO_API_KEY", raising=False)
    with pytest.raises(
        HokoError, match=r"pass api_key=\.\.\. to DemoClient\(\) or set.*HOKO_API_KEY"
    ):
        DemoClient()


def test_repr_never_shows_the_key(server: ScriptedServer, client: RecordingClient) -> None:
    """The client's and resources' reprs show the base URL, not the key."""
    assert repr(client) == f"<RecordingClient base_url='{server.url}'>"
    assert API_KEY not in repr(client.partners)
    assert API_KEY not in repr(client.with_options(max_retries=0))


def test_key_stays_out_of_logs_and_errors(
    server: ScriptedServer, client: RecordingClient, caplog: pytest.LogCaptureFixture
) -> None:
    """DEBUG logs (one line per request, response, retry) and errors never contain the key."""
    server.enqueue(
        "/api/partners", Reply(503), Reply(401, json={"error": {"en": "Invalid API key"}})
    )
    caplog.set_level(logging.DEBUG, logger="hoko_client")
    with pytest.raises(AuthenticationError) as caught:
        client.partners.delete([ID])
    lines = [record.getMessage() for record in caplog.records if record.name == "hoko_client"]
    assert [line.split()[0] for line in lines] == [
        "request",
        "response",
        "retry",
        "request",
        "response",
    ]
    assert "'authorization': '[redacted]'" in lines[0]
    assert "-> 503 Service Unavailable (partners.delete, attempt 1" in lines[1]
    assert "retry DELETE" in lines[2] and "in 0.50s (attempt 1 of 3 failed" in lines[2]
    error = caught.value
    for text in [caplog.text, str(error), repr(error), *map(str, error.args)]:
        assert API_KEY not in text
    assert error.message == "Invalid API key"


def test_key_copied_into_another_header_is_redacted_in_logs(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Even a key a caller put in a custom header is scrubbed from the debug log."""
    server.enqueue("/api/partners", DELETED)
    caplog.set_level(logging.DEBUG, logger="hoko_client")
    headers = {"X-Forwarded-Key": f"key={API_KEY}"}
    with DemoClient(api_key=API_KEY, base_url=server.url, default_headers=headers) as client:
        client.partners.delete([ID])
    assert API_KEY not in caplog.text
    assert "key=[redacted]" in caplog.text


def test_connection_errors_do_not_leak_the_key() -> None:
    """A failure before any response names the method and URL but not the key."""
    client = DemoClient(api_key=API_KEY, base_url="http://127.0.0.1:9", max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.partners.get("p1")
    assert "GET http://127.0.0.1:9/api/partners/p1 failed" in str(caught.value)
    assert API_KEY not in repr(caught.value)


def test_with_options_changes_one_call_and_shares_connections(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """with_options returns the same class over the same httpx client, for one call's needs."""
    server.enqueue("/api/partners", Reply(503), Reply(503), DELETED)
    fast = client.with_options(max_retries=0, timeout=5.0, default_headers={"X-Trace": "t1"})
    assert type(fast) is RecordingClient
    assert fast._client is client._client
    assert fast.partners._client is fast
    with pytest.raises(HokoError):
        fast.partners.delete([ID])
    assert server.requests[0].headers["x-trace"] == "t1"
    assert (client.max_retries, client.timeout) == (2, DEFAULT_TIMEOUT)
    client.partners.delete([ID])
    assert "x-trace" not in server.requests[-1].headers
    fast.close()
    assert not client._client.is_closed


def test_callers_httpx_client_is_used_but_not_changed_or_closed(server: ScriptedServer) -> None:
    """A caller's httpx.Client keeps its own headers; key and User-Agent are added per request."""
    server.enqueue("/api/partners", DELETED)
    with httpx.Client(headers={"X-Team": "growth"}) as own:
        with DemoClient(api_key=API_KEY, base_url=server.url, http_client=own) as client:
            client.partners.delete([ID])
        assert not own.is_closed
        assert "authorization" not in own.headers
    request = server.requests[0]
    assert request.headers["x-team"] == "growth"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"] == USER_AGENT


def test_client_closes_only_what_it_opened(server: ScriptedServer) -> None:
    """Leaving the with block closes the client's own httpx client."""
    with DemoClient(api_key=API_KEY, base_url=server.url) as client:
        pass
    assert client._client.is_closed


def test_operation_knows_which_methods_are_idempotent() -> None:
    """GET, HEAD, OPTIONS, PUT and DELETE are idempotent; POST and PATCH are not."""
    safe = [Operation(m, "/x", None, "x").idempotent for m in ("GET", "HEAD", "OPTIONS", "PUT")]
    unsafe = [Operation(m, "/x", None, "x").idempotent for m in ("POST", "PATCH")]
    assert all(safe) and Operation("delete", "/x", None, "x").idempotent
    assert not any(unsafe)


def echo_partner(request: RecordedRequest) -> Reply:
    partner_id = request.path.rsplit("/", 1)[-1]
    return Reply(json={"id": partner_id, "name": f"partner {partner_id}"})


def test_two_hundred_concurrent_async_calls_all_arrive(server: ScriptedServer) -> None:
    """200 concurrent async calls each get their own answer; none is lost or mixed up."""
    server.handler = echo_partner

    async def main() -> list[str]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            partners = await asyncio.gather(*(client.partners.get(f"p{i}") for i in range(200)))
        return [partner.id for partner in partners]

    assert asyncio.run(main()) == [f"p{i}" for i in range(200)]
    assert sorted(r.path for r in server.requests) == sorted(
        f"/api/partners/p{i}" for i in range(200)
    )


def test_async_client_leaves_a_callers_client_open(server: ScriptedServer) -> None:
    """The async client adds the key to a caller's AsyncClient and does not close it."""
    server.enqueue("/api/partners/p1", Reply(json={"id": "p1", "name": "A"}))

    async def main() -> bool:
        async with httpx.AsyncClient() as own:
            async with AsyncDemoClient(api_key=API_KEY, base_url=server.url, http_client=own) as c:
                await c.with_options(max_retries=0).partners.get("p1")
            return own.is_closed

    assert asyncio.run(main()) is False
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
