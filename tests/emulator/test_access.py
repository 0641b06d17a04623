"""The emulator's front door: routes, keys, scopes, the rate limit, request ids, the request log."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from support.hoko_api import ALL_SCOPES, HokoAPI, ManualClock
from support.server import Reply

from emulator.conftest import BAD_REQUEST, expect

LINK = "fd5d3bc1-067e-4358-91c0-ef6fdc1fbf14"
# Read off each page's `## Authentication` sentence, by hand.
DOCUMENTED_SCOPES = [
    ("GET", "/api/links", "linksRead"),
    ("GET", f"/api/links/{LINK}", "linksRead"),
    ("POST", "/api/links", "linksWrite"),
    ("PUT", "/api/links", "linksWrite"),
    ("PATCH", f"/api/links/{LINK}", "linksWrite"),
    ("DELETE", "/api/links", "linksWrite"),
    ("GET", "/api/collections", "linksRead"),
    ("POST", "/api/collections", "linksWrite"),
    ("DELETE", "/api/collections", "linksWrite"),
    ("GET", "/api/tags", "linksRead"),
    ("POST", "/api/tags", "linksWrite"),
    ("GET", "/api/partners", "linksRead"),
    ("POST", "/api/partners", "linksWrite"),
    ("PUT", "/api/partners", "linksWrite"),
    ("DELETE", "/api/partners", "linksWrite"),
    ("GET", "/api/customers", "customersRead"),
    ("POST", "/api/customers", "customersWrite"),
    ("GET", "/api/analytics/clicks", "analyticsRead"),
    ("GET", "/api/analytics/summary", "analyticsRead"),
    ("POST", "/api/track/lead", "conversionsWrite"),
    ("POST", "/api/track/sale", "conversionsWrite"),
]
INVALID_KEY = {"error": {"en": "Invalid API key", "ar": "مفتاح API غير صالح"}}
RATE_LIMITED = {"error": {"en": "Rate limit exceeded", "ar": "تم تجاوز حد المعدل"}}
NOT_FOUND = {"error": {"en": "Not found", "ar": "غير موجود"}}


def test_all_scopes_are_the_documented_ones() -> None:
    """ALL_SCOPES is exactly the set of scopes the pages require."""
    assert {scope for _, _, scope in DOCUMENTED_SCOPES} == ALL_SCOPES


@pytest.mark.parametrize(("method", "path", "scope"), DOCUMENTED_SCOPES)
def test_each_endpoint_needs_its_documented_scope(method: str, path: str, scope: str) -> None:
    """A key holding every other scope gets 403 naming the one missing; the full key gets past."""
    keys = {"hk_most": ALL_SCOPES - {scope}, "hk_all": ALL_SCOPES}
    with HokoAPI(keys=keys) as api, httpx.Client(base_url=api.url) as http:
        denied = http.request(method, path, headers={"Authorization": "Bearer hk_most"})
        allowed = http.request(method, path, headers={"Authorization": "Bearer hk_all"})
    expect(
        denied,
        403,
        {
            "error": {"en": "Missing required scopes", "ar": "الصلاحيات المطلوبة مفقودة"},
            "missingScopes": [scope],
        },
    )
    assert allowed.status_code not in (401, 403), allowed.text
    assert allowed.json() != NOT_FOUND  # the route exists (a 404 may still say "Link not found")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer hk_unknown", "Bearer", "Basic hk_all", "hk_all", "Bearer hk_all extra"],
)
def test_a_missing_or_unknown_key_is_401(api: HokoAPI, authorization: str | None) -> None:
    """Without `Bearer <known key>` every endpoint answers 401 with the documented body."""
    headers = {} if authorization is None else {"Authorization": authorization}
    with httpx.Client(base_url=api.url, headers=headers) as http:
        expect(http.get("/api/links"), 401, INVALID_KEY)
        expect(http.post("/api/track/sale", json={}), 401, INVALID_KEY)


def test_the_bearer_scheme_is_case_insensitive(api: HokoAPI) -> None:
    """`bearer hk_all` is accepted, as RFC 7235 makes auth schemes case-insensitive."""
    with httpx.Client(base_url=api.url, headers={"Authorization": "bearer hk_all"}) as http:
        expect(http.get("/api/tags"), 200, [])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/nothing"),
        ("GET", "/api/links/"),
        ("POST", f"/api/links/{LINK}"),
        ("GET", "/api/analytics"),
        ("PATCH", "/api/partners"),
        ("GET", "/links"),
    ],
)
def test_unknown_routes_are_404_even_without_a_key(api: HokoAPI, method: str, path: str) -> None:
    """A method and path no page documents is a 404, before any key is checked."""
    with httpx.Client(base_url=api.url) as http:
        expect(http.request(method, path), 404, NOT_FOUND)


def test_every_answer_carries_a_fresh_request_id(api: HokoAPI, http: httpx.Client) -> None:
    """Successes, 4xx and unknown routes all carry X-Request-Id, a new one each time."""
    answers = [
        http.get("/api/tags"),
        http.get("/api/links", params={"take": "x"}),
        http.get("/nowhere"),
        http.get("/api/tags", headers={"Authorization": "Bearer nope"}),
    ]
    ids = [answer.headers["x-request-id"] for answer in answers]
    assert all(re.fullmatch(r"req_[0-9a-f]{32}", value) for value in ids)
    assert len(set(ids)) == 4
    assert [request.request_id for request in api.requests] == ids


def test_rate_limit_headers_count_down_then_429_until_the_window_ends() -> None:
    """With a limit of 2 per 60 s: Remaining 1, 0, then 429 with retryAfter; a new window resets."""
    clock = ManualClock()
    window_end = int(clock.moment.timestamp()) + 60
    with (
        HokoAPI(keys={"hk": ALL_SCOPES}, rate_limit=2, rate_window=60, clock=clock) as api,
        httpx.Client(base_url=api.url, headers={"Authorization": "Bearer hk"}) as http,
    ):
        first, second = http.get("/api/tags"), http.get("/api/tags")
        clock.advance(seconds=20)
        limited = http.get("/api/tags")
        clock.advance(seconds=40)
        again = http.get("/api/tags")
    assert [first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]] == [
        "1",
        "0",
    ]
    assert first.headers["x-ratelimit-limit"] == "2"
    assert first.headers["x-ratelimit-reset"] == str(window_end)
    expect(limited, 429, {**RATE_LIMITED, "retryAfter": 40})
    assert limited.headers["retry-after"] == "40"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert again.status_code == 200 and again.headers["x-ratelimit-remaining"] == "1"


def test_the_rate_limit_is_counted_per_key() -> None:
    """One key using up its window leaves another key's untouched."""
    keys = {"hk_a": ALL_SCOPES, "hk_b": ALL_SCOPES}
    with HokoAPI(keys=keys, rate_limit=1, clock=ManualClock()) as api, httpx.Client() as http:
        a_first = http.get(f"{api.url}/api/tags", headers={"Authorization": "Bearer hk_a"})
        a_second = http.get(f"{api.url}/api/tags", headers={"Authorization": "Bearer hk_a"})
        b_first = http.get(f"{api.url}/api/tags", headers={"Authorization": "Bearer hk_b"})
    assert [a_first.status_code, a_second.status_code, b_first.status_code] == [200, 429, 200]


