"""Walk an offset-paginated list endpoint (``skip``/``limit``) one item at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

__all__ = ["aiterate_pages", "iterate_pages"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")


def iterate_pages(
    fetch: Callable[[int], PageT],
    *,
    page_size: int,
    items: Callable[[PageT], Sequence[ItemT]],
    start: int = 0,
) -> Iterator[ItemT]:
    """Yield the items of ``fetch(skip)`` pages, from ``start`` until a page comes back short.

    Pages are fetched lazily: stopping the iteration stops the requests.
    """
    _check(page_size, start)
    skip = start
    while True:
        page = items(fetch(skip))
        yield from page
        if len(page) < page_size:
            return
        skip += len(page)


async def aiterate_pages(
    fetch: Callable[[int], Awaitable[PageT]],
    *,
    page_size: int,
    items: Callable[[PageT], Sequence[ItemT]],
    start: int = 0,
) -> AsyncIterator[ItemT]:
    """The asyncio twin of ``iterate_pages``."""
    _check(page_size, start)
    skip = start
    while True:
        page = items(await fetch(skip))
        for item in page:
            yield item
        if len(page) < page_size:
            return
        skip += len(page)


def _check(page_size: int, start: int) -> None:
    # A page size of 0 would never come back short, so the loop would never end.
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    if start < 0:
        raise ValueError(f"start must be 0 or more, got {start}")
