"""End to end, the fixture client against the Hoko emulator: per-call options and client copies,
raw responses, every documented error, 429s retried, and batched calls.

Expected values come from what each test told the emulator to hold (and expected.py); request
ids are the ones the emulator gave each request."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support.hoko_api import HokoAPI
from support.server import Reply

from e2e.conftest import Installed, downstream
from e2e.expected import link, tag
from e2e.expected import without_id as bare

pytestmark = pytest.mark.slow

ARABIC = {
    "Invalid API key": "مفتاح API غير صالح",
    "Missing required scopes": "الصلاحيات المطلوبة مفقودة",
    "Link not found": "الرابط غير موجود",
    "Slug already in use": "الاسم المختصر مستخدم بالفعل",
    "Invalid request": "طلب غير صالح",
    "Rate limit exceeded": "تم تجاوز حد المعدل",
}


def error(api_error: str, status: int, message: str, request_id: str) -> dict[str, object]:
    """An APIStatusError as downstream/common.py reports it, from the page's documented body."""
    return {
        "class": api_error,
        "status": status,
        "message": message,
        "messages": {"en": message, "ar": ARABIC[message]},
        "request_id": request_id,
        "is_hoko_error": True,
        "request_id_in_text": True,
    }


def test_per_call_options_and_copies(fixture_client: Installed, api: HokoAPI) -> None:
    """extra_query/extra_headers (a caller's header wins)/extra_body/timeout on one call;
    with_options and copy change a copy, not the client they came from."""
    seeds = api.store.seed_links(3)
    renamed = seeds[1]["id"]
    # Replies slower than the 0.2 s timeouts (of one call, then of a copy of the client); with
    # max_retries=0 a retry would reach the emulator and succeed.
    api.server.enqueue("/api/tags", Reply(delay=30))
    api.server.enqueue("/api/collections", Reply(delay=30))
    result = downstream(fixture_client.python, "options", api.url, link=renamed)

    assert result["oldest"] == ["seed-1", "seed-2"]
    listed = api.requests[0]
    assert listed.query == {"take": ["2"], "order": ["asc"]}
    assert (listed.headers["x-app"], listed.headers["x-env"]) == ("override", "test")
    assert listed.headers["x-trace"] == "trace-1"
    # seed_links(3): one second apart, the last at the clock's time.
    assert bare(result["extra_body"]) == link(
        "via-extra-body",
        "https://example.com/2",
        title="Renamed",
        createdAt="2026-11-28T09:29:59Z",
    )
    assert api.requests[1].body == {"title": "Renamed", "slug": "via-extra-body"}
    assert "x-trace" not in api.requests[1].headers
    assert result["per_call_timeout"] == result["client_timeout"] == "APITimeoutError"
    assert result["reader_sees"] == 1
    reader_list, reader_delete, original = api.requests[-3:]
    assert result["reader_deletes"] == {
        **error("PermissionDeniedError", 403, "Missing required scopes", reader_delete.request_id),
        "missing_scopes": ["linksWrite"],
    }
    for request in (reader_list, reader_delete):
        assert request.headers["authorization"] == "Bearer hk_read"
        assert (request.headers["x-app"], request.headers["x-env"]) == ("downstream", "copy")
    assert result["original_key_still_writes"] == "via-extra-body"
    assert original.headers["authorization"] == "Bearer hk_all"
    assert original.headers["x-env"] == "test"


def test_raw_responses(fixture_client: Installed, api: HokoAPI) -> None:
    """with_raw_response gives the status, headers, request id, rate limit and retries of the
    reply, and parse() what the method returns (a page for a list), sync and async."""
    raw_link = api.store.add_link(slug="raw-link", url="https://example.com/raw")["id"]
    result = downstream(fixture_client.python, "raw", api.url, link=raw_link)

    first = api.requests[0]
    window_ends = datetime(2026, 11, 28, 9, 31, tzinfo=timezone.utc).timestamp()
    assert result["status"] == 200 and result["content_type"] == "application/json"
    assert result["request_id"] == first.request_id
    assert result["retries_taken"] == 0
    assert result["rate_limit"] == [10_000, 9_999, window_ends]
    assert result["link"] == {"id": raw_link, **link("raw-link", "https://example.com/raw")}
    assert result["parsed_once"] is True
    assert result["page"] == ["SyncPage", 1]
    status, (created,) = result["created"]
    assert status == 201 and bare(created) == tag("raw")
    assert result["async"] == {"status": 200, "slug": "raw-link"}


