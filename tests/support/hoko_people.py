"""The Hoko emulator's partners and customers endpoints (``support.hoko_api``).

What each rule comes from (page: sentence):

- partners-list.md: "List the partners in your workspace, newest first. Deleted partners are not
  returned."; take/skip "(default: 50, min: 1, max: 10,000)" / "(default: 0, min: 0)"; search
  "whose name or email contains this text (max 100 characters)" (read case-insensitively).
- partners-create.md: "up to 1,000 partners", "at least one"; name "(1-255 characters)"; email
  "Must be unique in your workspace." (a taken email is a 400: "an email that already belongs to
  a partner"; compared without case); website (URL) and country "Two-letter ISO 3166-1 country
  code" (two capitals) "Can be null."; commissionRate "(default: 0.2, min: 0, max: 1)"; 201.
  A partner's status is "active" (the examples' only value; no page lets a client change it).
- partners-upsert.md: "Partners are matched by email: an existing partner with the same email is
  updated, otherwise a new partner is created."; 200. The page doesn't say that an update resets
  what is left out (links-upsert.md does, for links), so fields left out keep their values; null
  clears website and country. The same email twice in one request is a 400.
- partners-delete.md: "Delete one or more partners (soft delete)"; "up to 10,000"; "All IDs must
  be valid and belong to your workspace" (an already deleted partner no longer does: 400). The
  record stays in ``store.partners`` with its ``deletedAt`` set.
- customers-list.md: "List customers, newest first. Filter by ID, external ID, email or referring
  partner."; 400 for an "invalid UUID or email, or take outside 1-10,000".
- customers-create.md: "up to 1,000 customers"; externalId "(1-255 characters)", "External IDs
  must be unique in your workspace." (a taken one is a 400: the page has no 409); name "(max 100
  characters). Can be null."; email, avatar (URL), partnerId "Can be null." (a partnerId must name
  a partner that isn't deleted); signedUpAt "Defaults to the time of the request."; lifetimeValue
  "(default: 0, min: 0)"; purchases "Must be a non-negative integer." (0 when left out);
  emailVerified a boolean (false when left out); tags (an empty array when left out); metadata
  "returned as sent" (null when left out); 201.
"""

from __future__ import annotations

from typing import Any

from support.hoko_links import Answer, newest_first, page
from support.hoko_rules import Call, Field, bad_request, check_array, check_fields, check_ids
from support.hoko_store import Record, Store

__all__ = [
    "create_customers",
    "create_partners",
    "delete_partners",
    "list_customers",
    "list_partners",
    "upsert_partners",
]

PARTNER_FIELDS = {
    "name": Field("text", required=True, minimum=1, maximum=255),
    "email": Field("email", required=True),
    "website": Field("url", nullable=True),
    "country": Field("text", nullable=True, pattern="[A-Z]{2}"),
    "commissionRate": Field("number", minimum=0, maximum=1),
}
CUSTOMER_FIELDS = {
    "externalId": Field("text", required=True, minimum=1, maximum=255),
    "name": Field("text", nullable=True, maximum=100),
    "email": Field("email", nullable=True),
    "avatar": Field("url", nullable=True),
    "partnerId": Field("uuid", nullable=True),
    "signedUpAt": Field("time"),
    "lifetimeValue": Field("number", minimum=0),
    "purchases": Field("integer", minimum=0),
    "emailVerified": Field("boolean"),
    "tags": Field("strings"),
    "metadata": Field("object"),
}


def list_partners(store: Store, call: Call) -> Answer:
    search = call.query.text("search", maximum=100)
    partners = newest_first(store.live_partners())
    if search is not None:
        needle = search.casefold()
        partners = [p for p in partners if needle in f"{p['name']}\n{p['email']}".casefold()]
    shown, total = page(partners, call)
    return 200, {"partners": [store.view_partner(p) for p in shown], "total": total}


def _partner_items(call: Call) -> list[dict[str, Any]]:
    items = check_array(call.body, maximum=1_000, what="partners")
    checked = [check_fields(item, PARTNER_FIELDS, f"body[{i}]") for i, item in enumerate(items)]
    emails = [item["email"].lower() for item in checked]
    if len(set(emails)) != len(emails):
        raise bad_request("the same email is given twice")
    return checked


def create_partners(store: Store, call: Call) -> Answer:
    items = _partner_items(call)
    taken = [item["email"] for item in items if store.partner_by_email(item["email"])]
    if taken:
        raise bad_request(f"emails already belong to partners: {taken}")
    created = [store.add_partner(**item) for item in items]
    return 201, [store.view_partner(partner) for partner in created]


def upsert_partners(store: Store, call: Call) -> Answer:
    results = []
    for item in _partner_items(call):
        partner = store.partner_by_email(item["email"])
        if partner is None:
            results.append(store.add_partner(**item))
            continue
        item.pop("email")  # the stored spelling stays: it is what identifies the partner
        partner.update(item, updatedAt=store.now())
        results.append(partner)
    return 200, [store.view_partner(partner) for partner in results]


def delete_partners(store: Store, call: Call) -> Answer:
    ids = check_ids(call.body, maximum=10_000, what="partner IDs")
    live = {partner["id"]: partner for partner in store.live_partners()}
    missing = [partner_id for partner_id in ids if partner_id not in live]
    if missing:
        raise bad_request(f"partners not found in the workspace: {missing}")
    now = store.now()
    for partner_id in ids:
        live[partner_id].update(deletedAt=now, updatedAt=now)
    return 200, {"deletedIds": ids}


def list_customers(store: Store, call: Call) -> Answer:
    query = call.query
    wanted: dict[str, str | None] = {
        "id": query.uuid("id"),
        "externalId": query.text("externalId"),
        "partnerId": query.uuid("partnerId"),
    }
    email = query.email("email")
    customers = newest_first(list(store.customers.values()))
    for name, value in wanted.items():
        if value is not None:
            customers = [c for c in customers if c[name] == value]
    if email is not None:
        customers = [c for c in customers if (c["email"] or "").lower() == email.lower()]
    shown, total = page(customers, call)
    return 200, {"customers": [store.view_customer(c) for c in shown], "total": total}


def create_customers(store: Store, call: Call) -> Answer:
    items = check_array(call.body, maximum=1_000, what="customers")
    checked = [check_fields(item, CUSTOMER_FIELDS, f"body[{i}]") for i, item in enumerate(items)]
    external_ids = [item["externalId"] for item in checked]
    taken = [value for value in external_ids if store.customer_by_external_id(value)]
    if taken or len(set(external_ids)) != len(external_ids):
        raise bad_request(f"external ids already in use: {taken or external_ids}")
    live = {partner["id"] for partner in store.live_partners()}
    for item in checked:
        if item.get("partnerId") not in (None, *live):
            raise bad_request(f"no partner {item['partnerId']}")
    created: list[Record] = [store.add_customer(**item) for item in checked]
    return 201, [store.view_customer(customer) for customer in created]
