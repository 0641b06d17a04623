"""The fake API's runtime checks each request as its table says: route, key and scopes, the
parameters and the body against the documented models; and fails on demand (fail_next)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hoko_fake_under_test import (
    DEMO_ERRORS,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DemoClient,
    DemoFake,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)

from .conftest import NoWaitClient

LINK = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
BEARER = {"Authorization": "Bearer hk_any"}


def send(fake: DemoFake, method: str, path: str, **options: Any) -> httpx.Response:
    """One request straight to the fake, as any httpx user (or a hand-made mock) would send it."""
    with httpx.Client(transport=fake, base_url="https://hoko.to") as http:
        return http.request(method, path, **options)


def test_unknown_route_and_method_are_404_with_a_reason(fake: DemoFake) -> None:
    """A path no operation has, or a method the path does not take, is a 404 whose
    X-Fake-Reason names the request."""
    for method, path in [("GET", "/api/nothing"), ("POST", f"/api/links/{LINK}")]:
        response = send(fake, method, path, headers=BEARER)
        assert response.status_code == 404
        assert response.json() == {"error": {"en": "Not found"}}
        assert response.headers["X-Fake-Reason"] == f"no documented operation is {method} {path}"


def test_an_answer_documented_without_a_body_is_empty() -> None:
    """The archive operation documents a 204 and no body: that is the answer, empty."""
    response = send(DemoFake(), "POST", f"/api/links/{LINK}/archive", headers=BEARER)
    assert response.status_code == 204
    assert response.content == b""


def test_a_missing_or_malformed_key_is_the_documented_401(fake: DemoFake) -> None:
    """No Authorization header, or one that is not `Bearer <key>`, gets the table's 401."""
    for headers in [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}]:
        response = send(fake, "GET", "/api/links", headers=headers)
        assert response.status_code == 401
        assert response.json() == DEMO_ERRORS["401"]


def test_only_the_configured_keys_are_accepted() -> None:
    """With `keys`, another key is a 401 (the key never appears in the reason)."""
    fake = DemoFake(keys={"hk_read": ["linksRead"]})
    refused = send(fake, "GET", "/api/links", headers={"Authorization": "Bearer hk_other"})
    assert refused.status_code == 401
    assert "hk_other" not in refused.headers["X-Fake-Reason"]
    accepted = send(fake, "GET", "/api/links", headers={"Authorization": "Bearer hk_read"})
    assert accepted.status_code == 200


def test_a_key_without_the_scope_gets_403_naming_what_it_lacks() -> None:
    """The 403 is the table's body with missingScopes set to the scopes the key lacks."""
    client = DemoFake(keys={"hk_read": ["linksRead"]}).client(api_key="hk_read")
    with pytest.raises(PermissionDeniedError) as caught:
        client.links.delete([LINK])
    assert caught.value.missing_scopes == ["linksWrite"]
    assert caught.value.body == {**DEMO_ERRORS["403"], "missingScopes": ["linksWrite"]}


def test_any_one_of_several_ways_to_qualify_is_enough() -> None:
    """An operation accepting linksWrite or admin lets an admin key in, and a 403 names the
    shortest list of scopes missing."""
    admin = DemoFake(keys={"hk_admin": ["admin"], "hk_none": []})
    allowed = send(
        admin, "DELETE", f"/api/links/{LINK}", headers={"Authorization": "Bearer hk_admin"}
    )
    assert allowed.status_code == 204
    refused = send(
        admin, "DELETE", f"/api/links/{LINK}", headers={"Authorization": "Bearer hk_none"}
    )
    assert refused.status_code == 403
    assert refused.json()["missingScopes"] == ["linksWrite"]


def test_an_operation_without_scopes_needs_no_key(fake: DemoFake) -> None:
    """The lead operation lists no scopes: a request without any key is answered."""
    body = {"clickId": "clk_1", "eventName": "Sign up", "externalId": "user_1"}
    response = send(fake, "POST", "/api/track/lead", json=body)
    assert response.status_code == 200


