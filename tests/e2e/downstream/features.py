"""What a downstream project relies on besides the calls themselves: pages, responses as a real
backend sends them (nulls, fields left out, fields the docs don't list), strict validation, and
null versus omitted in requests."""

from __future__ import annotations

import json
from typing import Any

from common import KEY, Json, dicts, refusal
from hoko_client import (
    APIResponseValidationError,
    AsyncHokoClient,
    AsyncPage,
    HokoClient,
    HokoError,
    SyncPage,
    ValidationError,
)
from hoko_client.types import Link

__all__ = ["lenient", "nulls", "pages", "pages_async", "strict"]


def pages(base_url: str, args: Json) -> Json:
    """Every link across pages of 50, then the same pages one at a time; other lists by twos."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        every = [link.slug for link in client.links.list(take=50)]
        first: SyncPage[Link] = client.links.list(take=50)
        walked = [first]
        while walked[-1].has_next_page():
            walked.append(walked[-1].get_next_page())
        try:
            walked[-1].get_next_page()
            past_the_end = "no error"
        except HokoError as exc:
            past_the_end = type(exc).__name__
        sizes = [len(page.items) for page in first.iter_pages()]
        by_extra_query = [link.slug for link in client.links.list(extra_query={"take": 40})]
        collections = [collection.name for collection in client.collections.list(take=2)]
        partners = [partner.name for partner in client.partners.list(take=2)]
        customers = [customer.external_id for customer in client.customers.list(take=2)]
    return {
        "every": every,
        "pages": [[link.slug for link in page.items] for page in walked],
        "has_next": [page.has_next_page() for page in walked],
        "total": first.body.total,
        "past_the_end": past_the_end,
        "sizes": sizes,
        "by_extra_query": by_extra_query,
        "collections": collections,
        "partners": partners,
        "customers": customers,
    }


async def pages_async(base_url: str, args: Json) -> Json:
    """``async for`` over every link; the first page awaited, and the one after it."""
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        every = [link.slug async for link in client.links.list(take=50)]
        first: AsyncPage[Link] = await client.links.list(take=50)
        second = await first.get_next_page()
        sizes = [len(page.items) async for page in first.iter_pages()]
    return {
        "every": every,
        "first": [link.slug for link in first.items],
        "second": [link.slug for link in second.items],
        "has_next": [first.has_next_page(), second.has_next_page()],
        "sizes": sizes,
    }


def lenient(base_url: str, args: Json) -> Json:
    """Objects whose optional fields are null or left out, with a field no page mentions."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        link = client.links.get(args["link"])
        extra = link.model_extra or {}
        partner = client.partners.list().items[0]
        collection = client.collections.list().items[0]
        customer = client.customers.list().items[0]
    return {
        "title_is_none": link.title is None,
        "expires_at_is_none": link.expires_at is None,
        "fields_set": sorted(link.model_fields_set),
        "workspace_id": extra.get("workspaceId"),
        "link": link.to_dict(),
        "link_json": json.loads(link.to_json()),
        "python_names": link.to_dict(use_api_names=False),
        "website_is_none": partner.website is None,
        "description_is_none": collection.description is None,
        "avatar_is_none": customer.avatar is None,
        "others": dicts([partner, collection, customer]),
    }


def strict(base_url: str, args: Json) -> Json:
    """The same answers under strict_response_validation: what the docs promise passes, a sale
    without the partnerId every documented sale carries does not (lenient, it is None)."""
    out: Json = {}
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        checked = client.with_options(strict_response_validation=True)
        out["link"] = checked.links.get(args["link"]).to_dict()
        try:
            checked.conversion_tracking.sale(
                external_id=args["customer"], amount=100, payment_processor="custom"
            )
            out["strict_sale"] = "no error"
        except APIResponseValidationError as exc:
            out["strict_sale"] = {"status": exc.status_code, "text": str(exc)}
        sale = client.conversion_tracking.sale(
            external_id=args["customer"], amount=200, payment_processor="custom"
        )
        out["lenient_sale"] = {"partner_id_is_none": sale.partner_id is None, **sale.to_dict()}
    with HokoClient(api_key=KEY, base_url=base_url, strict_response_validation=True) as client:
        out["strict_tags"] = [tag.name for tag in client.tags.list()]
    return out


def nulls(base_url: str, args: Json) -> Json:
    """None sent as null where the docs allow it, left-out arguments not sent, None refused
    before sending where the docs don't allow it, integral numbers sent as integers."""
    link = args["link"]
    none: Any = args["none"]  # a null read from a downstream project's own JSON settings
    refused: list[Json] = []
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        cleared = client.links.update(link, title=None)
        moved = client.links.update(link, url="https://example.com/moved")
        emptied = client.links.update(link, collection_id=None, expires_at=None, tags=[])
        created = client.links.upsert([{"url": "https://example.com/fresh"}])
        listed = client.links.list(take=50)
        as_float: Any = 2.0
        listed_float = client.links.list(take=as_float)
        client.customers.create([{"externalId": "ltv", "lifetimeValue": 150.0, "purchases": 2}])
        client.customers.create([{"externalId": "crm", "metadata": {"source": "crm"}}])
        refusals = (
            lambda: client.links.list(take=none),
            lambda: client.links.list(take=0),
            lambda: client.conversion_tracking.sale(
                external_id="x", amount=1, payment_processor="stripe", currency=none
            ),
            lambda: client.links.create([{"url": "https://example.com/x", "slug": none}]),
            lambda: client.links.update(link, tags=["ok", none]),
            lambda: client.links.delete(args["bare_id"]),
            lambda: client.links.update(link, url=none),
        )
        for call in refusals:
            try:
                call()
                refused.append({"refused": False})
            except ValidationError as exc:
                refused.append(refusal(exc))
    return {
        "cleared": cleared.to_dict(),
        "moved": moved.to_dict(),
        "emptied": emptied.to_dict(),
        "created": dicts(created),
        "listed": len(listed.items),
        "listed_float": len(listed_float.items),
        "refused": refused,
    }
