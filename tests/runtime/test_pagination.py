"""_pagination: walking skip/limit pages lazily until a short page."""

from __future__ import annotations

import asyncio
from itertools import islice

import pytest
from hoko_client_under_test import AsyncDemoClient, aiterate_pages, iterate_pages
from support.server import RecordedRequest, Reply, ScriptedServer

from .conftest import API_KEY, RecordingClient

ROWS = list(range(7))


def fetcher(skips: list[int], rows: list[int] = ROWS, limit: int = 3):
    def fetch(skip: int) -> list[int]:
        skips.append(skip)
        return rows[skip : skip + limit]

    return fetch


def test_iterate_pages_stops_at_a_short_page() -> None:
    """Pages are fetched at skip 0, 3, 6 and the short last page ends the walk."""
    skips: list[int] = []
    assert list(iterate_pages(fetcher(skips), page_size=3, items=lambda page: page)) == ROWS
    assert skips == [0, 3, 6]


def test_iterate_pages_needs_an_empty_page_after_a_full_one() -> None:
    """When the total is a multiple of the page size, one empty page confirms the end."""
    skips: list[int] = []
    rows = list(range(6))
    assert list(iterate_pages(fetcher(skips, rows), page_size=3, items=lambda p: p)) == rows
    assert skips == [0, 3, 6]


def test_iterate_pages_is_lazy_and_starts_where_asked() -> None:
    """Nothing is fetched before iteration, only needed pages are, and start sets the skip."""
    skips: list[int] = []
    pages = iterate_pages(fetcher(skips), page_size=3, items=lambda page: page, start=2)
    assert skips == []
    assert list(islice(pages, 2)) == [2, 3]
    assert skips == [2]


@pytest.mark.parametrize(("page_size", "start"), [(0, 0), (3, -1)])
def test_iterate_pages_refuses_endless_or_negative_walks(page_size: int, start: int) -> None:
    """A page size below 1 (which never ends) or a negative start raise ValueError."""
    with pytest.raises(ValueError):
        next(
            iterate_pages(
                lambda skip: [], page_size=page_size, items=lambda page: page, start=start
            )
        )


def test_aiterate_pages_walks_the_same_pages() -> None:
    """The async twin fetches the same pages and yields the same items."""
    skips: list[int] = []
    fetch = fetcher(skips)

    async def afetch(skip: int) -> list[int]:
        return fetch(skip)

    async def main() -> list[int]:
        return [item async for item in aiterate_pages(afetch, page_size=3, items=lambda p: p)]

    assert asyncio.run(main()) == ROWS
    assert skips == [0, 3, 6]


def partner_pages(request: RecordedRequest) -> Reply:
    skip, limit = int(request.query["skip"][0]), int(request.query["limit"][0])
    rows = [{"id": f"p{i}", "name": f"Partner {i}"} for i in range(5)]
    return Reply(json={"partners": rows[skip : skip + limit], "total": len(rows)})


def test_client_iterates_every_partner(server: ScriptedServer, client: RecordingClient) -> None:
    """A generated-style iterator walks the list endpoint page by page over HTTP."""
    server.handler = partner_pages
    assert [partner.id for partner in client.partners.iter_all(page_size=2)] == [
        f"p{i}" for i in range(5)
    ]
    assert [r.query["skip"] for r in server.requests] == [["0"], ["2"], ["4"]]


def test_async_client_iterates_every_partner(server: ScriptedServer) -> None:
    """The async iterator walks the same pages."""
    server.handler = partner_pages

    async def main() -> list[str]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            return [partner.id async for partner in client.partners.iter_all(page_size=2)]

    assert asyncio.run(main()) == [f"p{i}" for i in range(5)]