def test_keys_refuse_a_string_for_their_scopes() -> None:
    """`keys={"k": "linksRead"}` (a string, not a list of scopes) is a TypeError."""
    with pytest.raises(TypeError, match="list of names"):
        DemoFake(keys={"k": "linksRead"})


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"take": "0"}, "take: Input should be greater than or equal to 1"),
        ({"take": "1001"}, "take: Input should be less than or equal to 1000"),
        ({"take": "50.0"}, "take: not an integer (got '50.0')"),
        ({"take": "+5"}, "take: not an integer (got '+5')"),
        ({"skip": "-1"}, "skip: Input should be greater than or equal to 0"),
        ({"sort": "title"}, "sort: Input should be 'createdAt', 'updatedAt', 'clicks' or 'slug'"),
        ({"search": "x" * 101}, "search: String should have at most 100 characters"),
        ({"collectionId": "nope"}, "collectionId: Input should be a valid UUID"),
    ],
)
def test_query_limits_are_the_documented_400(
    fake: DemoFake, query: dict[str, str], reason: str
) -> None:
    """A query value breaking a documented limit gets the table's 400, the reason naming the
    parameter as the API spells it."""
    response = send(fake, "GET", "/api/links", params=query, headers=BEARER)
    assert response.status_code == 400
    assert response.json() == DEMO_ERRORS["400"]
    assert response.headers["X-Fake-Reason"].startswith(reason)


def test_a_path_value_and_a_header_are_checked_too(fake: DemoFake) -> None:
    """A link id that is no UUID, and an Idempotency-Key over its 255 characters, are 400s."""
    bad_id = send(fake, "GET", "/api/links/123", headers=BEARER)
    assert bad_id.status_code == 400
    assert bad_id.headers["X-Fake-Reason"].startswith("id: Input should be a valid UUID")
    body = {"clickId": "clk_1", "eventName": "Sign up", "externalId": "user_1"}
    long_key = send(
        fake, "POST", "/api/track/lead", json=body, headers={"Idempotency-Key": "k" * 256}
    )
    assert long_key.status_code == 400
    assert long_key.headers["X-Fake-Reason"].startswith("Idempotency-Key: String should have")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "body: the operation takes a JSON body"),
        (b"[{", "body: Invalid JSON"),
        (b"[]", "body: List should have at least 1 item"),
        (b'[{"url": 5}]', "body[0].url: Input should be a valid string"),
        (b'[{"title": "t"}]', "body[0].url: Field required"),
        (b'[{"url": "https://x.io", "slug": ""}]', "body[0].slug: String should have at least 1"),
        (b'[{"url": "https://x.io", "slug": null}]', "body[0].slug: may not be null"),
    ],
)
def test_body_limits_are_the_documented_400(fake: DemoFake, content: bytes, reason: str) -> None:
    """A body the create model refuses (or no body, or not JSON) gets the table's 400."""
    response = send(fake, "POST", "/api/links", content=content, headers=BEARER)
    assert response.status_code == 400
    assert response.json() == DEMO_ERRORS["400"]
    assert response.headers["X-Fake-Reason"].startswith(reason)


def test_bodies_are_read_as_strict_json(fake: DemoFake) -> None:
    """A number given as text, and a date-time without a time zone, are refused as a backend
    reading JSON strictly would."""
    as_text = send(fake, "PATCH", f"/api/links/{LINK}", json={"weight": "0.5"}, headers=BEARER)
    assert as_text.status_code == 400
    assert as_text.headers["X-Fake-Reason"].startswith(
        "body.weight: Input should be a valid number"
    )
    naive = send(
        fake,
        "PATCH",
        f"/api/links/{LINK}",
        json={"expiresAt": "2026-12-31T23:59:59"},
        headers=BEARER,
    )
    assert naive.status_code == 400
    assert naive.headers["X-Fake-Reason"].startswith("body.expiresAt: Input should have timezone")


def test_extra_query_and_extra_body_reach_the_checks(client: DemoClient) -> None:
    """What the client's own checks never see (extra_query, extra_body) is checked by the fake."""
    with pytest.raises(BadRequestError) as caught:
        client.links.list(extra_query={"take": "5000"})
    assert caught.value.response.headers["X-Fake-Reason"].startswith("take: Input should be less")
    with pytest.raises(BadRequestError):
        client.links.update(LINK, title="t", extra_body={"url": None})


def test_calls_lists_every_request_received(fake: DemoFake, client: DemoClient) -> None:
    """`calls` holds each httpx.Request, refused ones included, with its body readable."""
    client.links.get(LINK)
    with pytest.raises(BadRequestError):
        client.links.list(extra_query={"take": "0"})
    client.links.create([{"url": "https://example.com/a"}])
    assert [(c.method, c.url.path) for c in fake.calls] == [
        ("GET", f"/api/links/{LINK}"),
        ("GET", "/api/links"),
        ("POST", "/api/links"),
    ]
    assert fake.calls[2].content == b'[{"url":"https://example.com/a"}]'
    assert fake.calls[0].headers["authorization"] == "Bearer hk_test_fake"


def test_client_uses_the_first_configured_key_and_passes_options() -> None:
    """`client()` without a key uses the first of `keys`; other options reach the client."""
    fake = DemoFake(keys={"hk_write": ["linksWrite", "linksRead"], "hk_read": ["linksRead"]})
    client = fake.client(max_retries=0, default_headers={"X-Team": "growth"})
    client.links.list()
    assert fake.calls[-1].headers["authorization"] == "Bearer hk_write"
    assert fake.calls[-1].headers["x-team"] == "growth"
    assert client.max_retries == 0


