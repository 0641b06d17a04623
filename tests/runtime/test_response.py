"""_response and _construct: lenient parsing of what real APIs send, strict validation on
request, the APIResponse of the raw variants, and rate-limit headers."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import uuid
from collections.abc import Mapping
from typing import Annotated, Any

import httpx
import pytest
from hoko_client_under_test import (
    APIResponse,
    APIResponseValidationError,
    AsyncDemoClient,
    DemoClient,
    HokoModel,
    Link,
    ListLinksResponse,
    RateLimit,
    SyncPage,
    construct,
)
from pydantic import Field
from support.server import Reply, ScriptedServer

from .conftest import API_KEY, LINK_ID, OTHER_ID, RecordingClient, link_json

LINK_PATH = f"/api/links/{LINK_ID}"
LIMITS = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "1"}


def test_rate_limit_reads_headers_case_insensitively() -> None:
    """RateLimit takes the three X-RateLimit headers whatever their case."""
    headers = {"x-ratelimit-limit": "100", "X-RATELIMIT-REMAINING": "7", "X-RateLimit-Reset": "30"}
    assert RateLimit.from_headers(headers) == RateLimit(limit=100, remaining=7, reset=30.0)


def test_rate_limit_is_read_only() -> None:
    """A RateLimit read from a reply cannot be changed afterwards."""
    limits = RateLimit.from_headers(LIMITS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.remaining = 0  # type: ignore[misc]


def test_rate_limit_fields_are_none_when_missing_or_garbled() -> None:
    """Absent or unparsable rate-limit headers give None instead of raising."""
    headers = httpx.Headers({"X-RateLimit-Limit": "lots", "X-RateLimit-Reset": "nan"})
    assert RateLimit.from_headers(headers) == RateLimit(limit=None, remaining=None, reset=None)


def test_valid_body_is_validated_with_what_was_sent_as_fields_set(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A body that matches is fully built (UUIDs, datetimes); fields_set is what was sent."""
    server.enqueue(LINK_PATH, Reply(json=link_json()))
    link = client.links.get(LINK_ID)
    assert link.id == uuid.UUID(LINK_ID)
    assert link.created_at == datetime.datetime(
        2026, 11, 18, 14, 2, 11, tzinfo=datetime.timezone.utc
    )
    assert link.title is None and "title" in link.model_fields_set