def test_documented_errors(fixture_client: Installed, api: HokoAPI) -> None:
    """401, 403 (missing_scopes), 404, 409 and 400 raise their class, with the documented
    messages in both languages and the request id the emulator gave the request."""
    api.store.add_link(slug="taken")
    result = downstream(fixture_client.python, "errors", api.url, slug="taken")

    ids = [request.request_id for request in api.requests]
    assert [request.status for request in api.requests] == [401, 403, 404, 409, 400]
    assert result == {
        "401": error("AuthenticationError", 401, "Invalid API key", ids[0]),
        "403": {
            **error("PermissionDeniedError", 403, "Missing required scopes", ids[1]),
            "missing_scopes": ["linksWrite"],
        },
        "404": error("NotFoundError", 404, "Link not found", ids[2]),
        "409": error("ConflictError", 409, "Slug already in use", ids[3]),
        "400": error("BadRequestError", 400, "Invalid request", ids[4]),
    }


def test_429_is_retried(fixture_client: Installed, api: HokoAPI) -> None:
    """A 429 asking for a 1 s wait is waited out and retried; the call succeeds, and the raw
    response says it took one retry."""
    api.store.add_tag(name="pricing")
    api.throttle(1, retry_after=1)
    result = downstream(fixture_client.python, "retried", api.url)

    assert result["retries_taken"] == 1
    assert [bare(t) for t in result["tags"]] == [tag("pricing")]
    assert [request.status for request in api.requests] == [429, 200]


def test_500_is_retried_only_when_safe(fixture_client: Installed, api: HokoAPI) -> None:
    """A POST with an Idempotency-Key that meets a 500 is sent again and succeeds; one without
    is not repeated (it may have taken effect) and raises InternalServerError."""
    api.store.add_customer(externalId="buyer")
    failed = Reply(500, json={"error": {"en": "Internal error", "ar": "خطأ داخلي"}})
    api.server.enqueue("/api/track/sale", failed, failed)
    result = downstream(fixture_client.python, "server-errors", api.url, customer="buyer")

    assert result == {
        "without_key": {"class": "InternalServerError", "status": 500},
        "with_key": {"retries_taken": 1, "amount": 1500},
    }
    assert len(api.server.requests_to("/api/track/sale")) == 3
    assert [sale["amount"] for sale in api.store.sales] == [1500]
    assert api.requests[0].headers["idempotency-key"] == "order-7"


def test_429_past_the_retries(fixture_client: Installed, api: HokoAPI) -> None:
    """Three 429s exhaust max_retries=2 and raise RateLimitError (retry_after, request id of
    the last); with_options(max_retries=0) raises at the first."""
    api.throttle(4, retry_after=0)
    result = downstream(fixture_client.python, "rate-limited", api.url)

    ids = [request.request_id for request in api.requests]
    assert [request.status for request in api.requests] == [429] * 4
    assert result == {
        "retried": {
            **error("RateLimitError", 429, "Rate limit exceeded", ids[2]),
            "retry_after": 0.0,
        },
        "not_retried": {
            **error("RateLimitError", 429, "Rate limit exceeded", ids[3]),
            "retry_after": 0.0,
        },
    }


def test_batched_calls(fixture_client: Installed, api: HokoAPI) -> None:
    """*_in_batches split a long list into requests of batch_size and merge the answers in
    order: links deleted 10+10+5, created 2+2+1; collections deleted 2+2+1 concurrently. A
    failing batch raises BatchError with the batches that took effect; a batch size over the
    documented 10,000 is refused before sending."""
    links = [record["id"] for record in api.store.seed_links(25)]
    collections = [record["id"] for record in api.store.seed_collections(5)]
    api.store.add_link(slug="taken")
    result = downstream(
        fixture_client.python,
        "batches",
        api.url,
        links=links,
        collections=collections,
        taken="taken",
    )

    assert result["deleted"] == links
    assert result["created"] == [f"b{i}" for i in range(5)]
    assert result["batch_error"] == {
        "completed": [["c0", "c1"]],
        "completed_batches": [0],
        "failed_batch": 1,
        "cause": "ConflictError",
    }
    assert result["too_big"]["field"] == "batch_size"
    assert "between 1 and 10000" in result["too_big"]["errors"][0]["message"]
    assert result["async"] == collections
    slugs = sorted(link["slug"] for link in api.store.links.values())
    assert slugs == [*result["created"], "c0", "c1", "taken"]
    assert api.store.collections == {}
    deletes = [r.body for r in api.requests_to("/api/links", "DELETE")]
    assert deletes == [links[:10], links[10:20], links[20:]]
    creates = [r.body for r in api.requests_to("/api/links", "POST")]
    items = [{"url": f"https://example.com/b{i}", "slug": f"b{i}"} for i in range(5)]
    clashing = [{"url": f"https://example.com/c{i}", "slug": f"c{i}"} for i in range(4)]
    clashing[3]["slug"] = "taken"
    # the batch after the failing one is not sent
    assert creates == [items[:2], items[2:4], items[4:], clashing[:2], clashing[2:]]
    batches = [r.body for r in api.requests_to("/api/collections", "DELETE")]
    assert sorted(batches) == sorted([collections[:2], collections[2:4], collections[4:]])
