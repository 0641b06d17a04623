"""End to end: every operation of the client generated from tests/fixtures/hoko, pip-installed in
its own venv, against the hand-written Hoko emulator, sync and async.

Each test seeds the emulator, runs one scenario of downstream/run.py, and checks three things:
what came back (against expected.py, written from the pages' prose), what the client sent (the
emulator's record), and that openapi-core accepts every request against the generated document.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
import yaml
from support.hoko_api import HokoAPI

from e2e.conftest import Installed, downstream
from e2e.expected import NOW, WIRE_NOW, WORKSPACE, collection, customer, link, partner, tag
from e2e.expected import without_id as bare
from e2e.judge import Judge

pytestmark = pytest.mark.slow
FLAVOURS = ["sync", "async"]


def run(fixture_client: Installed, api: HokoAPI, scenario: str, flavour: str, **args: Any) -> Any:
    """The scenario (its -async twin for the async flavour), judged by openapi-core."""
    document = yaml.safe_load(fixture_client.spec.read_text(encoding="utf-8"))
    judge = Judge(api, document)
    name = scenario if flavour == "sync" else f"{scenario}-async"
    result = downstream(fixture_client.python, name, api.url, **args)
    assert judge.verdicts, "no request reached the judge"
    assert judge.rejected() == []
    return result


def sent(api: HokoAPI) -> list[tuple[str, str, Any]]:
    """What the client sent: (method, path without ids, query or body), in order."""
    out = []
    for request in api.requests:
        payload = request.body if request.method != "GET" else request.query
        out.append((request.method, request.path, payload))
    return out


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_links(fixture_client: Installed, api: HokoAPI, flavour: str) -> None:
    """create, get, list, update (null clears), upsert (no id creates) and delete links."""
    q4 = api.store.add_collection(name="Q4 campaign")["id"]
    result = run(fixture_client, api, "links", flavour, collection=q4)

    pricing, blog = result["created"]
    assert bare(pricing) == link(
        "pricing",
        "https://example.com/pricing",
        title="Pricing page",
        collectionId=q4,
        tags=["pricing", "q4-campaign"],
    )
    assert bare(blog) == link("blog", "https://example.com/blog")
    assert result["types"] == {
        "id": "UUID",
        "created_at": "datetime",
        "tags": "list",
        "clicks": "int",
    }
    assert result["got"] == pricing
    assert result["listed"] == [pricing] and result["total"] == 1
    annual = "https://example.com/pricing?plan=annual"
    assert result["updated"] == {**pricing, "url": annual, "title": None}
    replaced, new = result["upserted"]
    # links-upsert.md: "Fields you leave out are reset to their defaults": a new random slug.
    assert replaced["id"] == blog["id"] and replaced["slug"] != "blog"
    assert bare(replaced) == link(replaced["slug"], "https://example.com/blog/2026")
    assert bare(new) == link("new", "https://example.com/new")
    assert result["deleted"] == [pricing["id"], new["id"]]
    assert set(api.store.links) == {blog["id"]}

    assert [(method, body) for method, _, body in sent(api)] == [
        (
            "POST",
            [
                {
                    "url": "https://example.com/pricing",
                    "slug": "pricing",
                    "title": "Pricing page",
                    "collectionId": q4,
                    "tags": ["pricing", "q4-campaign"],
                },
                {"url": "https://example.com/blog", "slug": "blog"},
            ],
        ),
        ("GET", {}),
        ("GET", {"tags": ["pricing|q4-campaign"], "collectionId": [q4]}),
        ("PATCH", {"title": None, "url": annual}),
        (
            "PUT",
            [
                {"id": blog["id"], "url": "https://example.com/blog/2026"},
                {"url": "https://example.com/new", "slug": "new"},
            ],
        ),
        ("DELETE", [pricing["id"], new["id"]]),
    ]
    paths = [request.path for request in api.requests]
    assert paths[1] == paths[3] == f"/api/links/{pricing['id']}"


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_collections_and_tags(fixture_client: Installed, api: HokoAPI, flavour: str) -> None:
    """create, search and delete collections (their links stay, in no collection); create and
    list tags (alphabetical, the default color left to the server)."""
    seeded = api.store.add_collection(name="Seeded")["id"]
    kept = api.store.add_link(slug="kept", collectionId=seeded, tags=["pricing"])["id"]
    result = run(fixture_client, api, "groups", flavour, collection=seeded)

    q4, blog = result["created"]
    assert bare(q4) == collection("Q4 campaign", description="Winter sale links")
    assert bare(blog) == collection("Blog posts")
    assert result["found"] == [q4] and result["found_total"] == 1
    spring, summer = result["tags"]
    assert bare(spring) == tag("spring", color="#ff8800")
    assert bare(summer) == tag("summer")
    assert [bare(t) for t in result["every_tag"]] == [
        tag("pricing", linkCount=1),
        tag("spring", color="#ff8800"),
        tag("summer"),
    ]
    assert result["deleted"] == [seeded]
    assert seeded not in api.store.collections
    assert api.store.links[kept]["collectionId"] is None

    assert sent(api) == [
        (
            "POST",
            "/api/collections",
            [{"name": "Q4 campaign", "description": "Winter sale links"}, {"name": "Blog posts"}],
        ),
        ("GET", "/api/collections", {"search": ["Q4"]}),
        ("POST", "/api/tags", [{"name": "spring", "color": "#ff8800"}, {"name": "summer"}]),
        ("GET", "/api/tags", {}),
        ("DELETE", "/api/collections", [seeded]),
    ]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_partners_and_customers(fixture_client: Installed, api: HokoAPI, flavour: str) -> None:
    """create, upsert by email, list and (soft) delete partners; import customers, filter them."""
    result = run(fixture_client, api, "people", flavour)

    ada, grace = result["created"]
    assert bare(ada) == partner("Ada Lovelace", "ada@example.com", country="GB")
    assert bare(grace) == partner(
        "Grace Hopper", "grace@example.com", website="https://grace.example", commissionRate=0.3
    )
    king, alan = result["upserted"]
    assert king == {**ada, "name": "Ada King", "commissionRate": 0.25}
    assert bare(alan) == partner("Alan Turing", "alan@example.com")
    # partners-list.md: newest first (equal times keep creation order, reversed).
    assert result["listed"] == ["Alan Turing", "Grace Hopper", "Ada King"]
    assert result["deleted"] == [grace["id"]]
    assert api.store.partners[grace["id"]]["deletedAt"] == WIRE_NOW
    assert result["remaining"] == ["Alan Turing", "Ada King"]
    marie, plain = result["customers"]
    assert bare(marie) == customer(
        "crm_1",
        name="Marie Curie",
        email="marie@example.com",
        partnerId=ada["id"],
        signedUpAt="2026-01-15T08:00:00Z",
        lifetimeValue=149.5,
        purchases=3,
        emailVerified=True,
        tags=["vip"],
        metadata={"plan": "pro", "seats": 5},
    )
    assert bare(plain) == customer("crm_2")
    assert result["by_email"] == result["by_partner"] == ["crm_1"]

    bodies = [body for method, _, body in sent(api) if method != "GET"]
    assert bodies == [
        [
            {"name": "Ada Lovelace", "email": "ada@example.com", "country": "GB"},
            {
                "name": "Grace Hopper",
                "email": "grace@example.com",
                "website": "https://grace.example",
                "commissionRate": 0.3,
            },
        ],
        [
            {"name": "Ada King", "email": "ada@example.com", "commissionRate": 0.25},
            {"name": "Alan Turing", "email": "alan@example.com"},
        ],
        [grace["id"]],
        [
            {
                "externalId": "crm_1",
                "name": "Marie Curie",
                "email": "marie@example.com",
                "partnerId": ada["id"],
                "signedUpAt": "2026-01-15T08:00:00Z",
                "lifetimeValue": 149.5,
                "purchases": 3,
                "emailVerified": True,
                "tags": ["vip"],
                "metadata": {"plan": "pro", "seats": 5},
            },
            {"externalId": "crm_2"},
        ],
    ]
    queries = [query for method, path, query in sent(api) if path == "/api/customers"]
    assert queries[1:] == [{"email": ["marie@example.com"]}, {"partnerId": [ada["id"]]}]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_conversions_and_analytics(fixture_client: Installed, api: HokoAPI, flavour: str) -> None:
    """A lead creates its customer; a sale sent twice with one Idempotency-Key is recorded once;
    click buckets and the summary count what the emulator was given."""
    pricing = api.store.add_link(slug="pricing")["id"]
    ada = api.store.add_partner(name="Ada")["id"]
    for hour in (10, 11):
        at = datetime(2026, 11, 27, hour, tzinfo=timezone.utc)
        api.store.add_click(pricing, at=at, visitor_id="v1", partner_id=ada)
    click = api.store.add_click(pricing, visitor_id="v2", partner_id=ada)
    result = run(fixture_client, api, "events", flavour, click=click, link=pricing, partner=ada)

    lead = result["lead"]
    (user,) = api.store.customers.values()
    assert bare(lead, "eventId") == {
        "eventName": "Sign up",
        "clickId": click,
        "linkId": pricing,
        "customer": {
            "id": user["id"],
            "externalId": "user_42",
            "name": "Lin Yu",
            "email": "lin@example.com",
            "workspaceId": WORKSPACE,
        },
        "createdAt": NOW,
    }
    first, again = result["sales"]
    assert again == first
    assert bare(first, "eventId") == {
        "eventName": "Purchase",
        "amount": 4999,
        "currency": "usd",
        "paymentProcessor": "stripe",
        "invoiceId": "inv_1001",
        "customer": {"id": user["id"], "externalId": "user_42", "workspaceId": WORKSPACE},
        "partnerId": ada,
        "createdAt": NOW,
        "workspaceId": WORKSPACE,
    }
    assert len(api.store.sales) == 1
    assert (user["purchases"], user["lifetimeValue"]) == (1, 49.99)
    assert result["clicks"] == {
        "start": "2026-11-27T00:00:00Z",
        "end": "2026-11-29T00:00:00Z",
        "groupBy": "day",
        "total": 3,
        "data": [
            {"date": "2026-11-27T00:00:00Z", "clicks": 2, "uniqueClicks": 1},
            {"date": "2026-11-28T00:00:00Z", "clicks": 1, "uniqueClicks": 1},
        ],
    }
    assert result["buckets"] == [["2026-11-27T00:00:00+00:00", 2], ["2026-11-28T00:00:00+00:00", 1]]
    assert result["summary"] == {
        "clicks": 3,
        "uniqueClicks": 2,
        "leads": 1,
        "sales": 1,
        "revenue": 4999,
        "currency": "usd",
        "conversionRate": 0.5,
    }

    lead_call, *sale_calls, clicks_call, summary_call = api.requests
    assert lead_call.body == {
        "clickId": click,
        "eventName": "Sign up",
        "externalId": "user_42",
        "customerName": "Lin Yu",
        "customerEmail": "lin@example.com",
        "customerAvatar": None,
        "metadata": {"source": "newsletter", "campaign": "winter"},
    }
    for call in sale_calls:
        assert call.headers["idempotency-key"] == "order-1001"
        assert call.body == {
            "externalId": "user_42",
            "amount": 4999,
            "paymentProcessor": "stripe",
            "invoiceId": "inv_1001",
        }
        assert b'"amount":4999' in call.raw  # an integer, never 4999.0
    assert clicks_call.query == {
        "start": ["2026-11-27T00:00:00Z"],
        "end": ["2026-11-29T00:00:00Z"],
        "linkId": [pricing],
    }
    assert summary_call.query == {
        "start": ["2026-11-01T00:00:00Z"],
        "end": ["2026-12-01T00:00:00Z"],
        "partnerId": [ada],
    }