def test_fail_next_429_is_retried_by_the_client(fake: DemoFake, client: DemoClient) -> None:
    """A 429 asked for once is answered to the next call only, with retryAfter 0, so the
    client's retry succeeds at once."""
    fake.fail_next("links.list", status=429)
    page = client.links.list()
    assert [link.slug for link in page] == ["pricing", "winter-sale"]
    assert [c.url.path for c in fake.calls] == ["/api/links", "/api/links"]
    assert len(client.links.list().items) == 2
    assert len(fake.calls) == 3


def test_fail_next_answers_the_documented_error_body(fake: DemoFake) -> None:
    """The failure is the table's answer for the status, retryAfter and Retry-After set to
    the wait asked for."""
    fake.fail_next("links.get", status=429, retry_after=2.5)
    response = send(fake, "GET", f"/api/links/{LINK}", headers=BEARER)
    assert response.status_code == 429
    assert response.json() == {**DEMO_ERRORS["429"], "retryAfter": 2.5}
    assert response.headers["Retry-After"] == "2.5"
    assert send(fake, "GET", f"/api/links/{LINK}", headers=BEARER).status_code == 200


def test_fail_next_counts_times_and_gives_up_the_client(fake: DemoFake) -> None:
    """`times=3` fails three calls: a client with two retries raises RateLimitError."""
    fake.fail_next("links.list", status=429, retry_after=0, times=3)
    client = fake.client(max_retries=2)
    with pytest.raises(RateLimitError) as caught:
        client.links.list()
    assert caught.value.retry_after == 0
    assert len(fake.calls) == 3


def test_fail_next_other_statuses_and_timeouts(fake: DemoFake) -> None:
    """A 500 on a POST is raised at once (not idempotent); a timeout on a GET is retried
    with backoff, then raised as APITimeoutError; an undocumented status gets a generic body."""
    client = NoWaitClient(api_key="k", http_client=httpx.Client(transport=fake), max_retries=1)
    fake.fail_next("links.create", status=500)
    with pytest.raises(InternalServerError) as caught:
        client.links.create([{"url": "https://example.com/a"}])
    assert caught.value.body == {"error": {"en": "Internal Server Error"}}
    assert len(fake.calls) == 1
    fake.fail_next("links.get", timeout=True, times=2)
    with pytest.raises(APITimeoutError):
        client.links.get(LINK)
    assert len(fake.calls) == 3
    assert client.waits == [0.5]


def test_fail_next_refuses_what_it_cannot_do(fake: DemoFake) -> None:
    """An unknown operation, a success status, no call to fail, or both (or neither) of
    status and timeout are errors that say what to give instead."""
    with pytest.raises(
        ValueError, match=r"no operation 'links\.lst'; the fake knows: .*links\.list"
    ):
        fake.fail_next("links.lst", status=429)
    with pytest.raises(ValueError, match="not an error status"):
        fake.fail_next("links.list", status=200)
    with pytest.raises(ValueError, match="at least 1"):
        fake.fail_next("links.list", status=500, times=0)
    for options in [{}, {"status": 429, "timeout": True}]:
        with pytest.raises(ValueError, match="either status="):
            fake.fail_next("links.list", **options)


def test_async_client_goes_through_the_same_checks() -> None:
    """The asyncio client of the fake lists, creates and gets 404 and 403 as the sync one."""
    fake = DemoFake(keys={"hk_read": ["linksRead"]})

    async def scenario() -> tuple[list[str], int, int]:
        async with fake.async_client() as client:
            slugs = [link.slug async for link in client.links.list(take=1)]
            try:
                await client.links.create([{"url": "https://example.com/a"}])
            except PermissionDeniedError as error:
                denied = error.status_code
            try:
                await client.links.get("00000000-0000-4000-8000-000000000000")
            except NotFoundError as error:
                missing = error.status_code
        return slugs, denied, missing

    assert asyncio.run(scenario()) == (["pricing", "winter-sale"], 403, 404)
    assert [c.url.params.get("skip") for c in fake.calls[:2]] == [None, "1"]


def test_an_unknown_key_never_reaches_the_answer(fake: DemoFake) -> None:
    """A refused key changes nothing: the link it tried to delete is still listed."""
    limited = DemoFake(keys={"hk": ["linksRead"]})
    with pytest.raises(AuthenticationError):
        limited.client(api_key="other").links.delete([LINK])
    assert LINK in {str(link.id) for link in limited.client().links.list()}
