"""A hand-written stand-in for generated code, copied beside the runtime into the test package.

It calls the runtime the way generated resources do: Operation constants, the encoders,
``_request(...).parse()``, ``run_batches`` + ``merge_models`` and ``iterate_pages``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from pydantic import Field, RootModel

from ._base_client import AsyncAPIClient, Operation, SyncAPIClient
from ._batching import arun_batches, merge_models, run_batches
from ._models import HokoModel, encode_body, encode_params
from ._pagination import aiterate_pages, iterate_pages
from ._resource import AsyncResource, SyncResource
from ._response import APIResponse

__all__ = [
    "AsyncDemoClient",
    "DeleteResult",
    "DemoClient",
    "NewPartner",
    "Partner",
    "PartnerIds",
    "PartnerPage",
]


class Partner(HokoModel):
    id: str
    name: str
    commission_rate: float | None = Field(default=None, alias="commissionRate")


class NewPartner(HokoModel):
    name: str
    commission_rate: float | None = Field(default=None, alias="commissionRate")


class PartnerIds(RootModel[list[uuid.UUID]]):
    """Body of DELETE /api/partners: the IDs to delete."""


class DeleteResult(HokoModel):
    deleted_ids: list[str] = Field(alias="deletedIds")


class PartnerPage(HokoModel):
    partners: list[Partner]
    total: int


DELETE = Operation("DELETE", "/api/partners", DeleteResult, "partners.delete")
LIST = Operation("GET", "/api/partners", PartnerPage, "partners.list")
GET = Operation("GET", "/api/partners/{partner_id}", Partner, "partners.get")
CREATE = Operation("POST", "/api/partners", Partner, "partners.create")
TOUCH = Operation("POST", "/api/partners/touch", None, "partners.touch")


class Partners(SyncResource):
    def delete(self, ids: Sequence[str | uuid.UUID]) -> DeleteResult:
        return self._client._request(DELETE, body=encode_body(PartnerIds, list(ids))).parse()

    def delete_in_batches(self, ids: Sequence[str], *, batch_size: int) -> DeleteResult:
        return merge_models(run_batches(self.delete, ids, batch_size))

    def list(self, *, skip: int = 0, limit: int = 50, search: str | None = None) -> PartnerPage:
        params = encode_params({"skip": skip, "limit": limit, "search": search})
        return self._client._request(LIST, params=params).parse()

    def iter_all(self, *, page_size: int = 50) -> Iterator[Partner]:
        return iterate_pages(
            lambda skip: self.list(skip=skip, limit=page_size),
            page_size=page_size,
            items=lambda page: page.partners,
        )

    def get(self, partner_id: object) -> Partner:
        return self.get_raw(partner_id).parse()

    def get_raw(self, partner_id: object) -> APIResponse[Partner]:
        return self._client._request(GET, path_params={"partner_id": partner_id})

    def create(self, partner: NewPartner | Mapping[str, Any]) -> Partner:
        return self._client._request(CREATE, body=encode_body(NewPartner, partner)).parse()

    def touch(self) -> None:
        return self._client._request(TOUCH).parse()


class AsyncPartners(AsyncResource):
    async def delete(self, ids: Sequence[str | uuid.UUID]) -> DeleteResult:
        response = await self._client._request(DELETE, body=encode_body(PartnerIds, list(ids)))
        return response.parse()

    async def delete_in_batches(
        self, ids: Sequence[str], *, batch_size: int, concurrency: int = 4
    ) -> DeleteResult:
        results = await arun_batches(self.delete, ids, batch_size, concurrency=concurrency)
        return merge_models(results)

    async def list(self, *, skip: int = 0, limit: int = 50) -> PartnerPage:
        params = encode_params({"skip": skip, "limit": limit})
        return (await self._client._request(LIST, params=params)).parse()

    def iter_all(self, *, page_size: int = 50) -> AsyncIterator[Partner]:
        return aiterate_pages(
            lambda skip: self.list(skip=skip, limit=page_size),
            page_size=page_size,
            items=lambda page: page.partners,
        )

    async def get(self, partner_id: object) -> Partner:
        response = await self._client._request(GET, path_params={"partner_id": partner_id})
        return response.parse()

    async def create(self, partner: NewPartner | Mapping[str, Any]) -> Partner:
        response = await self._client._request(CREATE, body=encode_body(NewPartner, partner))
        return response.parse()


class DemoClient(SyncAPIClient):
    _user_agent = "hoko-client/0.0.test hoko-codegen/0.0.test"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.partners = Partners(self)


class AsyncDemoClient(AsyncAPIClient):
    _user_agent = "hoko-client/0.0.test hoko-codegen/0.0.test"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.partners = AsyncPartners(self)
