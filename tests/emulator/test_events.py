"""Conversion tracking and analytics as conversion-tracking-lead.md, conversion-tracking-sale.md,
analytics-clicks.md and analytics-summary.md describe them."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from support.hoko_api import HokoAPI, ManualClock

from emulator.conftest import BAD_QUERY, BAD_REQUEST, expect

CLICK_NOT_FOUND = {"error": {"en": "Click not found", "ar": "النقرة غير موجودة"}}
CUSTOMER_NOT_FOUND = {"error": {"en": "Customer not found", "ar": "العميل غير موجود"}}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def lead(click_id: str, **fields: Any) -> dict[str, Any]:
    return {"clickId": click_id, "eventName": "Sign up", "externalId": "user_1", **fields}


def sale(**fields: Any) -> dict[str, Any]:
    return {"externalId": "user_1", "amount": 4999, "paymentProcessor": "stripe", **fields}


def test_a_lead_without_a_matching_click_is_404(api: HokoAPI, http: httpx.Client) -> None:
    """ "Leads without a matching click are rejected": 404 "Click not found", no customer made."""
    expect(http.post("/api/track/lead", json=lead("clk_doesNotExist")), 404, CLICK_NOT_FOUND)
    assert api.store.customers == {} and api.store.leads == []


def test_a_lead_creates_the_customer_attributed_to_the_click(
    api: HokoAPI, http: httpx.Client
) -> None:
    """The answer names the event, the click, its link and the new customer; the customer is
    stored with the click's partner."""
    partner = api.store.add_partner()
    link = api.store.add_link()
    click_id = api.store.add_click(link["id"], partner_id=partner["id"])
    body = lead(
        click_id,
        customerName="Nour",
        customerEmail="nour@example.com",
        metadata={"source": "newsletter"},
    )
    answer = expect(http.post("/api/track/lead", json=body), 200)
    (customer,) = api.store.customers.values()
    assert (answer["eventName"], answer["clickId"], answer["linkId"]) == (
        "Sign up",
        click_id,
        link["id"],
    )
    assert answer["customer"] == {
        "id": customer["id"],
        "externalId": "user_1",
        "name": "Nour",
        "email": "nour@example.com",
        "workspaceId": api.store.workspace_id,
    }
    assert answer["createdAt"] == "2026-11-28T09:30:00.000Z"
    assert customer["partnerId"] == partner["id"] and len(api.store.leads) == 1


def test_a_second_lead_reuses_the_customer(api: HokoAPI, http: httpx.Client) -> None:
    """ "creates the customer if needed": the same externalId is the same customer; a name sent
    again replaces the old one, a null leaves it."""
    click_id = api.store.add_click(api.store.add_link()["id"])
    first = expect(http.post("/api/track/lead", json=lead(click_id, customerName="Nour")), 200)
    second = expect(http.post("/api/track/lead", json=lead(click_id, customerName=None)), 200)
    assert first["customer"]["id"] == second["customer"]["id"]
    assert second["customer"]["name"] == "Nour" and len(api.store.customers) == 1
    assert first["eventId"] != second["eventId"]


@pytest.mark.parametrize(
    "body",
    [
        {"eventName": "Sign up", "customerEmail": "not-an-email"},
        {"clickId": "CLICK", "externalId": "user_1"},
        {"clickId": "CLICK", "eventName": "", "externalId": "user_1"},
        {"clickId": "CLICK", "eventName": "Sign up", "externalId": "x" * 256},
        {
            "clickId": "CLICK",
            "eventName": "Sign up",
            "externalId": "user_1",
            "customerName": "n" * 101,
        },
        {
            "clickId": "CLICK",
            "eventName": "Sign up",
            "externalId": "user_1",
            "customerAvatar": "me.png",
        },
        {
            "clickId": "CLICK",
            "eventName": "Sign up",
            "externalId": "user_1",
            "metadata": {"plan": "pro"},
        },
        {"clickId": "CLICK", "eventName": "Sign up", "externalId": "user_1", "metadata": None},
        [{"clickId": "CLICK", "eventName": "Sign up", "externalId": "user_1"}],
    ],
)
def test_a_lead_refuses_what_the_page_forbids(api: HokoAPI, http: httpx.Client, body: Any) -> None:
    """Missing fields, limits, formats, metadata keys beyond the six, an array body: 400."""
    click_id = api.store.add_click(api.store.add_link()["id"])
    sent = [dict(body[0], clickId=click_id)] if isinstance(body, list) else body
    if isinstance(sent, dict) and "clickId" in sent:
        sent = dict(sent, clickId=click_id)
    expect(http.post("/api/track/lead", json=sent), 400, BAD_REQUEST)
    assert api.store.leads == []


