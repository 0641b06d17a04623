"""The base clients: configuration, what goes on the wire, per-call options, copies, the key."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from hoko_client_under_test import (
    DEFAULT_TIMEOUT,
    APIConnectionError,
    APITimeoutError,
    AsyncDemoClient,
    AuthenticationError,
    DemoClient,
    HokoError,
    Operation,
    ValidationError,
)
from support.server import RecordedRequest, Reply, ScriptedServer

from .conftest import API_KEY, LINK_ID, AsyncRecordingClient, RecordingClient, link_json

DELETED = Reply(json={"deletedIds": [LINK_ID]})
USER_AGENT = "hoko-client/0.0.test hoko-codegen/0.0.test"
LINK_PATH = f"/api/links/{LINK_ID}"
LEAD = {
    "eventId": "a074281f-972a-446e-931b-9cba45b5d65f",
    "eventName": "Sign up",
    "clickId": "clk_1",
    "customer": {"id": "bc34d4e6-9e70-4692-9e27-451c0e3e1434", "externalId": "u1"},
    "createdAt": "2026-11-28T09:30:00.000Z",
}


def lead(client: DemoClient, **options: object) -> None:
    client.conversion_tracking.lead(
        click_id="clk_1",
        event_name="Sign up",
        external_id="u1",
        **options,  # type: ignore[arg-type]
    )


def test_requests_carry_key_user_agent_and_json_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Each request sends the bearer key, the client's User-Agent and a JSON body."""
    server.enqueue("/api/links", DELETED)
    client.links.delete([LINK_ID])
    [request] = server.requests
    assert (request.method, request.path) == ("DELETE", "/api/links")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"] == USER_AGENT
    assert request.headers["content-type"] == "application/json"
    assert request.json() == [LINK_ID]


