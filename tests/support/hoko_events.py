"""The Hoko emulator's conversion tracking and analytics endpoints (``support.hoko_api``).

Clicks have no endpoint (a visitor opening a short link makes one): a test adds them with
``api.store.add_click(link_id, at=..., visitor_id=..., partner_id=...)``, which returns the click
id that a lead then quotes.

What each rule comes from (page: sentence):

- conversion-tracking-lead.md: "The request body must be a single lead event object."; clickId,
  eventName "(1-255 characters)" and externalId "(1-255 characters)" required; customerName "(max
  100 characters). Can be null."; customerEmail, customerAvatar "Can be null."; metadata
  "Supports source, medium, campaign, term, content, and referral." (other keys are a 400);
  "Leads without a matching click are rejected." (404 "Click not found"); "Hoko links the lead to
  the click, the link and the referring partner, and creates the customer if needed." (an
  existing customer takes the name, email and avatar sent, when not null, and keeps its first
  click); 200.
- conversion-tracking-sale.md: externalId "Must match the externalId sent with the customer's
  lead." (404 "Customer not found": "No customer matches the given externalId"; a customer
  imported with POST /api/customers matches too); amount "Must be a non-negative integer." and
  "Decimal amounts are rejected."; currency "Three-letter ISO 4217 currency code in lowercase.
  Defaults to "usd"."; paymentProcessor "stripe", "shopify", "paddle" or "custom"; eventName "(max
  255 characters). Defaults to "Purchase"."; invoiceId "A second sale with the same invoiceId is
  ignored." (it answers the first sale again and records nothing); Idempotency-Key "a second
  request with the same key within 24 hours returns the first response (max 255 characters)"
  (whatever that response was, an error included). The sale is "attributed to the customer's
  original click, link and partner"; the customer's purchases grow by one and, for a sale in the
  account currency, its lifetimeValue by the amount in major units.
- analytics-clicks.md: start and end required ISO 8601, end "Must be after start"; groupBy
  ""hour" ... "day" ... "week" ... "month" ... Defaults to "day""; linkId, collectionId filters;
  "The date range can span at most 366 days. Hourly buckets are available for ranges of up to 7
  days." (both 400). Buckets are aligned to the unit in UTC (weeks start on Monday), from the one
  holding start to the last that begins before end, empty ones included; total counts the range.
- analytics-summary.md: start and end required (400 for "end before start"); linkId, partnerId
  filters; "Revenue is in the smallest unit of your account currency" (sales in another currency
  are left out of revenue); conversionRate is sales per unique click, to four places (the reading
  under which the page's example adds up: 58 / 3977 = 0.0146), 0 without clicks.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from support.hoko_links import Answer
from support.hoko_rules import (
    ApiError,
    Call,
    Field,
    bad_query,
    bad_request,
    check_fields,
    format_time,
)
from support.hoko_store import Record, Store

__all__ = ["analytics_clicks", "analytics_summary", "track_lead", "track_sale"]

CLICK_NOT_FOUND = ("Click not found", "النقرة غير موجودة")
CUSTOMER_NOT_FOUND = ("Customer not found", "العميل غير موجود")
ATTRIBUTION_KEYS = ("source", "medium", "campaign", "term", "content", "referral")
LEAD_FIELDS = {
    "clickId": Field("text", required=True),
    "eventName": Field("text", required=True, minimum=1, maximum=255),
    "externalId": Field("text", required=True, minimum=1, maximum=255),
    "customerName": Field("text", nullable=True, maximum=100),
    "customerEmail": Field("email", nullable=True),
    "customerAvatar": Field("url", nullable=True),
    "metadata": Field("object", keys=ATTRIBUTION_KEYS),
}
SALE_FIELDS = {
    "externalId": Field("text", required=True, minimum=1, maximum=255),
    "amount": Field("integer", required=True, minimum=0),
    "currency": Field("text", pattern="[a-z]{3}"),
    "paymentProcessor": Field(
        "choice", required=True, choices=("stripe", "shopify", "paddle", "custom")
    ),
    "eventName": Field("text", maximum=255),
    "invoiceId": Field("text", nullable=True),
    "metadata": Field("object", keys=ATTRIBUTION_KEYS),
}
IDEMPOTENCY_WINDOW = timedelta(hours=24)
_STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


def track_lead(store: Store, call: Call) -> Answer:
    lead = check_fields(call.body, LEAD_FIELDS)
    click = store.clicks.get(lead["clickId"])
    if click is None:
        raise ApiError(404, CLICK_NOT_FOUND, f"no click {lead['clickId']!r}")
    given = {
        name: lead[sent]
        for name, sent in (
            ("name", "customerName"),
            ("email", "customerEmail"),
            ("avatar", "customerAvatar"),
        )
        if sent in lead
    }
    customer = store.customer_by_external_id(lead["externalId"])
    if customer is None:
        attribution = {
            "clickId": click["id"],
            "linkId": click["linkId"],
            "partnerId": click["partnerId"],
        }
        customer = store.add_customer(externalId=lead["externalId"], **given, **attribution)
    else:
        customer.update({name: value for name, value in given.items() if value is not None})
        if customer["clickId"] is None:
            customer.update(clickId=click["id"], linkId=click["linkId"])
        customer["partnerId"] = customer["partnerId"] or click["partnerId"]
    event = {
        "eventId": str(uuid.uuid4()),
        "eventName": lead["eventName"],
        "clickId": click["id"],
        "linkId": click["linkId"],
        "customerId": customer["id"],
        "partnerId": customer["partnerId"],
        "metadata": lead.get("metadata"),
        "at": store.clock(),
    }
    store.leads.append(event)
    names = ("id", "externalId", "name", "email", "avatar")
    shown = {name: event[name] for name in ("eventId", "eventName", "clickId", "linkId")}
    shown["customer"] = store.present("customer", {name: customer[name] for name in names})
    return 200, shown | {"createdAt": format_time(event["at"])}


def track_sale(store: Store, call: Call) -> Answer:
    key = call.headers.get("idempotency-key")
    if key is None:
        return _record_sale(store, call)
    if len(key) > 255:
        raise bad_request("the Idempotency-Key is longer than 255 characters")
    now = store.clock()
    first = store.idempotency.get(key)
    if first is not None and now - first[0] < IDEMPOTENCY_WINDOW:
        return first[1], first[2]
    try:
        answer = _record_sale(store, call)
    except ApiError as error:
        store.idempotency[key] = (now, error.status, error.body)
        raise
    store.idempotency[key] = (now, *answer)
    return answer


def _record_sale(store: Store, call: Call) -> Answer:
    sale = check_fields(call.body, SALE_FIELDS)
    customer = store.customer_by_external_id(sale["externalId"])
    if customer is None:
        raise ApiError(404, CUSTOMER_NOT_FOUND, f"no customer {sale['externalId']!r}")
    invoice = sale.get("invoiceId")
    earlier = [s for s in store.sales if invoice is not None and s["invoiceId"] == invoice]
    if earlier:
        return 200, _view_sale(store, earlier[0])
    event = {
        "eventId": str(uuid.uuid4()),
        "eventName": sale.get("eventName", "Purchase"),
        "amount": sale["amount"],
        "currency": sale.get("currency", "usd"),
        "paymentProcessor": sale["paymentProcessor"],
        "invoiceId": invoice,
        "customerId": customer["id"],
        "externalId": customer["externalId"],
        "partnerId": customer["partnerId"],
        "linkId": customer["linkId"],
        "metadata": sale.get("metadata"),
        "at": store.clock(),
    }
    store.sales.append(event)
    customer["purchases"] += 1
    if event["currency"] == store.currency:
        customer["lifetimeValue"] = round(customer["lifetimeValue"] + event["amount"] / 100, 2)
    return 200, _view_sale(store, event)


def _view_sale(store: Store, event: Record) -> Record:
    names = ("eventId", "eventName", "amount", "currency", "paymentProcessor", "invoiceId")
    shown = {name: event[name] for name in names}
    customer = {"id": event["customerId"], "externalId": event["externalId"]}
    shown["customer"] = store.present("customer", customer)
    shown |= {"partnerId": event["partnerId"], "createdAt": format_time(event["at"])}
    return store.present("sale", shown)


def _date_range(call: Call) -> tuple[datetime, datetime]:
    start, end = call.query.time("start"), call.query.time("end")
    if end <= start:
        raise bad_query("end is not after start")
    return start, end


def _floor(moment: datetime, unit: str) -> datetime:
    moment = moment.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    if unit == "hour":
        return moment
    moment = moment.replace(hour=0)
    if unit == "week":
        return moment - timedelta(days=moment.weekday())
    return moment.replace(day=1) if unit == "month" else moment


def _next(moment: datetime, unit: str) -> datetime:
    if unit == "month":
        return (moment.replace(day=28) + timedelta(days=4)).replace(day=1)
    return moment + _STEPS[unit]


def _in_range(events: list[Record], start: datetime, end: datetime, **match: Any) -> list[Record]:
    chosen = [event for event in events if start <= event["at"] < end]
    for name, value in match.items():
        if value is not None:
            chosen = [event for event in chosen if event[name] == value]
    return chosen


def analytics_clicks(store: Store, call: Call) -> Answer:
    start, end = _date_range(call)
    group = call.query.choice("groupBy", ("hour", "day", "week", "month"), "day")
    if end - start > timedelta(days=366):
        raise bad_query("the range spans more than 366 days")
    if group == "hour" and end - start > timedelta(days=7):
        raise bad_query("hourly buckets for a range of more than 7 days")
    clicks = _in_range(list(store.clicks.values()), start, end, linkId=call.query.uuid("linkId"))
    collection_id = call.query.uuid("collectionId")
    if collection_id is not None:
        in_collection = {
            k for k, link in store.links.items() if link["collectionId"] == collection_id
        }
        clicks = [click for click in clicks if click["linkId"] in in_collection]
    data = []
    bucket = _floor(start, group)
    while bucket < end:
        following = _next(bucket, group)
        inside = [click for click in clicks if bucket <= click["at"] < following]
        unique = len({click["visitorId"] for click in inside})
        data.append({"date": format_time(bucket), "clicks": len(inside), "uniqueClicks": unique})
        bucket = following
    shown = {"start": format_time(start), "end": format_time(end), "groupBy": group}
    return 200, shown | {"total": len(clicks), "data": data}


def analytics_summary(store: Store, call: Call) -> Answer:
    start, end = _date_range(call)
    match = {"linkId": call.query.uuid("linkId"), "partnerId": call.query.uuid("partnerId")}
    clicks = _in_range(list(store.clicks.values()), start, end, **match)
    leads = _in_range(store.leads, start, end, **match)
    sales = _in_range(store.sales, start, end, **match)
    unique = len({click["visitorId"] for click in clicks})
    revenue = sum(sale["amount"] for sale in sales if sale["currency"] == store.currency)
    rate = round(len(sales) / unique, 4) if unique else 0.0
    return 200, {
        "clicks": len(clicks),
        "uniqueClicks": unique,
        "leads": len(leads),
        "sales": len(sales),
        "revenue": revenue,
        "currency": store.currency,
        "conversionRate": rate,
    }