def test_null_missing_and_odd_fields_do_not_fail_a_response(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A required field sent as null or left out, a field of an unexpected type and a field the
    docs do not mention all come through: the values as sent, None where missing."""
    sent = link_json(slug=None, clicks="many", tags="q4", referrer={"site": "x"})
    del sent["shortUrl"]
    server.enqueue(LINK_PATH, Reply(json=sent))
    link = client.links.get(LINK_ID)
    assert (link.slug, link.clicks, link.tags, link.short_url) == (None, "many", "q4", None)
    assert link.referrer == {"site": "x"}  # type: ignore[attr-defined]
    assert link.model_extra == {"referrer": {"site": "x"}}
    # Where the value fits, it is still built: the UUID and the datetime.
    assert link.id == uuid.UUID(LINK_ID)
    assert isinstance(link.created_at, datetime.datetime)
    assert "short_url" not in link.model_fields_set and "referrer" in link.model_fields_set
    assert "shortUrl" not in link.to_dict()
    assert link.to_dict()["clicks"] == "many"


def test_a_list_with_one_odd_item_keeps_every_item(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """One bad item does not spoil the page: every item is a Link, built where it fits."""
    body = {"links": [link_json(), link_json(id=OTHER_ID, createdAt="yesterday")], "total": "two"}
    server.enqueue("/api/links", Reply(json=body))
    page = client.links.list()
    first, second = page.items
    assert isinstance(first, Link) and isinstance(second, Link)
    assert first.created_at.year == 2026 and second.created_at == "yesterday"
    assert second.id == uuid.UUID(OTHER_ID)
    assert page.body.total == "two"


def test_construct_builds_nested_models_and_keeps_what_does_not_fit() -> None:
    """construct(): models inside lists and unions are built, scalars validated or kept."""
    built = construct(
        {"links": [link_json(clicks=None), "not a link"], "total": 3}, ListLinksResponse
    )
    assert isinstance(built, ListLinksResponse)
    assert isinstance(built.links[0], Link) and built.links[1] == "not a link"
    assert construct(None, Link) is None
    assert construct("7", int) == 7 and construct("seven", int) == "seven"
    assert construct([LINK_ID], list[uuid.UUID]) == [uuid.UUID(LINK_ID)]
    assert construct({"a": link_json()}, dict[str, Link])["a"].slug == "winter-sale"
    assert construct({"a": link_json()}, Mapping[str, Link])["a"].slug == "winter-sale"
    # A union's value that fits none of its members strictly is built as the first it can be.
    partial = construct({"slug": "half", "clicks": "many"}, Link | None)
    assert isinstance(partial, Link) and (partial.slug, partial.clicks) == ("half", "many")


def test_strict_response_validation_refuses_what_the_docs_do_not_promise(
    server: ScriptedServer,
) -> None:
    """strict_response_validation=True raises APIResponseValidationError naming the first field,
    and how many more problems there are (none: no "and N more")."""
    odd = Reply(json=link_json(slug=None))
    server.enqueue(LINK_PATH, odd, Reply(json=link_json(slug=None, clicks="many")), odd)
    with DemoClient(api_key=API_KEY, base_url=server.url, strict_response_validation=True) as c:
        with pytest.raises(
            APIResponseValidationError, match=r"does not match Link: slug"
        ) as caught:
            c.links.get(LINK_ID)
        assert caught.value.message.endswith("slug: Input should be a valid string")
        with pytest.raises(APIResponseValidationError) as caught:
            c.links.get(LINK_ID)
        assert caught.value.message.endswith("slug: Input should be a valid string (and 1 more)")
        lenient = c.with_options(strict_response_validation=False)
        assert lenient.links.get(LINK_ID).slug is None


def test_strict_validation_is_an_option_of_with_options(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """with_options(strict_response_validation=True) turns it on for the copy."""
    server.enqueue("/api/links", Reply(201, json=[link_json(url=5)]))
    strict = client.with_options(strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as caught:
        strict.links.create([{"url": "https://a"}])
    assert caught.value.status_code == 201
    assert "list[" in caught.value.message and "0.url" in caught.value.message


def test_malformed_json_raises_validation_error_with_the_raw_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A 2xx whose JSON is cut off raises APIResponseValidationError holding the raw text,
    lenient or not: there is nothing to build from."""
    server.enqueue("/api/links", Reply.malformed_json())
    with pytest.raises(APIResponseValidationError) as caught:
        client.links.delete([LINK_ID])
    error = caught.value
    assert error.status_code == 200
    assert error.body == '{"deletedIds": ["550e8400'
    assert "the body is not JSON" in error.message
    assert len(server.requests) == 1


def test_operation_without_a_body_parses_to_none(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """An operation documented without a response body returns None, whatever came back."""
    server.enqueue(f"{LINK_PATH}/archive", Reply(204), Reply(json={"unexpected": True}))
    assert client.links.archive(LINK_ID) is None
    assert client.links.archive(LINK_ID) is None


def test_api_response_exposes_the_reply_and_caches_the_parse(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """The raw variant's APIResponse gives status, headers, rate limit, request id, elapsed,
    retries taken; parse() runs once."""
    headers = {**LIMITS, "X-Request-Id": "req_42"}
    server.enqueue(LINK_PATH, Reply(503), Reply(json=link_json(), headers=headers))
    response = client.links.with_raw_response.get(LINK_ID)
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.rate_limit == RateLimit(limit=60, remaining=59, reset=1.0)
    assert (response.request_id, response.retries_taken) == ("req_42", 1)
    assert isinstance(response.elapsed, datetime.timedelta)
    parsed = response.parse()
    assert isinstance(parsed, Link) and parsed.slug == "winter-sale"
    assert response.parse() is parsed
    assert repr(response) == "<APIResponse [200 OK]>"


def test_raw_variants_wrap_the_parsed_methods(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Each raw method is the parsed one, wrapped: same name, docstring and arguments (per-call
    options too), and the marker it adds never reaches the server."""
    raw = client.links.with_raw_response
    assert raw.update.__wrapped__ == client.links.update  # type: ignore[attr-defined]
    assert raw.update.__doc__ == client.links.update.__doc__
    server.enqueue(LINK_PATH, Reply(json=link_json(title="t")))
    response = raw.update(LINK_ID, title="t", extra_headers={"X-Trace": "1"})
    request = server.requests[0]
    assert request.json() == {"title": "t"} and request.headers["x-trace"] == "1"
    assert not any(name.startswith("x-hoko") for name in request.headers)
    assert response.parse().title == "t"


def test_raw_variants_of_every_kind_of_method(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A raw list parses into the page, a raw create into the list, a raw no-body call to None."""
    server.enqueue("/api/links", Reply(json={"links": [link_json()], "total": 1}))
    server.enqueue("/api/links", Reply(201, json=[link_json()]))
    server.enqueue(f"{LINK_PATH}/archive", Reply(204))
    raw = client.links.with_raw_response
    page = raw.list(take=5).parse()
    assert isinstance(page, SyncPage) and [link.slug for link in page] == ["winter-sale"]
    assert [link.slug for link in raw.create([{"url": "https://a"}]).parse()] == ["winter-sale"]
    archived = raw.archive(LINK_ID)
    assert archived.status_code == 204 and archived.parse() is None


def test_async_raw_variants(server: ScriptedServer) -> None:
    """The async raw methods await to an APIResponse; a raw list's parse() is the AsyncPage."""
    server.enqueue(LINK_PATH, Reply(json=link_json(), headers={"Request-Id": "r1"}))
    server.enqueue("/api/links", Reply(json={"links": [link_json()], "total": 1}))

    async def main() -> tuple[Any, ...]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            raw = client.links.with_raw_response
            got = await raw.get(LINK_ID)
            listed = await raw.list()
            slugs = [link.slug async for link in listed.parse()]
            return got.request_id, got.parse().slug, slugs

    assert asyncio.run(main()) == ("r1", "winter-sale", ["winter-sale"])


def test_async_raw_variants_wrap_the_parsed_methods() -> None:
    """An async raw method is the parsed one, wrapped: same name and docstring."""

    async def main() -> None:
        async with AsyncDemoClient(api_key=API_KEY, base_url="http://127.0.0.1:9") as client:
            raw = client.links.with_raw_response
            assert raw.update.__wrapped__ == client.links.update  # type: ignore[attr-defined]
            assert raw.update.__doc__ == client.links.update.__doc__
            assert raw.update.__name__ == "update"

    asyncio.run(main())


def test_async_responses_are_lenient_or_strict_as_asked(server: ScriptedServer) -> None:
    """The async client builds odd bodies leniently, refuses them in strict mode, and counts
    the retries a reply took."""
    odd = link_json(slug=None, clicks="many")
    server.enqueue(LINK_PATH, Reply(503), Reply(json=odd), Reply(json=odd))

    async def main() -> tuple[Any, ...]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            raw = await client.links.with_raw_response.get(LINK_ID)
            strict = client.with_options(strict_response_validation=True)
            with pytest.raises(APIResponseValidationError, match="does not match Link"):
                await strict.links.get(LINK_ID)
            link = raw.parse()
            return raw.retries_taken, link.slug, link.clicks, link.id

    assert asyncio.run(main()) == (1, None, "many", uuid.UUID(LINK_ID))


class _Deleted(HokoModel):
    deleted_ids: Annotated[
        list[Annotated[uuid.UUID, Field(description="an id")]],
        Field(alias="deletedIds", max_length=100),
    ]
    count: int


def test_construct_sees_through_annotated_fields() -> None:
    """Items whose type carries metadata (Annotated) are still built as their type when
    another field of the body does not fit."""
    built = construct({"deletedIds": [LINK_ID], "count": "many"}, _Deleted)
    assert (built.deleted_ids, built.count) == ([uuid.UUID(LINK_ID)], "many")