def test_path_and_query_go_where_the_operation_says(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """The id fills the path; query values are sent as the API spells them, integers as
    integers, and what was not given is left out."""
    server.enqueue(LINK_PATH, Reply(json=link_json()))
    server.enqueue("/api/links", Reply(json={"links": [], "total": 0}))
    client.links.get(LINK_ID)
    client.links.list(take=10, skip=20, sort="clicks")
    get, listing = server.requests
    assert get.path == LINK_PATH and get.query == {}
    assert listing.query == {"take": ["10"], "skip": ["20"], "sort": ["clicks"]}
    assert "content-type" not in listing.headers


def test_base_url_keeps_its_path_prefix(server: ScriptedServer) -> None:
    """A base URL with a path (a gateway prefix) is kept in front of every endpoint path."""
    server.enqueue("/gateway/api/links", DELETED)
    with DemoClient(api_key=API_KEY, base_url=f"{server.url}/gateway/") as client:
        client.links.delete([LINK_ID])
    assert server.requests[0].path == "/gateway/api/links"


def test_key_and_base_url_come_from_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HOKO_API_KEY and HOKO_BASE_URL are used when no arguments are given."""
    monkeypatch.setenv("HOKO_API_KEY", "hk_from_env")
    monkeypatch.setenv("HOKO_BASE_URL", server.url)
    server.enqueue("/api/links", DELETED)
    with DemoClient() as client:
        client.links.delete([LINK_ID])
    assert server.requests[0].headers["authorization"] == "Bearer hk_from_env"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Explicit api_key and base_url take precedence over the environment."""
    monkeypatch.setenv("HOKO_API_KEY", "hk_from_env")
    monkeypatch.setenv("HOKO_BASE_URL", "http://env.invalid")
    with DemoClient(api_key="hk_arg", base_url="http://arg.invalid") as client:
        assert client._api_key == "hk_arg"
        assert str(client.base_url) == "http://arg.invalid"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without settings: hoko.to, 60 s timeout with 5 s to connect, 2 retries, 60 s cap,
    lenient responses."""
    monkeypatch.delenv("HOKO_BASE_URL", raising=False)
    with DemoClient(api_key=API_KEY) as client:
        assert str(client.base_url) == "https://hoko.to"
        assert client.timeout == DEFAULT_TIMEOUT == httpx.Timeout(60.0, connect=5.0)
        assert (client.max_retries, client.max_retry_wait) == (2, 60.0)
        assert client.retry_non_idempotent is False
        assert client.strict_response_validation is False


def test_missing_key_says_how_to_provide_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key anywhere raises HokoError naming the argument and the environment variable."""
    monkeypatch.delenv("HOKO_API_KEY", raising=False)
    with pytest.raises(
        HokoError, match=r"pass api_key=\.\.\. to DemoClient\(\) or set.*HOKO_API_KEY"
    ):
        DemoClient()


def test_repr_never_shows_the_key(server: ScriptedServer, client: RecordingClient) -> None:
    """The client's and resources' reprs show the base URL, not the key (nor a password)."""
    assert repr(client) == f"<RecordingClient base_url='{server.url}'>"
    assert API_KEY not in repr(client.links)
    assert API_KEY not in repr(client.with_options(max_retries=0))
    with DemoClient(api_key=API_KEY, base_url=f"http://me:{API_KEY}@127.0.0.1:9") as other:
        assert API_KEY not in repr(other)


def test_key_stays_out_of_logs_and_errors(
    server: ScriptedServer, client: RecordingClient, caplog: pytest.LogCaptureFixture
) -> None:
    """DEBUG logs (one line per request, response, retry) and errors never contain the key."""
    server.enqueue("/api/links", Reply(503), Reply(401, json={"error": {"en": "Invalid API key"}}))
    caplog.set_level(logging.DEBUG, logger="hoko_client")
    with pytest.raises(AuthenticationError) as caught:
        client.links.delete([LINK_ID])
    lines = [record.getMessage() for record in caplog.records if record.name == "hoko_client"]
    assert [line.split()[0] for line in lines] == [
        "request",
        "response",
        "retry",
        "request",
        "response",
    ]
    assert "'authorization': '[redacted]'" in lines[0]
    assert "-> 503 Service Unavailable (links.delete, attempt 1" in lines[1]
    assert "retry DELETE" in lines[2] and "in 0.50s (attempt 1 of 3 failed" in lines[2]
    error = caught.value
    for text in [caplog.text, str(error), repr(error), *map(str, error.args)]:
        assert API_KEY not in text
    assert error.message == "Invalid API key"


def test_key_copied_into_another_header_or_the_url_is_redacted(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A key a caller put in a custom header or the query string is scrubbed from the debug
    log and from error messages."""
    server.enqueue("/api/links", DELETED, Reply(404, json={"error": {"en": "Not found"}}))
    caplog.set_level(logging.DEBUG, logger="hoko_client")
    headers = {"X-Forwarded-Key": f"key={API_KEY}"}
    with DemoClient(api_key=API_KEY, base_url=server.url, default_headers=headers) as client:
        client.links.delete([LINK_ID])
        with pytest.raises(HokoError) as caught:
            client.links.delete([LINK_ID], extra_query={"api_key": API_KEY})
    assert server.requests[1].query["api_key"] == [API_KEY]
    assert API_KEY not in caplog.text and API_KEY not in str(caught.value)
    assert "key=[redacted]" in caplog.text
    assert "api_key=[redacted]" in str(caught.value)


def test_connection_errors_do_not_leak_the_key() -> None:
    """A failure before any response names the method and URL but not the key."""
    client = DemoClient(api_key=API_KEY, base_url="http://127.0.0.1:9", max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.links.get(LINK_ID)
    assert f"GET http://127.0.0.1:9{LINK_PATH} failed" in str(caught.value)
    assert API_KEY not in repr(caught.value)


def test_headers_merge_in_order_and_the_callers_win(server: ScriptedServer) -> None:
    """Ours < default_headers < documented header parameters < extra_headers; any of ours
    (User-Agent, Authorization) can be replaced by the caller."""
    server.enqueue("/api/track/lead", *[Reply(json=LEAD)] * 3)
    defaults = {"Idempotency-Key": "from-defaults", "user-agent": "mine/1.0", "X-Team": "growth"}
    with DemoClient(api_key=API_KEY, base_url=server.url, default_headers=defaults) as client:
        lead(client)
        lead(client, idempotency_key="documented")
        lead(
            client,
            idempotency_key="documented",
            extra_headers={"idempotency-key": "extra", "Authorization": "Bearer other"},
        )
    first, second, third = (r.headers for r in server.requests)
    assert (first["idempotency-key"], first["user-agent"], first["x-team"]) == (
        "from-defaults",
        "mine/1.0",
        "growth",
    )
    assert second["idempotency-key"] == "documented"
    assert (third["idempotency-key"], third["authorization"]) == ("extra", "Bearer other")


def test_documented_header_parameter_is_validated_and_left_out_when_not_given(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A header parameter not given is not sent; one that breaks its limit is refused."""
    server.enqueue("/api/track/lead", Reply(json=LEAD))
    lead(client)
    assert "idempotency-key" not in server.requests[0].headers
    with pytest.raises(ValidationError, match=r"Idempotency-Key: String should have at most 255"):
        lead(client, idempotency_key="k" * 256)
    with pytest.raises(ValidationError, match=r"Idempotency-Key: may not be null"):
        lead(client, idempotency_key=None)
    assert len(server.requests) == 1


def test_extra_query_is_added_and_wins_over_documented_values(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """extra_query adds parameters (lists as repeated keys) and replaces documented ones."""
    server.enqueue("/api/links", Reply(json={"links": [], "total": 0}))
    client.links.list(take=10, extra_query={"take": 20, "debug": True, "tag": ["a", "b"]})
    assert server.requests[0].query == {"take": ["20"], "debug": ["true"], "tag": ["a", "b"]}


def test_extra_body_is_merged_into_an_object_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """extra_body adds fields to a JSON object body, and its values win."""
    server.enqueue(LINK_PATH, Reply(json=link_json()))
    client.links.update(LINK_ID, title="t", extra_body={"experimental": True, "title": "x"})
    assert server.requests[0].json() == {"title": "x", "experimental": True}


def test_a_merged_body_is_compact_utf8(server: ScriptedServer, client: RecordingClient) -> None:
    """A body merged with extra_body is sent as compact UTF-8 JSON: Arabic text is not escaped."""
    server.enqueue(LINK_PATH, Reply(json=link_json()))
    client.links.update(LINK_ID, title="عرض", extra_body={"note": "شتاء"})
    assert server.requests[0].body == '{"title":"عرض","note":"شتاء"}'.encode()


def test_extra_body_cannot_go_into_an_array_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """An array body has no place for fields: ValidationError, and nothing is sent."""
    with pytest.raises(ValidationError, match=r"links\.delete: extra_body: cannot add fields"):
        client.links.delete([LINK_ID], extra_body={"force": True})
    assert server.requests == []


def test_extra_body_becomes_the_body_of_a_call_without_one(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Without a documented body, extra_body is sent as the whole JSON body."""
    server.enqueue(f"{LINK_PATH}/archive", Reply(204))
    client.links.archive(LINK_ID, extra_body={"reason": "old"})
    request = server.requests[0]
    assert request.json() == {"reason": "old"}
    assert request.headers["content-type"] == "application/json"


def test_timeout_per_call_wins_over_the_clients(server: ScriptedServer) -> None:
    """timeout= on one call applies to that call only."""
    server.enqueue(LINK_PATH, Reply(json=link_json(), delay=2))
    with DemoClient(api_key=API_KEY, base_url=server.url, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            client.links.get(LINK_ID, timeout=0.2)
        assert client.timeout == DEFAULT_TIMEOUT


def test_async_calls_take_the_same_per_call_options(server: ScriptedServer) -> None:
    """The async methods take extra_headers, extra_query, extra_body and timeout too."""
    server.enqueue(LINK_PATH, Reply(json=link_json()), Reply(json=link_json(), delay=2))
    server.enqueue("/api/track/lead", Reply(json=LEAD))

    async def main() -> None:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url, max_retries=0) as c:
            await c.links.update(
                LINK_ID,
                title=None,
                extra_headers={"X-Trace": "1"},
                extra_query={"dry": "yes"},
                extra_body={"note": "n"},
            )
            with pytest.raises(APITimeoutError):
                await c.links.get(LINK_ID, timeout=0.2)
            await c.conversion_tracking.lead(
                click_id="c", event_name="e", external_id="x", idempotency_key="k9"
            )

    asyncio.run(main())
    first, _, third = server.requests
    assert (first.headers["x-trace"], first.query, first.json()) == (
        "1",
        {"dry": ["yes"]},
        {"title": None, "note": "n"},
    )
    assert third.headers["idempotency-key"] == "k9"
    assert third.json() == {"clickId": "c", "eventName": "e", "externalId": "x"}


def test_with_options_and_copy_change_options_over_the_same_connections(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """with_options (and copy, the same method) make a client of the same class, over the same
    httpx client, with the given options changed and the original left as it was."""
    server.enqueue("/api/links", Reply(503), DELETED)
    fast = client.with_options(max_retries=0, timeout=5.0, default_headers={"X-Trace": "t1"})
    assert type(fast) is RecordingClient
    assert fast._client is client._client
    assert (fast.max_retries, fast.timeout) == (0, 5.0)
    with pytest.raises(HokoError):
        fast.links.delete([LINK_ID])
    assert server.requests[0].headers["x-trace"] == "t1"
    assert (client.max_retries, client.timeout) == (2, DEFAULT_TIMEOUT)
    client.links.delete([LINK_ID])
    assert "x-trace" not in server.requests[-1].headers
    fast.close()
    assert not client._client.is_closed


def test_copy_changes_key_base_url_and_adds_default_headers(server: ScriptedServer) -> None:
    """copy(api_key=, base_url=, default_headers=) sends with the new key, to the new URL,
    with the new headers added to the old ones."""
    server.enqueue("/v2/api/links", DELETED)
    with DemoClient(
        api_key=API_KEY, base_url="http://127.0.0.1:9", default_headers={"X-A": "1"}
    ) as c:
        other = c.copy(
            api_key="hk_other", base_url=f"{server.url}/v2", default_headers={"X-B": "2"}
        )
        other.links.delete([LINK_ID])
    request = server.requests[0]
    assert request.path == "/v2/api/links"
    assert (request.headers["authorization"], request.headers["x-a"], request.headers["x-b"]) == (
        "Bearer hk_other",
        "1",
        "2",
    )


def test_resources_are_made_once_and_a_copys_resources_call_the_copy(
    client: RecordingClient,
) -> None:
    """client.links is made once per client; a copy has its own, bound to the copy."""
    assert client.links is client.links
    assert client.links.with_raw_response is client.links.with_raw_response
    assert client.links._client is client
    copy = client.with_options(max_retries=0)
    assert copy.links is not client.links
    assert copy.links._client is copy


def test_callers_httpx_client_is_used_but_not_changed_or_closed(server: ScriptedServer) -> None:
    """A caller's httpx.Client keeps its own headers; key and User-Agent are added per request."""
    server.enqueue("/api/links", DELETED)
    with httpx.Client(headers={"X-Team": "growth"}) as own:
        with DemoClient(api_key=API_KEY, base_url=server.url, http_client=own) as client:
            client.links.delete([LINK_ID])
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
    safe = [Operation(m, "/x", "x", None).idempotent for m in ("GET", "HEAD", "OPTIONS", "PUT")]
    unsafe = [Operation(m, "/x", "x", None).idempotent for m in ("POST", "PATCH")]
    assert all(safe) and Operation("delete", "/x", "x", None).idempotent
    assert not any(unsafe)


def test_a_parameter_the_operation_does_not_place_is_refused(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A prepared value that is neither a path, query nor header parameter is an error (a
    mismatch between a method and its Operation), never silently dropped."""
    op: Operation[None] = Operation("GET", "/api/x", "x.get", None, query=("take",))
    with pytest.raises(ValidationError, match=r"x\.get: skip: is not a parameter"):
        client.request(op, params={"take": 1, "skip": 2})
    assert server.requests == []


def echo_link(request: RecordedRequest) -> Reply:
    return Reply(json=link_json(slug=request.path.rsplit("/", 1)[-1][:8]))


def test_two_hundred_concurrent_async_calls_all_arrive(server: ScriptedServer) -> None:
    """200 concurrent async calls each get their own answer; none is lost or mixed up."""
    server.handler = echo_link
    ids = [f"{i:08d}-0000-4000-8000-000000000000" for i in range(200)]

    async def main() -> list[str]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            links = await asyncio.gather(*(client.links.get(i) for i in ids))
        return [link.slug for link in links]

    assert asyncio.run(main()) == [i[:8] for i in ids]
    assert sorted(r.path for r in server.requests) == sorted(f"/api/links/{i}" for i in ids)


def test_async_client_leaves_a_callers_client_open(server: ScriptedServer) -> None:
    """The async client adds the key to a caller's AsyncClient and does not close it."""
    server.enqueue(LINK_PATH, Reply(json=link_json()))

    async def main() -> bool:
        async with httpx.AsyncClient() as own:
            async with AsyncDemoClient(api_key=API_KEY, base_url=server.url, http_client=own) as c:
                await c.with_options(max_retries=0).links.get(LINK_ID)
            return own.is_closed

    assert asyncio.run(main()) is False
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_async_copy_is_an_async_client_with_its_own_resources() -> None:
    """with_options on the async client returns the async class; its resources call it."""
    client = AsyncRecordingClient(api_key=API_KEY, base_url="http://127.0.0.1:9")
    copy = client.with_options(timeout=1.0)
    assert type(copy) is AsyncRecordingClient
    assert copy.links._client is copy and client.links._client is client
    asyncio.run(client.aclose())


def test_a_missing_field_is_named_without_the_value_it_was_missing_from(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A required field left out says only that it is required; a bad value says what it got."""
    with pytest.raises(ValidationError) as missing:
        client.links.create([{"slug": "x"}])
    assert missing.value.errors == [{"field": "body[0].url", "message": "Field required"}]
    with pytest.raises(ValidationError) as bad:
        client.links.create([{"url": 3}])
    assert bad.value.errors == [
        {"field": "body[0].url", "message": "Input should be a valid string (got 3)"}
    ]
    assert server.requests == []
    with pytest.raises(ValidationError) as long:
        client.links.create([{"url": int("9" * 60)}])  # a repr of 60 characters: kept whole
    assert long.value.errors[0]["message"].endswith(f"(got {'9' * 60})")
    with pytest.raises(ValidationError) as longer:
        client.links.create([{"url": int("9" * 61)}])  # longer: cut to 60 characters
    assert longer.value.errors[0]["message"].endswith(f"(got {'9' * 57}...)")
