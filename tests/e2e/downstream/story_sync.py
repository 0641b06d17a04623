"""Every operation of the fixture API, as a downstream project calls them with HokoClient.

One function per group of resources; each takes the base URL and what the test seeded, makes
its calls in order and returns what came back (``to_dict()`` of each result), so the test can
hold it against what the emulator was told to hold.
"""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

from common import KEY, Json, dicts, type_names
from hoko_client import HokoClient
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


def links(base_url: str, args: Json) -> Json:
    """Links: create (a model and a mapping), get, list with filters, update, upsert, delete."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        created = client.links.create(
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
        got = client.links.get(pricing.id)
        listed = client.links.list(tags="pricing|q4-campaign", collection_id=args["collection"])
        updated = client.links.update(
            str(pricing.id), title=None, url="https://example.com/pricing?plan=annual"
        )
        upserted = client.links.upsert(
            [
                {"id": str(blog.id), "url": "https://example.com/blog/2026"},
                UpsertLinksItem(url="https://example.com/new", slug="new"),
            ]
        )
        deleted = client.links.delete([pricing.id, str(upserted[1].id)])
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


def groups(base_url: str, args: Json) -> Json:
    """Collections and tags: create, list (search), delete; create tags, list them."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        created = client.collections.create(
            [
                CreateCollectionsItem(name="Q4 campaign", description="Winter sale links"),
                {"name": "Blog posts"},
            ]
        )
        found = client.collections.list(search="Q4")
        tags = client.tags.create(
            [{"name": "spring", "color": "#ff8800"}, CreateTagsItem(name="summer")]
        )
        every_tag = client.tags.list()
        deleted = client.collections.delete([args["collection"]])
    return {
        "created": dicts(created),
        "found": dicts(found.items),
        "found_total": found.body.total,
        "tags": dicts(tags),
        "every_tag": dicts(every_tag),
        "deleted": [str(collection_id) for collection_id in deleted.deleted_ids],
    }


def people(base_url: str, args: Json) -> Json:
    """Partners (create, upsert by email, list, delete) and customers (import, filtered lists)."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        created = client.partners.create(
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
        upserted = client.partners.upsert(
            [
                UpsertPartnersItem(name="Ada King", email="ada@example.com", commission_rate=0.25),
                {"name": "Alan Turing", "email": "alan@example.com"},
            ]
        )
        listed = client.partners.list(search="example.com")
        deleted = client.partners.delete([grace.id])
        remaining = [partner.name for partner in client.partners.list()]
        customers = client.customers.create(
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
        by_email = client.customers.list(email="marie@example.com")
        by_partner = client.customers.list(partner_id=ada.id)
    return {
        "created": dicts(created),
        "upserted": dicts(upserted),
        "listed": [partner.name for partner in listed],
        "deleted": [str(partner_id) for partner_id in deleted.deleted_ids],
        "remaining": remaining,
        "customers": dicts(customers),
        "by_email": [customer.external_id for customer in by_email],
        "by_partner": [customer.external_id for customer in by_partner],
    }


def events(base_url: str, args: Json) -> Json:
    """Conversion tracking (a lead, a sale sent twice with one Idempotency-Key) and analytics."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        lead = client.conversion_tracking.lead(
            click_id=args["click"],
            event_name="Sign up",
            external_id="user_42",
            customer_name="Lin Yu",
            customer_email="lin@example.com",
            customer_avatar=None,
            metadata=LeadConversionTrackingRequestMetadata(source="newsletter", campaign="winter"),
        )
        sales = [
            client.conversion_tracking.sale(
                external_id="user_42",
                amount=4999,
                payment_processor="stripe",
                invoice_id="inv_1001",
                idempotency_key="order-1001",
            )
            for _ in range(2)
        ]
        clicks = client.analytics.clicks(
            start=datetime(2026, 11, 27, tzinfo=UTC),
            end=datetime(2026, 11, 29, tzinfo=UTC),
            link_id=args["link"],
        )
        summary = client.analytics.summary(
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