def test_a_sale_needs_a_known_customer(api: HokoAPI, http: httpx.Client) -> None:
    """404 "Customer not found" until a customer has that externalId."""
    expect(http.post("/api/track/sale", json=sale()), 404, CUSTOMER_NOT_FOUND)
    assert api.store.sales == []


def test_a_sale_applies_defaults_and_counts_for_the_customer(
    api: HokoAPI, http: httpx.Client
) -> None:
    """currency defaults to "usd", eventName to "Purchase", invoiceId to null; the customer's
    purchases and lifetimeValue grow; the sale goes to the customer's partner."""
    partner = api.store.add_partner()
    customer = api.store.add_customer(
        externalId="user_1", partnerId=partner["id"], lifetimeValue=100
    )
    answer = expect(http.post("/api/track/sale", json=sale()), 200)
    assert (answer["amount"], answer["currency"], answer["eventName"]) == (4999, "usd", "Purchase")
    assert (answer["invoiceId"], answer["partnerId"]) == (None, partner["id"])
    assert answer["customer"]["id"] == customer["id"]
    assert (customer["purchases"], customer["lifetimeValue"]) == (1, 149.99)
    unattributed = api.store.add_customer(externalId="user_2")
    other = expect(
        http.post("/api/track/sale", json=sale(externalId="user_2", currency="eur")), 200
    )
    assert "partnerId" not in other and other["currency"] == "eur"
    assert (unattributed["purchases"], unattributed["lifetimeValue"]) == (1, 0)


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": 49.99},
        {"amount": 4999.0},
        {"amount": -100},
        {"amount": "4999"},
        {"amount": None},
        {"paymentProcessor": "paypal"},
        {"paymentProcessor": "Stripe"},
        {"currency": "USD"},
        {"currency": "us"},
        {"eventName": "e" * 256},
        {"invoiceId": 12},
        {"metadata": {"coupon": "x"}},
    ],
)
def test_a_sale_refuses_what_the_page_forbids(
    api: HokoAPI, http: httpx.Client, fields: dict[str, Any]
) -> None:
    """Decimal or negative amounts, an unknown processor, an upper-case currency...: 400."""
    api.store.add_customer(externalId="user_1")
    expect(http.post("/api/track/sale", json=sale(**fields)), 400, BAD_REQUEST)
    assert api.store.sales == []


def test_a_second_sale_with_the_same_invoice_is_ignored(api: HokoAPI, http: httpx.Client) -> None:
    """The second sale answers the first one again and records nothing."""
    api.store.add_customer(externalId="user_1")
    first = expect(http.post("/api/track/sale", json=sale(invoiceId="in_1")), 200)
    second = expect(http.post("/api/track/sale", json=sale(invoiceId="in_1", amount=1)), 200)
    assert second == first and len(api.store.sales) == 1


