"""Pages of a list endpoint, and the three ways an API says where the next page starts.

A list method returns a page: ``page.items`` holds this page's items, ``page.body`` the whole
parsed response, and iterating the page yields every item of every page, fetching each next page
only when the items before it are used up. The strategy an operation carries says how the next
page is asked for:

- ``OffsetPagination``: an offset and a limit (``skip``/``take``, ``offset``/``limit``);
- ``PageNumberPagination``: a page number and a page size (``page``/``pageSize``);
- ``CursorPagination``: a cursor the response hands back (``nextCursor``).
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._exceptions import HokoError

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient
    from ._encoding import Content
    from ._operation import Operation

__all__ = [
    "AsyncPage",
    "AsyncPaginator",
    "CursorPagination",
    "OffsetPagination",
    "PageNumberPagination",
    "PageRequest",
    "SyncPage",
    "page_request",
]

T = TypeVar("T")

_NO_NEXT_PAGE = "no next page: check has_next_page() before calling get_next_page()"


@dataclass(frozen=True)
class OffsetPagination:
    """``offset``/``limit`` are the query parameters' wire names; ``items`` (and ``total``) the
    response's attributes holding the list (and the count of every match); ``items=None`` when
    the response is the bare list. A page is the last when it comes back short, or empty, or
    reaches the total."""

    items: str | None
    offset: str
    limit: str
    default_limit: int | None = None
    total: str | None = None

    @property
    def parameters(self) -> tuple[str, ...]:
        return (self.offset, self.limit)

    def next_params(
        self, params: Mapping[str, Any], body: Any, count: int
    ) -> dict[str, Any] | None:
        limit = params.get(self.limit, self.default_limit)
        if count == 0 or (isinstance(limit, int) and count < limit):
            return None
        following = _number(params.get(self.offset)) + count
        total = _attribute(body, self.total)
        if isinstance(total, int) and following >= total:
            return None
        return {**params, self.offset: following}


@dataclass(frozen=True)
class PageNumberPagination:
    """``page``/``size`` are the query parameters' wire names; ``total`` (items) or
    ``total_pages``, when given, the response's attributes that say where the list ends."""

    items: str | None
    page: str
    size: str
    default_size: int | None = None
    first_page: int = 1
    total: str | None = None
    total_pages: str | None = None

    @property
    def parameters(self) -> tuple[str, ...]:
        return (self.page, self.size)

    def next_params(
        self, params: Mapping[str, Any], body: Any, count: int
    ) -> dict[str, Any] | None:
        size = params.get(self.size, self.default_size)
        if count == 0 or (isinstance(size, int) and count < size):
            return None
        page = _number(params.get(self.page, self.first_page))
        pages = _attribute(body, self.total_pages)
        if isinstance(pages, int) and page - self.first_page + 1 >= pages:
            return None
        total = _attribute(body, self.total)
        done = (page - self.first_page + 1) * size if isinstance(size, int) else None
        if isinstance(total, int) and done is not None and done >= total:
            return None
        return {**params, self.page: page + 1}


@dataclass(frozen=True)
class CursorPagination:
    """``cursor`` is the query parameter's wire name, ``next_cursor`` the response's attribute
    (dotted for a nested one: ``pagination.next``) holding the next page's cursor; the list ends
    when it is null or empty."""

    items: str | None
    cursor: str
    next_cursor: str

    @property
    def parameters(self) -> tuple[str, ...]:
        return (self.cursor,)

    def next_params(
        self, params: Mapping[str, Any], body: Any, count: int
    ) -> dict[str, Any] | None:
        following = _attribute(body, self.next_cursor)
        # The same cursor again would fetch the same page for ever.
        if following in (None, "") or following == params.get(self.cursor):
            return None
        return {**params, self.cursor: following}


Pagination = OffsetPagination | PageNumberPagination | CursorPagination


