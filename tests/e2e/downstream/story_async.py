"""Every operation of the fixture API, as a downstream project calls them with AsyncHokoClient.

One function per group of resources; each takes the base URL and what the test seeded, makes
its calls in order and returns what came back (``to_dict()`` of each result), so the test can
hold it against what the emulator was told to hold: the same as story_sync.py expects.
"""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

from common import KEY, Json, dicts, type_names
from hoko_client import AsyncHokoClient
from hoko_client.types import (
    CreateCollectionsItem,
    CreateCustomersItem,
    CreateLinksItem,
    CreatePartnersItem,
    CreateTagsItem,
    LeadConversionTrackingRequestMetadata,
    Metadata,
    UpsertLinksItem,
    UpsertPartnersItem,
)

__all__ = ["events", "groups", "links", "people"]

UTC = timezone.utc


async def links(base_url: str, args: Json) -> Json:
    """Links: create (a model and a mapping), get, list with filters, update, upsert, delete."""
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        created = await client.links.create(
            [
                CreateLinksItem(
                    url="https://example.com/pricing",
                    slug="pricing",
                    title="Pricing page",
                    collection_id=UUID(args["collection"]),
                    tags=["pricing", "q4-campaign"],
                ),
                {"url": "https://example.com/blog", "slug": "blog"},
            ]
        )
        pricing, blog = created
        got = await client.links.get(pricing.id)
        listed = await client.links.list(
            tags="pricing|q4-campaign", collection_id=args["collection"]
        )
        updated = await client.links.update(
            str(pricing.id), title=None, url="https://example.com/pricing?plan=annual"
        )
        upserted = await client.links.upsert(
            [
                {"id": str(blog.id), "url": "https://example.com/blog/2026"},
                UpsertLinksItem(url="https://example.com/new", slug="new"),
            ]
        )
        deleted = await client.links.delete([pricing.id, str(upserted[1].id)])
    return {
        "created": dicts(created),
        "types": type_names(pricing, "id", "created_at", "tags", "clicks"),
        "got": got.to_dict(),
        "listed": dicts(listed.items),
        "total": listed.body.total,
        "updated": updated.to_dict(),
        "upserted": dicts(upserted),
        "deleted": [str(link_id) for link_id in deleted.deleted_ids],
    }


async def groups(base_url: str, args: Json) -> Json:
    """Collections and tags: create, list (search), delete; create tags, list them."""
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        created = await client.collections.create(
            [
                CreateCollectionsItem(name="Q4 campaign", description="Winter sale links"),
                {"name": "Blog posts"},
            ]
        )
        found = await client.collections.list(search="Q4")
        tags = await client.tags.create(
            [{"name": "spring", "color": "#ff8800"}, CreateTagsItem(name="summer")]
        )
        every_tag = await client.tags.list()
        deleted = await client.collections.delete([args["collection"]])
    return {
        "created": dicts(created),
        "found": dicts(found.items),
        "found_total": found.body.total,
        "tags": dicts(tags),
        "every_tag": dicts(every_tag),
        "deleted": [str(collection_id) for collection_id in deleted.deleted_ids],
    }


async def people(base_url: str, args: Json) -> Json:
    """Partners (create, upsert by email, list, delete) and customers (import, filtered lists)."""
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        created = await client.partners.create(
            [
                {"name": "Ada Lovelace", "email": "ada@example.com", "country": "GB"},
                CreatePartnersItem(
                    name="Grace Hopper",
                    email="grace@example.com",
                    website="https://grace.example",
                    commission_rate=0.3,
                ),
            ]
        )
        ada, grace = created
        upserted = await client.partners.upsert(
            [
                UpsertPartnersItem(name="Ada King", email="ada@example.com", commission_rate=0.25),
                {"name": "Alan Turing", "email": "alan@example.com"},
            ]
        )
        listed = [partner.name async for partner in client.partners.list(search="example.com")]
        deleted = await client.partners.delete([grace.id])
        remaining = [partner.name async for partner in client.partners.list()]
        customers = await client.customers.create(
            [
                CreateCustomersItem(
                    external_id="crm_1",
                    name="Marie Curie",
                    email="marie@example.com",
                    partner_id=ada.id,
                    signed_up_at=datetime(2026, 1, 15, 8, 0, tzinfo=UTC),
                    lifetime_value=149.5,
                    purchases=3,
                    email_verified=True,
                    tags=["vip"],
                    metadata=Metadata(plan="pro", seats=5),
                ),
                {"externalId": "crm_2"},
            ]
        )
        by_email = [c.external_id async for c in client.customers.list(email="marie@example.com")]
        by_partner = [c.external_id async for c in client.customers.list(partner_id=ada.id)]
    return {
        "created": dicts(created),
        "upserted": dicts(upserted),
        "listed": listed,
        "deleted": [str(partner_id) for partner_id in deleted.deleted_ids],
        "remaining": remaining,
        "customers": dicts(customers),
        "by_email": by_email,
        "by_partner": by_partner,
    }


async def events(base_url: str, args: Json) -> Json:
    """Conversion tracking (a lead, a sale sent twice with one Idempotency-Key) and analytics."""
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        lead = await client.conversion_tracking.lead(
            click_id=args["click"],
            event_name="Sign up",
            external_id="user_42",
            customer_name="Lin Yu",
            customer_email="lin@example.com",
            customer_avatar=None,
            metadata=LeadConversionTrackingRequestMetadata(source="newsletter", campaign="winter"),
        )
        sales = [
            await client.conversion_tracking.sale(
                external_id="user_42",
                amount=4999,
                payment_processor="stripe",
                invoice_id="inv_1001",
                idempotency_key="order-1001",
            )
            for _ in range(2)
        ]
        clicks = await client.analytics.clicks(
            start=datetime(2026, 11, 27, tzinfo=UTC),
            end=datetime(2026, 11, 29, tzinfo=UTC),
            link_id=args["link"],
        )
        summary = await client.analytics.summary(
            start="2026-11-01T00:00:00Z",
            end="2026-12-01T00:00:00Z",
            partner_id=UUID(args["partner"]),
        )
    return {
        "lead": lead.to_dict(),
        "sales": dicts(sales),
        "clicks": clicks.to_dict(),
        "buckets": [(bucket.date.isoformat(), bucket.clicks) for bucket in clicks.data],
        "summary": summary.to_dict(),
    }