def test_an_idempotency_key_replays_the_first_answer_for_24_hours(
    api: HokoAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """The same Idempotency-Key within 24 hours answers the first response, even a 404, and
    records nothing; after 24 hours the key is new again."""
    key = {"Idempotency-Key": "5669830f-6e63-4b57-8d16-6fa9ae70e3e9"}
    expect(http.post("/api/track/sale", json=sale(), headers=key), 404, CUSTOMER_NOT_FOUND)
    api.store.add_customer(externalId="user_1")
    expect(http.post("/api/track/sale", json=sale(), headers=key), 404, CUSTOMER_NOT_FOUND)
    clock.advance(hours=24)
    first = expect(http.post("/api/track/sale", json=sale(), headers=key), 200)
    clock.advance(hours=23)
    assert expect(http.post("/api/track/sale", json=sale(amount=1), headers=key), 200) == first
    assert len(api.store.sales) == 1
    expect(http.post("/api/track/sale", json=sale()), 200)
    assert len(api.store.sales) == 2


def test_an_idempotency_key_over_255_characters_is_400(api: HokoAPI, http: httpx.Client) -> None:
    """The header is limited to 255 characters."""
    api.store.add_customer(externalId="user_1")
    expect(
        http.post("/api/track/sale", json=sale(), headers={"Idempotency-Key": "k" * 256}),
        400,
        BAD_REQUEST,
    )
    expect(http.post("/api/track/sale", json=sale(), headers={"Idempotency-Key": "k" * 255}), 200)


def test_click_analytics_buckets_by_day_with_empty_days(api: HokoAPI, http: httpx.Client) -> None:
    """Daily buckets from start up to end (exclusive), empty ones included; uniqueClicks counts
    visitors; total counts the range; linkId narrows it."""
    link, other = api.store.add_link(), api.store.add_link()
    for moment, visitor in [
        ("2026-11-01T08:00", "v1"),
        ("2026-11-01T09:00", "v1"),
        ("2026-11-03T23:59", "v2"),
    ]:
        api.store.add_click(link["id"], at=at(moment), visitor_id=visitor)
    api.store.add_click(other["id"], at=at("2026-11-02T12:00"))
    api.store.add_click(link["id"], at=at("2026-11-04T00:00"))  # end is exclusive
    query = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-04T00:00:00Z", "linkId": link["id"]}
    answer = expect(http.get("/api/analytics/clicks", params=query), 200)
    assert answer == {
        "start": "2026-11-01T00:00:00.000Z",
        "end": "2026-11-04T00:00:00.000Z",
        "groupBy": "day",
        "total": 3,
        "data": [
            {"date": "2026-11-01T00:00:00.000Z", "clicks": 2, "uniqueClicks": 1},
            {"date": "2026-11-02T00:00:00.000Z", "clicks": 0, "uniqueClicks": 0},
            {"date": "2026-11-03T00:00:00.000Z", "clicks": 1, "uniqueClicks": 1},
        ],
    }
    del query["linkId"]
    everything = expect(http.get("/api/analytics/clicks", params=query), 200)
    assert everything["total"] == 4


@pytest.mark.parametrize(
    ("group", "dates"),
    [
        ("hour", ["2026-11-04T22:00:00.000Z", "2026-11-04T23:00:00.000Z"]),
        ("week", ["2026-11-02T00:00:00.000Z"]),
        ("month", ["2026-11-01T00:00:00.000Z"]),
    ],
)
def test_click_analytics_aligns_buckets_to_their_unit(
    http: httpx.Client, group: str, dates: list[str]
) -> None:
    """Hours, weeks (from Monday) and months start on their boundary in UTC."""
    # A Wednesday evening; that week began on Monday 2 November 2026.
    query = {"start": "2026-11-04T22:30:00Z", "end": "2026-11-05T00:00:00Z", "groupBy": group}
    answer = expect(http.get("/api/analytics/clicks", params=query), 200)
    assert [bucket["date"] for bucket in answer["data"]] == dates


def test_click_analytics_filters_by_collection(api: HokoAPI, http: httpx.Client) -> None:
    """collectionId counts clicks on the links in that collection only."""
    q4 = api.store.add_collection()
    inside, outside = api.store.add_link(collectionId=q4["id"]), api.store.add_link()
    api.store.add_click(inside["id"], at=at("2026-11-01T10:00"))
    api.store.add_click(outside["id"], at=at("2026-11-01T10:00"))
    query = {"start": "2026-11-01", "end": "2026-11-02", "collectionId": q4["id"]}
    assert expect(http.get("/api/analytics/clicks", params=query), 200)["total"] == 1


@pytest.mark.parametrize(
    "query",
    [
        {"end": "2026-11-04T00:00:00Z"},
        {"start": "yesterday", "end": "2026-11-04T00:00:00Z"},
        {"start": "2026-11-04T00:00:00Z", "end": "2026-11-01T00:00:00Z"},
        {"start": "2026-11-04T00:00:00Z", "end": "2026-11-04T00:00:00Z"},
        {"start": "2026-11-01T00:00:00Z", "end": "2026-11-04T00:00:00Z", "groupBy": "year"},
        {"start": "2025-01-01T00:00:00Z", "end": "2026-01-03T00:00:00Z"},
        {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:01Z", "groupBy": "hour"},
        {"start": "2026-11-01T00:00:00Z", "end": "2026-11-04T00:00:00Z", "linkId": "pricing"},
    ],
)
def test_click_analytics_refuses_bad_ranges(http: httpx.Client, query: dict[str, str]) -> None:
    """Missing or malformed dates, end not after start, an unknown groupBy, more than 366 days,
    hourly buckets beyond 7 days, a bad UUID: 400 "Invalid query parameters"."""
    expect(http.get("/api/analytics/clicks", params=query), 400, BAD_QUERY)


def test_click_analytics_accepts_the_longest_ranges(http: httpx.Client) -> None:
    """366 days by day and 7 days by hour are within the documented limits."""
    year = {"start": "2024-01-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"}
    assert len(expect(http.get("/api/analytics/clicks", params=year), 200)["data"]) == 366
    week = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z", "groupBy": "hour"}
    assert len(expect(http.get("/api/analytics/clicks", params=week), 200)["data"]) == 168


def test_the_summary_adds_up_clicks_leads_sales_and_revenue(
    api: HokoAPI, http: httpx.Client
) -> None:
    """Totals over the range; revenue in the account currency's smallest unit; conversionRate
    is sales per unique click; partnerId narrows to that partner's events."""
    partner = api.store.add_partner()
    link = api.store.add_link()
    clock = ManualClock(at("2026-11-10T12:00"))
    api.store.clock = clock
    clicks = [
        api.store.add_click(link["id"], visitor_id=f"v{i % 3}", partner_id=partner["id"])
        for i in range(4)
    ]
    api.store.add_click(link["id"], visitor_id="v9")
    expect(http.post("/api/track/lead", json=lead(clicks[0])), 200)
    expect(http.post("/api/track/sale", json=sale(amount=1000)), 200)
    expect(http.post("/api/track/sale", json=sale(amount=700, currency="eur")), 200)
    query = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-28T00:00:00Z"}
    summary = expect(http.get("/api/analytics/summary", params=query), 200)
    assert summary == {
        "clicks": 5,
        "uniqueClicks": 4,
        "leads": 1,
        "sales": 2,
        "revenue": 1000,
        "currency": "usd",
        "conversionRate": 0.5,
    }
    narrowed = expect(
        http.get("/api/analytics/summary", params={**query, "partnerId": partner["id"]}), 200
    )
    assert (narrowed["clicks"], narrowed["uniqueClicks"], narrowed["sales"]) == (4, 3, 2)
    assert narrowed["conversionRate"] == 0.6667
    before = expect(
        http.get("/api/analytics/summary", params={**query, "end": "2026-11-10T00:00:00Z"}), 200
    )
    assert (before["clicks"], before["conversionRate"]) == (0, 0.0)


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-11-28T00:00:00Z", "end": "2026-11-01T00:00:00Z"},
        {"start": "2026-11-01T00:00:00Z"},
        {"start": "2026-11-01T00:00:00Z", "end": "2026-11-28T00:00:00Z", "partnerId": "x"},
    ],
)
def test_the_summary_refuses_bad_ranges(http: httpx.Client, query: dict[str, str]) -> None:
    """End before start, a missing end or a bad UUID is 400 "Invalid query parameters"."""
    expect(http.get("/api/analytics/summary", params=query), 400, BAD_QUERY)