@dataclass(frozen=True)
class PageRequest:
    """What asked for a page: enough to ask for the next one the same way."""

    op: Operation[Any]
    item: Any
    params: Mapping[str, Any]
    body: bytes | Content | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def strategy(self) -> Pagination:
        if self.op.page is None:
            raise HokoError(f"{self.op.name} documents no pagination")
        return self.op.page


def page_request(
    op: Operation[Any],
    item: Any,
    params: Mapping[str, Any],
    body: bytes | Content | None,
    options: Mapping[str, Any],
) -> PageRequest:
    """How the pages after the first are asked for.

    A paging parameter in the call's ``extra_query`` (which wins over the arguments) is read
    as an argument: the walk counts from it, and it is not sent again over the next page's.
    """
    extra = options.get("extra_query") or {}
    names = op.page.parameters if op.page is not None else ()
    moved = {name: _whole(extra[name]) for name in names if name in extra}
    if moved:
        params = {**params, **moved}
        rest = {name: value for name, value in extra.items() if name not in moved}
        options = {**options, "extra_query": rest}
    return PageRequest(op, item, params, body, options)


class _Page(Generic[T]):
    def __init__(self, request: PageRequest, body: Any) -> None:
        self.body: Any = body
        """The whole parsed list response (a model, or the list itself)."""
        self.items: list[T] = _items(body, request.strategy.items)
        """This page's items only."""
        self._request = request

    def has_next_page(self) -> bool:
        """Whether the list goes on after this page (as far as this page can tell)."""
        return self._next_params() is not None

    def _next_params(self) -> dict[str, Any] | None:
        request = self._request
        return request.strategy.next_params(request.params, self.body, len(self.items))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._request.op.name}: {len(self.items)} items>"


class SyncPage(_Page[T]):
    """One page of a list; iterating it yields every item of this page and the ones after."""

    def __init__(self, client: SyncAPIClient, request: PageRequest, body: Any) -> None:
        super().__init__(request, body)
        self._client = client

    def get_next_page(self) -> SyncPage[T]:
        """Fetch the page after this one (HokoError when there is none)."""
        params = self._next_params()
        if params is None:
            raise HokoError(_NO_NEXT_PAGE)
        request = self._request
        return self._client.request_page(
            request.op,
            request.item,
            params=params,
            body=request.body,
            **request.options,
        )

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every page after it, each fetched when the one before is done."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[T]):
    """The asyncio twin of SyncPage: ``async for`` yields every item, page after page."""

    def __init__(self, client: AsyncAPIClient, request: PageRequest, body: Any) -> None:
        super().__init__(request, body)
        self._client = client

    async def get_next_page(self) -> AsyncPage[T]:
        """Fetch the page after this one (HokoError when there is none)."""
        params = self._next_params()
        if params is None:
            raise HokoError(_NO_NEXT_PAGE)
        request = self._request
        return await self._client.request_page(
            request.op,
            request.item,
            params=params,
            body=request.body,
            **request.options,
        )

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every page after it, each fetched when the one before is done."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async list method returns: ``await`` it for the first page, or ``async for``
    over it for every item (the first page is fetched when the loop starts)."""

    def __init__(self, fetch: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, Any, AsyncPage[T]]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self
        async for item in page:
            yield item


def _items(body: Any, name: str | None) -> list[Any]:
    found = body if name is None else _attribute(body, name)
    # A lenient response may hold null, or something else, where the list should be.
    return list(found) if isinstance(found, list) else []


def _attribute(body: Any, path: str | None) -> Any:
    """``body.a.b`` for the path ``a.b`` (keys, for a response parsed as a dict); None if absent."""
    if path is None:
        return None
    for name in path.split("."):
        body = body.get(name) if isinstance(body, dict) else getattr(body, name, None)
    return body


def _whole(value: Any) -> Any:
    """A number given as text or as a whole float (``"2"``, ``2.0``) as an int; else as is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
