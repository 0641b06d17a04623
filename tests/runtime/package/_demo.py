"""A hand-written stand-in for generated code, copied beside the runtime into the test package.

It is the exact shape the generator renders, in one module instead of three:

- the models, as datamodel-code-generator writes them into ``types/<resource>.py`` (the
  ``hoko-not-null`` mark included);
- the resources, as ``resources/<resource>.py``: one ``Operation`` per endpoint, one method per
  operation (sync, async), and the raw-response classes that wrap those methods;
- the clients, as ``_client.py``, where each resource property imports its module on first use
  (``from .resources.links import LinksResource``); here everything is in one module already.

Inside a resource class ``list`` names the method, so annotations there say ``builtins.list``.

Endpoints shown: a paginated list (take/skip), a get by path id, an array-of-objects create, a
one-object update taken as keyword arguments (with nullable and not-nullable fields), a delete of
ids with ``delete_in_batches``, an operation with a documented header parameter (``lead``), and
one whose response has no body (``archive``).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, ConfigDict, Field, RootModel

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._batching import arun_batches, check_batches, merge_models, run_batches
from ._models import HokoModel, encode_body, prepare
from ._operation import Operation
from ._pagination import AsyncPaginator, OffsetPagination, SyncPage
from ._resource import AsyncAPIResource, SyncAPIResource
from ._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, SequenceNotStr, Timeout

__all__ = [
    "AsyncConversionTrackingResource",
    "AsyncDemoClient",
    "AsyncLinksResource",
    "ConversionTrackingResource",
    "CreateLinksItem",
    "CreateLinksRequest",
    "DeleteLinksRequest",
    "DeleteLinksResponse",
    "DemoClient",
    "LeadCustomer",
    "LeadParams",
    "LeadRequest",
    "LeadResponse",
    "Link",
    "LinkIdParams",
    "LinksResource",
    "ListLinksParams",
    "ListLinksResponse",
    "UpdateLinksRequest",
]


# --- types/links.py ----------------------------------------------------------------------------


class ListLinksParams(HokoModel):
    model_config = ConfigDict(
        json_schema_extra={"hoko-not-null": ["take", "skip", "sort", "search", "collectionId"]},
    )
    take: Annotated[int | None, Field(ge=1, le=1000)] = 50
    """
    Number of links to return (default: 50, min: 1, max: 1,000).
    """
    skip: Annotated[int | None, Field(ge=0)] = 0
    """
    Number of links to skip before returning results (default: 0, min: 0).
    """
    sort: Literal["createdAt", "updatedAt", "clicks", "slug"] | None = "createdAt"
    """
    Field to sort by.
    """
    search: Annotated[str | None, Field(max_length=100)] = None
    """
    Only return links whose slug, title or destination URL contains this text.
    """
    collection_id: Annotated[UUID | None, Field(alias="collectionId")] = None
    """
    Only return links in this collection.
    """


class LinkIdParams(HokoModel):
    id: UUID
    """
    ID of the link.
    """


class Link(HokoModel):
    id: UUID
    url: str
    slug: str
    short_url: Annotated[str, Field(alias="shortUrl")]
    title: str | None = None
    collection_id: Annotated[UUID | None, Field(alias="collectionId")] = None
    tags: list[str] | None = None
    clicks: int | None = None
    expires_at: Annotated[AwareDatetime | None, Field(alias="expiresAt")] = None
    created_at: Annotated[AwareDatetime, Field(alias="createdAt")]


class ListLinksResponse(HokoModel):
    links: list[Link]
    total: int


class CreateLinksItem(HokoModel):
    model_config = ConfigDict(
        json_schema_extra={"hoko-not-null": ["slug", "tags"]},
    )
    url: Annotated[str, Field(max_length=2048)]
    """
    Destination URL the short link redirects to.
    """
    slug: Annotated[str | None, Field(max_length=255, min_length=1)] = None
    """
    Back-half of the short link (1-255 characters); generated when left out.
    """
    title: Annotated[str | None, Field(max_length=100)] = None
    """
    Title shown in the dashboard (max 100 characters). Can be null.
    """
    tags: list[str] | None = None
    """
    Tag names to attach to the link.
    """


class CreateLinksRequest(RootModel[list[CreateLinksItem]]):
    root: Annotated[list[CreateLinksItem], Field(max_length=100, min_length=1)]


class UpdateLinksRequest(HokoModel):
    model_config = ConfigDict(
        json_schema_extra={"hoko-not-null": ["url", "slug", "tags"]},
    )
    url: Annotated[str | None, Field(max_length=2048)] = None
    """
    Destination URL the short link redirects to.
    """
    slug: Annotated[str | None, Field(max_length=255, min_length=1)] = None
    """
    New back-half for the short link (1-255 characters).
    """
    title: Annotated[str | None, Field(max_length=100)] = None
    """
    Title shown in the dashboard (max 100 characters). Can be null.
    """
    collection_id: Annotated[UUID | None, Field(alias="collectionId")] = None
    """
    Collection to add the link to. Can be null.
    """
    tags: list[str] | None = None
    """
    Tag names to attach to the link; an empty list removes them all.
    """
    expires_at: Annotated[AwareDatetime | None, Field(alias="expiresAt")] = None
    """
    Date and time after which the link stops redirecting. Can be null.
    """
    weight: float | None = None
    """
    Share of the traffic sent to this link in a split test (a number).
    """


class DeleteLinksRequest(RootModel[list[UUID]]):
    root: Annotated[list[UUID], Field(max_length=100, min_length=1)]


class DeleteLinksResponse(HokoModel):
    deleted_ids: Annotated[list[UUID], Field(alias="deletedIds")]
    deleted_count: Annotated[int | None, Field(alias="deletedCount")] = None


# --- types/conversion_tracking.py --------------------------------------------------------------


class LeadParams(HokoModel):
    model_config = ConfigDict(
        json_schema_extra={"hoko-not-null": ["Idempotency-Key"]},
    )
    idempotency_key: Annotated[
        str | None, Field(alias="Idempotency-Key", max_length=255, min_length=1)
    ] = None
    """
    A key of yours that makes retrying the request safe: a repeat gets the first answer.
    """


class LeadRequest(HokoModel):
    model_config = ConfigDict(
        json_schema_extra={"hoko-not-null": ["metadata"]},
    )
    click_id: Annotated[str, Field(alias="clickId")]
    """
    Click ID read from the hoko_id cookie.
    """
    event_name: Annotated[str, Field(alias="eventName", max_length=255, min_length=1)]
    """
    Name of the lead event, e.g. "Sign up" (1-255 characters).
    """
    external_id: Annotated[str, Field(alias="externalId", max_length=255, min_length=1)]
    """
    Your unique identifier for the customer (1-255 characters).
    """
    customer_name: Annotated[str | None, Field(alias="customerName", max_length=100)] = None
    """
    Customer's full name (max 100 characters). Can be null.
    """
    customer_email: Annotated[str | None, Field(alias="customerEmail")] = None
    """
    Customer's email address. Can be null.
    """
    metadata: dict[str, Any] | None = None
    """
    Additional attribution data stored with the event.
    """


class LeadCustomer(HokoModel):
    id: UUID
    external_id: Annotated[str, Field(alias="externalId")]
    name: str | None = None
    email: str | None = None


class LeadResponse(HokoModel):
    event_id: Annotated[UUID, Field(alias="eventId")]
    event_name: Annotated[str, Field(alias="eventName")]
    click_id: Annotated[str, Field(alias="clickId")]
    customer: LeadCustomer
    created_at: Annotated[AwareDatetime, Field(alias="createdAt")]


# --- resources/links.py ------------------------------------------------------------------------

_OP_LIST: Operation[ListLinksResponse] = Operation(
    "GET",
    "/api/links",
    "links.list",
    ListLinksResponse,
    query=("take", "skip", "sort", "search", "collectionId"),
    page=OffsetPagination(
        items="links", offset="skip", limit="take", default_limit=50, total="total"
    ),
)
_OP_GET: Operation[Link] = Operation("GET", "/api/links/{id}", "links.get", Link)
_OP_CREATE: Operation[list[Link]] = Operation("POST", "/api/links", "links.create", list[Link])
_OP_UPDATE: Operation[Link] = Operation("PATCH", "/api/links/{id}", "links.update", Link)
_OP_DELETE: Operation[DeleteLinksResponse] = Operation(
    "DELETE", "/api/links", "links.delete", DeleteLinksResponse
)
_OP_ARCHIVE: Operation[None] = Operation("POST", "/api/links/{id}/archive", "links.archive", None)


class LinksResource(SyncAPIResource):
    """The Links endpoints."""

    @cached_property
    def with_raw_response(self) -> LinksResourceWithRawResponse:
        """The same methods, returning the APIResponse (status, headers, rate limit) instead."""
        return LinksResourceWithRawResponse(self)

    def list(
        self,
        *,
        take: int | NotGiven = NOT_GIVEN,
        skip: int | NotGiven = NOT_GIVEN,
        sort: Literal["createdAt", "updatedAt", "clicks", "slug"] | NotGiven = NOT_GIVEN,
        search: str | NotGiven = NOT_GIVEN,
        collection_id: UUID | str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> SyncPage[Link]:
        """List links

        Retrieve a paginated list of short links in your workspace.

        Iterating the page yields every link, fetching the next pages as it goes.

        Args:
          take: Number of links to return (default: 50, min: 1, max: 1,000).
          skip: Number of links to skip before returning results (default: 0, min: 0).
          sort: Field to sort by.
          search: Only return links whose slug, title or destination URL contains this text.
          collection_id: Only return links in this collection.
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
          BadRequestError: 400, invalid query parameters.
          RateLimitError: 429, once the retries are used up.

        Docs: https://hoko.to/docs/api/links/list
        """
        return self._client.request_page(
            _OP_LIST,
            Link,
            params=prepare(
                _OP_LIST,
                ListLinksParams,
                {
                    "take": take,
                    "skip": skip,
                    "sort": sort,
                    "search": search,
                    "collectionId": collection_id,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def get(
        self,
        id: UUID | str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Link:
        """Get link

        Args:
          id: ID of the link.
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
          NotFoundError: 404, no such link in your workspace.
        """
        return self._client.request(
            _OP_GET,
            params=prepare(_OP_GET, LinkIdParams, {"id": id}),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def create(
        self,
        items: Iterable[CreateLinksItem | Mapping[str, Any]],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> builtins.list[Link]:
        """Create links

        Args:
          items: The links to create (1-100): CreateLinksItem models, or mappings keyed as the
            API spells the fields (url, slug, title, tags).
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
        """
        return self._client.request(
            _OP_CREATE,
            body=encode_body(_OP_CREATE, CreateLinksRequest, items),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def update(
        self,
        id: UUID | str,
        *,
        url: str | NotGiven = NOT_GIVEN,
        slug: str | NotGiven = NOT_GIVEN,
        title: str | NotGiven | None = NOT_GIVEN,
        collection_id: UUID | str | NotGiven | None = NOT_GIVEN,
        tags: SequenceNotStr[str] | NotGiven = NOT_GIVEN,
        expires_at: AwareDatetime | str | NotGiven | None = NOT_GIVEN,
        weight: float | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Link:
        """Update link

        Change some fields of a short link: only the arguments given are sent, and None clears
        a field that can be null.

        Args:
          id: ID of the link.
          url: Destination URL the short link redirects to.
          slug: New back-half for the short link (1-255 characters).
          title: Title shown in the dashboard (max 100 characters). Can be null.
          collection_id: Collection to add the link to. Can be null.
          tags: Tag names to attach to the link; an empty list removes them all.
          expires_at: Date and time after which the link stops redirecting. Can be null.
          weight: Share of the traffic sent to this link in a split test (a number).
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit, or is None where the docs
            do not allow null; nothing was sent.
          NotFoundError: 404, no such link in your workspace.
        """
        return self._client.request(
            _OP_UPDATE,
            params=prepare(_OP_UPDATE, LinkIdParams, {"id": id}),
            body=encode_body(
                _OP_UPDATE,
                UpdateLinksRequest,
                {
                    "url": url,
                    "slug": slug,
                    "title": title,
                    "collectionId": collection_id,
                    "tags": tags,
                    "expiresAt": expires_at,
                    "weight": weight,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def delete(
        self,
        ids: SequenceNotStr[UUID | str],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> DeleteLinksResponse:
        """Delete links

        Args:
          ids: IDs of the links to delete (1-100).
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
        """
        return self._client.request(
            _OP_DELETE,
            body=encode_body(_OP_DELETE, DeleteLinksRequest, ids),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def delete_in_batches(
        self,
        ids: SequenceNotStr[UUID | str],
        *,
        batch_size: int = 100,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> DeleteLinksResponse:
        """Delete links, in batches of at most ``batch_size`` (100, the documented limit).

        Every batch is validated before the first is sent; the responses are merged into one,
        in order. If a request fails, BatchError says which batches took effect.

        Args:
          ids: IDs of the links to delete.
          batch_size: IDs per request (1-100).
          extra_headers: Headers sent with each request, over the client's.
          extra_query: Query parameters added to each request.
          extra_body: JSON fields added to each request's body.
          timeout: Each request's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
          BatchError: A request failed; earlier batches took effect (see its fields).
        """
        check_batches(_OP_DELETE, DeleteLinksRequest, ids, batch_size)
        results = run_batches(
            lambda batch: self.delete(
                batch,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            ids,
            batch_size,
        )
        return merge_models(results)

    def archive(
        self,
        id: UUID | str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> None:
        """Archive link

        Args:
          id: ID of the link.
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
        """
        return self._client.request(
            _OP_ARCHIVE,
            params=prepare(_OP_ARCHIVE, LinkIdParams, {"id": id}),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class LinksResourceWithRawResponse:
    """The Links endpoints, each returning the APIResponse instead of the parsed body."""

    def __init__(self, resource: LinksResource) -> None:
        self.list = to_raw_response_wrapper(resource.list)
        self.get = to_raw_response_wrapper(resource.get)
        self.create = to_raw_response_wrapper(resource.create)
        self.update = to_raw_response_wrapper(resource.update)
        self.delete = to_raw_response_wrapper(resource.delete)
        self.archive = to_raw_response_wrapper(resource.archive)


class AsyncLinksResource(AsyncAPIResource):
    """The Links endpoints."""

    @cached_property
    def with_raw_response(self) -> AsyncLinksResourceWithRawResponse:
        """The same methods, returning the APIResponse (status, headers, rate limit) instead."""
        return AsyncLinksResourceWithRawResponse(self)

    def list(
        self,
        *,
        take: int | NotGiven = NOT_GIVEN,
        skip: int | NotGiven = NOT_GIVEN,
        sort: Literal["createdAt", "updatedAt", "clicks", "slug"] | NotGiven = NOT_GIVEN,
        search: str | NotGiven = NOT_GIVEN,
        collection_id: UUID | str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Link]:
        """List links (``await`` it for the first page, or ``async for`` every link)."""
        return self._client.request_page(
            _OP_LIST,
            Link,
            params=prepare(
                _OP_LIST,
                ListLinksParams,
                {
                    "take": take,
                    "skip": skip,
                    "sort": sort,
                    "search": search,
                    "collectionId": collection_id,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def get(
        self,
        id: UUID | str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Link:
        """Get link."""
        return await self._client.request(
            _OP_GET,
            params=prepare(_OP_GET, LinkIdParams, {"id": id}),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def create(
        self,
        items: Iterable[CreateLinksItem | Mapping[str, Any]],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> builtins.list[Link]:
        """Create links."""
        return await self._client.request(
            _OP_CREATE,
            body=encode_body(_OP_CREATE, CreateLinksRequest, items),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def update(
        self,
        id: UUID | str,
        *,
        url: str | NotGiven = NOT_GIVEN,
        slug: str | NotGiven = NOT_GIVEN,
        title: str | NotGiven | None = NOT_GIVEN,
        collection_id: UUID | str | NotGiven | None = NOT_GIVEN,
        tags: SequenceNotStr[str] | NotGiven = NOT_GIVEN,
        expires_at: AwareDatetime | str | NotGiven | None = NOT_GIVEN,
        weight: float | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Link:
        """Update link."""
        return await self._client.request(
            _OP_UPDATE,
            params=prepare(_OP_UPDATE, LinkIdParams, {"id": id}),
            body=encode_body(
                _OP_UPDATE,
                UpdateLinksRequest,
                {
                    "url": url,
                    "slug": slug,
                    "title": title,
                    "collectionId": collection_id,
                    "tags": tags,
                    "expiresAt": expires_at,
                    "weight": weight,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def delete(
        self,
        ids: SequenceNotStr[UUID | str],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> DeleteLinksResponse:
        """Delete links."""
        return await self._client.request(
            _OP_DELETE,
            body=encode_body(_OP_DELETE, DeleteLinksRequest, ids),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def delete_in_batches(
        self,
        ids: SequenceNotStr[UUID | str],
        *,
        batch_size: int = 100,
        concurrency: int = 4,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> DeleteLinksResponse:
        """Delete links, in batches, up to ``concurrency`` requests at a time."""
        check_batches(_OP_DELETE, DeleteLinksRequest, ids, batch_size, concurrency=concurrency)
        results = await arun_batches(
            lambda batch: self.delete(
                batch,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            ids,
            batch_size,
            concurrency=concurrency,
        )
        return merge_models(results)

    async def archive(
        self,
        id: UUID | str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> None:
        """Archive link."""
        return await self._client.request(
            _OP_ARCHIVE,
            params=prepare(_OP_ARCHIVE, LinkIdParams, {"id": id}),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncLinksResourceWithRawResponse:
    """The Links endpoints, each returning the APIResponse instead of the parsed body."""

    def __init__(self, resource: AsyncLinksResource) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.get = async_to_raw_response_wrapper(resource.get)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.update = async_to_raw_response_wrapper(resource.update)
        self.delete = async_to_raw_response_wrapper(resource.delete)
        self.archive = async_to_raw_response_wrapper(resource.archive)


# --- resources/conversion_tracking.py ----------------------------------------------------------

_OP_LEAD: Operation[LeadResponse] = Operation(
    "POST",
    "/api/track/lead",
    "conversion_tracking.lead",
    LeadResponse,
    headers=("Idempotency-Key",),
)


class ConversionTrackingResource(SyncAPIResource):
    """The Conversion Tracking endpoints."""

    @cached_property
    def with_raw_response(self) -> ConversionTrackingResourceWithRawResponse:
        """The same methods, returning the APIResponse (status, headers, rate limit) instead."""
        return ConversionTrackingResourceWithRawResponse(self)

    def lead(
        self,
        *,
        click_id: str,
        event_name: str,
        external_id: str,
        customer_name: str | NotGiven | None = NOT_GIVEN,
        customer_email: str | NotGiven | None = NOT_GIVEN,
        metadata: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> LeadResponse:
        """Track lead

        Record a lead event, such as a sign-up.

        Args:
          click_id: Click ID read from the hoko_id cookie.
          event_name: Name of the lead event, e.g. "Sign up" (1-255 characters).
          external_id: Your unique identifier for the customer (1-255 characters).
          customer_name: Customer's full name (max 100 characters). Can be null.
          customer_email: Customer's email address. Can be null.
          metadata: Additional attribution data stored with the event.
          idempotency_key: Sent as the Idempotency-Key header: a key of yours that makes
            retrying the request safe.
          extra_headers: Headers sent with this call only, over the client's.
          extra_query: Query parameters added to this call only.
          extra_body: JSON fields added to this call's body only.
          timeout: This call's timeout, in seconds, over the client's.

        Raises:
          ValidationError: An argument breaks a documented limit; nothing was sent.
        """
        return self._client.request(
            _OP_LEAD,
            params=prepare(_OP_LEAD, LeadParams, {"Idempotency-Key": idempotency_key}),
            body=encode_body(
                _OP_LEAD,
                LeadRequest,
                {
                    "clickId": click_id,
                    "eventName": event_name,
                    "externalId": external_id,
                    "customerName": customer_name,
                    "customerEmail": customer_email,
                    "metadata": metadata,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class ConversionTrackingResourceWithRawResponse:
    """The Conversion Tracking endpoints, returning the APIResponse instead."""

    def __init__(self, resource: ConversionTrackingResource) -> None:
        self.lead = to_raw_response_wrapper(resource.lead)


class AsyncConversionTrackingResource(AsyncAPIResource):
    """The Conversion Tracking endpoints."""

    @cached_property
    def with_raw_response(self) -> AsyncConversionTrackingResourceWithRawResponse:
        """The same methods, returning the APIResponse (status, headers, rate limit) instead."""
        return AsyncConversionTrackingResourceWithRawResponse(self)

    async def lead(
        self,
        *,
        click_id: str,
        event_name: str,
        external_id: str,
        customer_name: str | NotGiven | None = NOT_GIVEN,
        customer_email: str | NotGiven | None = NOT_GIVEN,
        metadata: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> LeadResponse:
        """Track lead."""
        return await self._client.request(
            _OP_LEAD,
            params=prepare(_OP_LEAD, LeadParams, {"Idempotency-Key": idempotency_key}),
            body=encode_body(
                _OP_LEAD,
                LeadRequest,
                {
                    "clickId": click_id,
                    "eventName": event_name,
                    "externalId": external_id,
                    "customerName": customer_name,
                    "customerEmail": customer_email,
                    "metadata": metadata,
                },
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncConversionTrackingResourceWithRawResponse:
    """The Conversion Tracking endpoints, returning the APIResponse instead."""

    def __init__(self, resource: AsyncConversionTrackingResource) -> None:
        self.lead = async_to_raw_response_wrapper(resource.lead)


# --- _client.py --------------------------------------------------------------------------------


class DemoClient(SyncAPIClient):
    """The client for the demo API."""

    _user_agent = "hoko-client/0.0.test hoko-codegen/0.0.test"

    @cached_property
    def links(self) -> LinksResource:
        """The Links endpoints."""
        return LinksResource(self)

    @cached_property
    def conversion_tracking(self) -> ConversionTrackingResource:
        """The Conversion Tracking endpoints."""
        return ConversionTrackingResource(self)


class AsyncDemoClient(AsyncAPIClient):
    """The asyncio client for the demo API."""

    _user_agent = "hoko-client/0.0.test hoko-codegen/0.0.test"

    @cached_property
    def links(self) -> AsyncLinksResource:
        """The Links endpoints."""
        return AsyncLinksResource(self)

    @cached_property
    def conversion_tracking(self) -> AsyncConversionTrackingResource:
        """The Conversion Tracking endpoints."""
        return AsyncConversionTrackingResource(self)
