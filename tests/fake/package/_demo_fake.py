"""A hand-written fake for the demo client (tests/runtime/package/_demo.py), shaped exactly as the
generator renders ``testing.py``: an operation table over the runtime's ``FakeAPI``.

Copied beside the runtime and ``_demo.py`` into the package the tests of tests/fake build. Its
answers are this table's, written here, so the tests check the runtime alone. Besides the demo's
endpoints it has two a test drives with httpx: an upsert of links (by id, with its own item
model) and a delete of one link by its path.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, RootModel

from ._demo import (
    AsyncDemoClient,
    CreateLinksRequest,
    DeleteLinksRequest,
    DemoClient,
    LeadParams,
    LeadRequest,
    LinkIdParams,
    ListLinksParams,
    UpdateLinksRequest,
)
from ._models import HokoModel
from ._testing import FakeAPI, FakeCollection, FakeOperation, FakeRole

__all__ = ["DEMO_ERRORS", "DEMO_LINKS", "DemoFake", "UpsertDemoLinksRequest"]

WINTER = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
PRICING = "fd5d3bc1-067e-4358-91c0-ef6fdc1fbf14"
COLLECTION = "4a022847-3bcb-4c29-8d86-f974a16417bb"

DEMO_LINKS: list[dict[str, Any]] = [
    {
        "id": WINTER,
        "url": "https://example.com/blog/winter-sale",
        "slug": "winter-sale",
        "shortUrl": "https://hoko.to/winter-sale",
        "title": "Winter sale",
        "collectionId": COLLECTION,
        "tags": ["q4-campaign"],
        "clicks": 342,
        "expiresAt": None,
        "createdAt": "2026-11-18T14:02:11.000Z",
        "updatedAt": "2026-11-18T14:02:11.000Z",
    },
    {
        "id": PRICING,
        "url": "https://example.com/pricing",
        "slug": "pricing",
        "shortUrl": "https://hoko.to/pricing",
        "title": "Pricing page",
        "collectionId": None,
        "tags": ["q4-campaign", "pricing"],
        "clicks": 1284,
        "expiresAt": None,
        "createdAt": "2026-11-02T10:15:30.000Z",
        "updatedAt": "2026-11-20T08:01:12.000Z",
    },
]
CREATED = {
    "id": "066aeb90-e965-43b2-a230-96c50748cbda",
    "url": "https://example.com/launch",
    "slug": "launch",
    "shortUrl": "https://hoko.to/launch",
    "title": "Launch",
    "collectionId": None,
    "tags": [],
    "clicks": 0,
    "expiresAt": None,
    "createdAt": "2026-11-28T09:30:00.000Z",
    "updatedAt": "2026-11-28T09:30:00.000Z",
}
DEMO_ERRORS: dict[str, Any] = {
    "400": {"error": {"en": "Invalid request", "ar": "طلب غير صالح"}},
    "401": {"error": {"en": "Invalid API key", "ar": "مفتاح API غير صالح"}},
    "403": {
        "error": {"en": "Missing required scopes", "ar": "الصلاحيات المطلوبة مفقودة"},
        "missingScopes": ["linksWrite"],
    },
    "429": {
        "error": {"en": "Rate limit exceeded", "ar": "تم تجاوز حد المعدل"},
        "retryAfter": 60,
    },
}
_NOT_FOUND = {"404": {"error": {"en": "Link not found", "ar": "الرابط غير موجود"}}}
_FIELDS = ("url", "slug", "title", "collectionId", "tags", "expiresAt")


class UpsertDemoLinksItem(HokoModel):
    model_config = ConfigDict(json_schema_extra={"hoko-not-null": ["id"]})
    id: UUID | None = None
    url: Annotated[str, Field(max_length=2048)]
    title: Annotated[str | None, Field(max_length=100)] = None
    slug: str | None = None


class UpsertDemoLinksRequest(RootModel[list[UpsertDemoLinksItem]]):
    root: Annotated[list[UpsertDemoLinksItem], Field(max_length=100, min_length=1)]


OPERATIONS: tuple[FakeOperation, ...] = (
    FakeOperation(
        "links.list",
        "GET",
        "/api/links",
        answers={"200": {"links": DEMO_LINKS, "total": 2}, **DEMO_ERRORS},
        scopes=(("linksRead",),),
        params=ListLinksParams,
        query=("take", "skip", "sort", "search", "collectionId", "tags"),
        role=FakeRole(
            "list",
            "/api/links",
            items="links",
            total="total",
            offset="skip",
            limit="take",
            sort="sort",
            search="search",
            filters=("collectionId", "tags"),
        ),
    ),
    FakeOperation(
        "links.get",
        "GET",
        "/api/links/{id}",
        answers={"200": DEMO_LINKS[0], **DEMO_ERRORS, **_NOT_FOUND},
        scopes=(("linksRead",),),
        params=LinkIdParams,
        role=FakeRole("get", "/api/links", item="id"),
    ),
    FakeOperation(
        "links.create",
        "POST",
        "/api/links",
        answers={"201": [CREATED], **DEMO_ERRORS},
        scopes=(("linksWrite",),),
        body=CreateLinksRequest,
        role=FakeRole("create", "/api/links", fields=_FIELDS, defaults={"tags": []}),
    ),
    FakeOperation(
        "links.update",
        "PATCH",
        "/api/links/{id}",
        answers={"200": DEMO_LINKS[1], **DEMO_ERRORS, **_NOT_FOUND},
        scopes=(("linksWrite",),),
        params=LinkIdParams,
        body=UpdateLinksRequest,
        role=FakeRole("update", "/api/links", item="id", fields=_FIELDS),
    ),
    FakeOperation(
        "links.upsert",
        "PUT",
        "/api/links",
        answers={"200": [DEMO_LINKS[1]], **DEMO_ERRORS},
        scopes=(("linksWrite",),),
        body=UpsertDemoLinksRequest,
        role=FakeRole("upsert", "/api/links", match="id", fields=("id", "url", "title", "slug")),
    ),
    FakeOperation(
        "links.delete",
        "DELETE",
        "/api/links",
        answers={"200": {"deletedIds": [WINTER]}, **DEMO_ERRORS},
        scopes=(("linksWrite",),),
        body=DeleteLinksRequest,
        role=FakeRole("delete", "/api/links", items="deletedIds"),
    ),
    FakeOperation(
        "links.remove",
        "DELETE",
        "/api/links/{id}",
        answers={"204": None, **DEMO_ERRORS, **_NOT_FOUND},
        scopes=(("linksWrite",), ("admin",)),
        params=LinkIdParams,
        role=FakeRole("delete", "/api/links", item="id"),
    ),
    FakeOperation(
        "links.archive",
        "POST",
        "/api/links/{id}/archive",
        answers={"204": None, **DEMO_ERRORS},
        scopes=(("linksWrite",),),
        params=LinkIdParams,
    ),
    FakeOperation(
        "partners.delete",
        "DELETE",
        "/api/partners",
        answers={"200": {"deletedIds": [PRICING]}, **DEMO_ERRORS},
        scopes=(("linksWrite",),),
        body=DeleteLinksRequest,
        role=FakeRole("delete", "/api/partners", items="deletedIds"),
    ),
    FakeOperation(
        "conversion_tracking.lead",
        "POST",
        "/api/track/lead",
        answers={
            "200": {
                "eventId": "a074281f-972a-446e-931b-9cba45b5d65f",
                "eventName": "Sign up",
                "clickId": "clk_8xJ2mQ4vR7nP",
                "customer": {"id": PRICING, "externalId": "user_10482"},
                "createdAt": "2026-11-28T09:30:00.000Z",
            },
            **DEMO_ERRORS,
        },
        params=LeadParams,
        body=LeadRequest,
        headers=("Idempotency-Key",),
    ),
)

COLLECTIONS: tuple[FakeCollection, ...] = (
    FakeCollection(
        "/api/links",
        "id",
        required=("clicks", "createdAt", "id", "shortUrl", "slug", "url"),
        datetimes=("createdAt", "expiresAt", "updatedAt"),
        touched=("updatedAt",),
    ),
)


class DemoFake(FakeAPI[DemoClient, AsyncDemoClient]):
    """The fake demo API."""

    operations = OPERATIONS
    collections = COLLECTIONS

    def _client_classes(self) -> tuple[type[DemoClient], type[AsyncDemoClient]]:
        return DemoClient, AsyncDemoClient