def test_throttle_answers_429_on_demand_then_serves_again(api: HokoAPI, http: httpx.Client) -> None:
    """api.throttle(2, retry_after=3): the next two requests get 429 and retryAfter 3."""
    api.throttle(times=2, retry_after=3)
    answers = [http.get("/api/tags") for _ in range(3)]
    for limited in answers[:2]:
        expect(limited, 429, {**RATE_LIMITED, "retryAfter": 3})
        assert limited.headers["retry-after"] == "3"
    assert answers[2].status_code == 200


def test_a_body_that_is_not_json_is_400(http: httpx.Client) -> None:
    """Broken JSON, and JSON's forbidden NaN, are a 400 "Invalid request"."""
    headers = {"Content-Type": "application/json"}
    expect(http.post("/api/tags", content=b'[{"name": ', headers=headers), 400, BAD_REQUEST)
    expect(http.post("/api/partners", content=b"[NaN]", headers=headers), 400, BAD_REQUEST)


def test_requests_are_recorded_with_their_parsed_body_and_answer(
    api: HokoAPI, http: httpx.Client
) -> None:
    """api.requests keeps method, path, query, headers, the parsed body, the status and why."""
    http.post("/api/tags", params={"x": ["1", "2"]}, json=[{"name": "a"}], headers={"X-K": "v"})
    http.get("/api/links", params={"take": "50.0"})
    created, refused = api.requests
    assert (created.method, created.path, created.query) == ("POST", "/api/tags", {"x": ["1", "2"]})
    assert created.headers["x-k"] == "v" and created.body == [{"name": "a"}]
    assert created.raw == b'[{"name":"a"}]'
    assert created.status == 201 and created.response[0]["name"] == "a" and created.reason == ""
    assert (refused.status, refused.body) == (400, None)
    assert "take='50.0' is not an integer" in refused.reason
    assert api.requests_to("/api/tags", "POST") == [created]
    assert api.requests_to("/api/tags", "GET") == []


