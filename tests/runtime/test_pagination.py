"""_pagination: pages of a list, fetched lazily, with offset, page-number and cursor paging."""

from __future__ import annotations

import asyncio
from itertools import islice
from typing import Any

import pytest
from hoko_client_under_test import (
    AsyncDemoClient,
    AsyncPage,
    CursorPagination,
    HokoError,
    HokoModel,
    Link,
    OffsetPagination,
    Operation,
    PageNumberPagination,
    SyncPage,
)
from support.server import RecordedRequest, Reply, ScriptedServer

from .conftest import API_KEY, RecordingClient, link_json

ROWS = 5


def links_by_skip(request: RecordedRequest) -> Reply:
    """Five links in all, paged by take/skip as the docs say (take defaults to 50)."""
    take = int(request.query.get("take", ["50"])[0])
    skip = int(request.query.get("skip", ["0"])[0])
    rows = [link_json(slug=f"link-{i}") for i in range(ROWS)]
    return Reply(json={"links": rows[skip : skip + take], "total": ROWS})


def slugs(links: Any) -> list[str]:
    return [link.slug for link in links]


def test_iterating_a_page_yields_every_item_of_every_page(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """for link in client.links.list(take=2): every link, pages fetched at skip 0, 2, 4; the
    total (5) ends the walk without asking for an empty page."""
    server.handler = links_by_skip
    page = client.links.list(take=2)
    assert isinstance(page, SyncPage)
    assert slugs(page) == [f"link-{i}" for i in range(ROWS)]
    assert [r.query for r in server.requests] == [
        {"take": ["2"]},
        {"take": ["2"], "skip": ["2"]},
        {"take": ["2"], "skip": ["4"]},
    ]


def test_a_page_holds_its_own_items_and_the_whole_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """page.items is this page only; page.body is the parsed response; has_next_page() and
    get_next_page() walk one page at a time."""
    server.handler = links_by_skip
    page = client.links.list(take=3)
    assert slugs(page.items) == ["link-0", "link-1", "link-2"]
    assert page.body.total == ROWS
    assert page.has_next_page()
    following = page.get_next_page()
    assert slugs(following.items) == ["link-3", "link-4"]
    assert not following.has_next_page()
    with pytest.raises(HokoError, match="no next page"):
        following.get_next_page()
    assert len(server.requests) == 2
    assert repr(following) == "<SyncPage of links.list: 2 items>"


def test_pages_are_fetched_only_when_needed(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """Taking three items of a two-per-page list fetches two pages, not three."""
    server.handler = links_by_skip
    assert slugs(islice(client.links.list(take=2), 3)) == ["link-0", "link-1", "link-2"]
    assert len(server.requests) == 2


BARE: Operation[list[Link]] = Operation(
    "GET",
    "/api/bare",
    "bare.list",
    list[Link],
    query=("limit", "offset"),
    page=OffsetPagination(items=None, offset="offset", limit="limit"),
)


def test_a_full_page_asks_for_more_and_an_empty_one_ends_the_list(server: ScriptedServer) -> None:
    """Without a total, a page as long as the limit asks for more, and an empty page ends it."""
    rows = [link_json(slug=f"b{i}") for i in range(4)]
    server.enqueue("/api/bare", Reply(json=rows[:2]), Reply(json=rows[2:4]), Reply(json=[]))
    with RecordingClient(api_key=API_KEY, base_url=server.url) as client:
        assert slugs(client.request_page(BARE, Link, params={"limit": 2})) == [
            "b0",
            "b1",
            "b2",
            "b3",
        ]
    assert [r.query.get("offset") for r in server.requests] == [None, ["2"], ["4"]]


def test_a_short_page_ends_the_list_without_a_total(server: ScriptedServer) -> None:
    """Without a total, a page shorter than the limit is the last: nothing more is asked for."""
    rows = [link_json(slug=f"b{i}") for i in range(3)]
    server.enqueue("/api/bare", Reply(json=rows[:2]), Reply(json=rows[2:]), Reply(json=[]))
    with RecordingClient(api_key=API_KEY, base_url=server.url) as client:
        assert slugs(client.request_page(BARE, Link, params={"limit": 2})) == ["b0", "b1", "b2"]
    assert [r.query.get("offset") for r in server.requests] == [None, ["2"]]


def test_the_documented_default_limit_applies_when_take_is_not_given(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """take is not sent when not given; a page shorter than its default (50) is the last."""
    server.handler = links_by_skip
    assert len(list(client.links.list())) == ROWS
    assert [r.query for r in server.requests] == [{}]


def test_next_pages_keep_the_calls_options(server: ScriptedServer, client: RecordingClient) -> None:
    """The filters and the per-call options of the first call are sent for every page."""
    server.handler = links_by_skip
    listing = client.links.list(take=4, sort="clicks", extra_headers={"X-Trace": "t"})
    assert len(list(listing)) == ROWS
    assert [r.headers["x-trace"] for r in server.requests] == ["t", "t"]
    assert server.requests[1].query == {"take": ["4"], "sort": ["clicks"], "skip": ["4"]}


def test_next_pages_of_a_raw_first_page_keep_the_calls_headers(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A list asked for raw pages on parsed, with the call's own headers on every page."""
    server.handler = links_by_skip
    raw = client.links.with_raw_response.list(take=4, extra_headers={"X-Trace": "t"})
    assert len(list(raw.parse())) == ROWS
    assert [r.headers.get("x-trace") for r in server.requests] == ["t", "t"]


def test_paging_parameters_in_extra_query_page_as_arguments_do(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """take or skip given in extra_query (which wins over the arguments) pages the list as the
    arguments would: not cut short after one page of take=2 (read as the default 50), and
    never the same page again because the first skip was sent for every page."""
    server.handler = links_by_skip
    assert slugs(client.links.list(extra_query={"take": 2})) == [f"link-{i}" for i in range(5)]
    by_take = [r.query for r in server.requests]
    assert by_take == [
        {"take": ["2"]},
        {"take": ["2"], "skip": ["2"]},
        {"take": ["2"], "skip": ["4"]},
    ]
    skipped = client.links.list(take=2, extra_query={"skip": "1", "sort": "clicks"})
    assert slugs(skipped) == ["link-1", "link-2", "link-3", "link-4"]
    assert [r.query for r in server.requests[len(by_take) :]] == [
        {"take": ["2"], "skip": ["1"], "sort": ["clicks"]},
        {"take": ["2"], "skip": ["3"], "sort": ["clicks"]},
    ]


def test_null_items_make_an_empty_last_page(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A response whose list is null (a lenient parse keeps it) is an empty, last page."""
    server.enqueue("/api/links", Reply(json={"links": None, "total": 0}))
    page = client.links.list()
    assert page.items == [] and not page.has_next_page() and list(page) == []


class Customers(HokoModel):
    customers: list[dict[str, Any]]
    total_pages: int | None = None


CUSTOMERS: Operation[Customers] = Operation(
    "GET",
    "/api/customers",
    "customers.list",
    Customers,
    query=("page", "pageSize"),
    page=PageNumberPagination(
        items="customers", page="page", size="pageSize", default_size=2, total_pages="total_pages"
    ),
)


def customers_by_page(request: RecordedRequest) -> Reply:
    page = int(request.query.get("page", ["1"])[0])
    size = int(request.query.get("pageSize", ["2"])[0])
    rows = [{"n": i} for i in range(4)]
    chunk = rows[(page - 1) * size : page * size]
    return Reply(json={"customers": chunk, "total_pages": 2})


def test_page_number_pagination(server: ScriptedServer, client: RecordingClient) -> None:
    """page/pageSize: pages 1 and 2, and total_pages ends the walk though page 2 was full."""
    server.handler = customers_by_page
    rows = [row["n"] for row in client.request_page(CUSTOMERS, dict[str, Any])]
    assert rows == [0, 1, 2, 3]
    assert [r.query for r in server.requests] == [{}, {"page": ["2"]}]


class Members(HokoModel):
    members: list[dict[str, Any]]
    total: int | None = None


def members_operation(first_page: int) -> Operation[Members]:
    return Operation(
        "GET",
        "/api/members",
        "members.list",
        Members,
        query=("page", "pageSize"),
        page=PageNumberPagination(
            items="members",
            page="page",
            size="pageSize",
            default_size=2,
            first_page=first_page,
            total="total",
        ),
    )


@pytest.mark.parametrize("first_page", [0, 1])
def test_page_number_pagination_ends_at_the_total(
    server: ScriptedServer, client: RecordingClient, first_page: int
) -> None:
    """Pages counted from 0 or from 1: the total (4 items) ends the walk after the second full
    page, without asking for a third."""

    def members_by_page(request: RecordedRequest) -> Reply:
        page = int(request.query.get("page", [str(first_page)])[0]) - first_page
        rows = [{"n": i} for i in range(4)]
        return Reply(json={"members": rows[page * 2 : (page + 1) * 2], "total": 4})

    server.handler = members_by_page
    operation = members_operation(first_page)
    rows = [row["n"] for row in client.request_page(operation, dict[str, Any])]
    assert rows == [0, 1, 2, 3]
    assert [r.query for r in server.requests] == [{}, {"page": [str(first_page + 1)]}]


def test_page_number_pagination_without_a_size_ends_at_an_empty_page(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """With no page size known and no totals, a page of one item is not the last: the first
    empty page ends the walk."""
    operation: Operation[Members] = Operation(
        "GET",
        "/api/members",
        "members.list",
        Members,
        query=("page", "pageSize"),
        page=PageNumberPagination(items="members", page="page", size="pageSize"),
    )

    def one_by_one(request: RecordedRequest) -> Reply:
        page = int(request.query.get("page", ["1"])[0])
        if page > 3:
            return Reply(400, json={"error": {"en": "asked past the empty page"}})
        return Reply(json={"members": [{"n": page}] if page < 3 else []})

    server.handler = one_by_one
    rows = [row["n"] for row in client.request_page(operation, dict[str, Any])]
    assert rows == [1, 2]
    assert [r.query for r in server.requests] == [{}, {"page": ["2"]}, {"page": ["3"]}]


class Clicks(HokoModel):
    data: list[dict[str, Any]]
    pagination: dict[str, Any] | None = None


CLICKS: Operation[Clicks] = Operation(
    "GET",
    "/api/clicks",
    "analytics.clicks",
    Clicks,
    query=("cursor",),
    page=CursorPagination(items="data", cursor="cursor", next_cursor="pagination.next"),
)


def test_cursor_pagination(server: ScriptedServer, client: RecordingClient) -> None:
    """The response's (nested) next cursor is sent as `cursor` until it comes back null."""
    server.enqueue(
        "/api/clicks",
        Reply(json={"data": [{"n": 0}], "pagination": {"next": "c1"}}),
        Reply(json={"data": [{"n": 1}], "pagination": {"next": "c2"}}),
        Reply(json={"data": [{"n": 2}], "pagination": {"next": None}}),
    )
    assert [row["n"] for row in client.request_page(CLICKS, dict[str, Any])] == [0, 1, 2]
    assert [r.query.get("cursor") for r in server.requests] == [None, ["c1"], ["c2"]]


def test_cursor_pagination_stops_when_the_cursor_repeats(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A server that hands back the cursor it was given would loop for ever: the walk ends."""
    server.enqueue(
        "/api/clicks",
        Reply(json={"data": [{"n": 0}], "pagination": {"next": "c1"}}),
        Reply(json={"data": [{"n": 1}], "pagination": {"next": "c1"}}),
    )
    assert len(list(client.request_page(CLICKS, dict[str, Any]))) == 2
    assert len(server.requests) == 2


def test_async_for_yields_every_item_without_an_await(server: ScriptedServer) -> None:
    """async for link in client.links.list(take=2): every link, page by page."""
    server.handler = links_by_skip

    async def main() -> list[str]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            return [link.slug async for link in client.links.list(take=2)]

    assert asyncio.run(main()) == [f"link-{i}" for i in range(ROWS)]
    assert len(server.requests) == 3


def test_awaiting_an_async_list_gives_its_first_page(server: ScriptedServer) -> None:
    """await client.links.list() is an AsyncPage: items, body, await get_next_page(), async
    for over the page itself, and iter_pages()."""
    server.handler = links_by_skip

    async def main() -> tuple[Any, ...]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            page = await client.links.list(take=3)
            assert isinstance(page, AsyncPage)
            following = await page.get_next_page()
            everything = [link.slug async for link in page]
            sizes = [len(p.items) async for p in page.iter_pages()]
            with pytest.raises(HokoError):
                await following.get_next_page()
            return slugs(page.items), page.body.total, slugs(following.items), everything, sizes

    first, total, second, everything, sizes = asyncio.run(main())
    assert (first, total, second) == (["link-0", "link-1", "link-2"], ROWS, ["link-3", "link-4"])
    assert everything == [f"link-{i}" for i in range(ROWS)] and sizes == [3, 2]


def test_paging_strategies_are_shared_constants_no_caller_can_change() -> None:
    """An operation's paging is one value shared by every client: it cannot be changed."""
    import dataclasses

    strategies = [
        OffsetPagination("links", "skip", "take"),
        PageNumberPagination("links", "page", "pageSize"),
        CursorPagination("links", "cursor", "nextCursor"),
    ]
    for strategy in strategies:
        with pytest.raises(dataclasses.FrozenInstanceError):
            strategy.items = "other"  # type: ignore[misc]
        assert hash(strategy) == hash(dataclasses.replace(strategy))