def test_a_fault_of_the_emulator_drops_the_connection_and_is_raised_on_exit() -> None:
    """A bug inside the emulator is not hidden: the client sees no answer, the test an error."""
    api = HokoAPI().start()
    api.store.links["broken"] = {}  # a record without its fields makes GET /api/links fail
    with (
        httpx.Client(base_url=api.url, headers={"Authorization": "Bearer hk_all"}) as http,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        http.get("/api/links")
    with pytest.raises(RuntimeError, match="the Hoko emulator failed: KeyError"):
        api.__exit__(None, None, None)


def test_a_key_without_the_scope_still_sees_its_rate_limit(api: HokoAPI) -> None:
    """A 403 is an answer to a known key: it carries X-RateLimit-* and uses up one request."""
    with httpx.Client(base_url=api.url, headers={"Authorization": "Bearer hk_read"}) as http:
        denied = http.post("/api/tags", json=[{"name": "a"}])
        allowed = http.get("/api/tags")
    assert denied.status_code == 403 and denied.headers["x-ratelimit-remaining"] == "9999"
    assert allowed.headers["x-ratelimit-remaining"] == "9998"


def test_a_test_can_start_from_seed_data() -> None:
    """HokoAPI(seed=...) adds objects before serving, in an order where links can name the
    collections and customers the partners seeded with them; an unknown kind is refused."""
    collection = {"id": "4a022847-3bcb-4c29-8d86-f974a16417bb", "name": "Q4"}
    partner = {"id": "103affad-2dee-46db-8f61-b804ed3d67f7", "email": "layla@example.com"}
    seed: dict[str, list[dict[str, Any]]] = {
        "customers": [{"externalId": "user_1", "partnerId": partner["id"]}],
        "links": [{"slug": "pricing", "collectionId": collection["id"], "tags": ["q4"]}],
        "partners": [partner],
        "collections": [collection],
    }
    with HokoAPI(seed=seed) as api, httpx.Client(base_url=api.url) as http:
        links = http.get("/api/links", headers={"Authorization": "Bearer hk_all"}).json()
        collections = http.get("/api/collections", headers={"Authorization": "Bearer hk_all"})
    (link,) = links["links"]
    assert (link["slug"], link["collectionId"], link["tags"]) == (
        "pricing",
        collection["id"],
        ["q4"],
    )
    assert collections.json()["collections"][0]["linkCount"] == 1
    assert [tag["name"] for tag in api.store.tags.values()] == ["q4"]
    assert next(iter(api.store.customers.values()))["partnerId"] == partner["id"]
    with pytest.raises(ValueError, match="cannot seed clicks"):
        HokoAPI(seed={"clicks": []})


def test_transport_faults_can_be_scripted_before_the_emulator(
    api: HokoAPI, http: httpx.Client
) -> None:
    """A reply queued on api.server comes first (unrecorded by the emulator); then it answers."""
    api.server.enqueue("/api/tags", Reply.dropped(), Reply(503, json={"error": "down"}))
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/api/tags")
    assert http.get("/api/tags").status_code == 503
    assert http.get("/api/tags").status_code == 200
    assert [request.status for request in api.requests] == [200]
    assert len(api.server.requests) == 3


def test_answers_are_utf8_json_snapshots(api: HokoAPI, http: httpx.Client) -> None:
    """Bodies are UTF-8 JSON (Arabic as text, not \\u escapes); the log keeps the answer as sent,
    untouched by later changes to the state."""
    refused = http.get("/api/links", params={"take": "0"})
    assert refused.headers["content-type"] == "application/json"
    assert "معلمات".encode() in refused.content
    customer = api.store.add_customer(tags=["a"])
    http.get("/api/customers")
    customer["tags"].append("b")
    assert api.requests[-1].response["customers"][0]["tags"] == ["a"]
