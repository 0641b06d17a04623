"""Partners and customers as partners-*.md and customers-*.md describe them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from support.hoko_api import HokoAPI, ManualClock

from emulator.conftest import BAD_REQUEST, expect

SARA = {"name": "Sara Nasser", "email": "sara@example.com"}


def test_create_partners_applies_the_documented_defaults(api: HokoAPI, http: httpx.Client) -> None:
    """201; commissionRate defaults to 0.2, status is active, a null website is left out and
    a null country shown; an explicit rate and website are kept."""
    body = [
        SARA,
        {
            "name": "Omar",
            "email": "omar@example.com",
            "website": "https://o.example",
            "commissionRate": 0,
        },
    ]
    sara, omar = expect(http.post("/api/partners", json=body), 201)
    assert (sara["commissionRate"], sara["status"], sara["country"]) == (0.2, "active", None)
    assert "website" not in sara and omar["website"] == "https://o.example"
    assert omar["commissionRate"] == 0
    assert sara["createdAt"] == sara["updatedAt"] == "2026-11-28T09:30:00.000Z"
    assert sara["workspaceId"] == api.store.workspace_id


@pytest.mark.parametrize(
    "item",
    [
        {"name": "Sara"},
        {"email": "sara@example.com"},
        {"name": "", "email": "sara@example.com"},
        {"name": "n" * 256, "email": "sara@example.com"},
        {**SARA, "email": "not-an-email"},
        {**SARA, "website": "saracodes"},
        {**SARA, "country": "sa"},
        {**SARA, "country": "SAU"},
        {**SARA, "commissionRate": 1.5},
        {**SARA, "commissionRate": -0.1},
        {**SARA, "commissionRate": "0.2"},
        {**SARA, "commissionRate": None},
        {**SARA, "status": "paused"},
        {**SARA, "email": "LAYLA@example.com"},
    ],
)
def test_create_partners_refuses_what_the_page_forbids(
    api: HokoAPI, http: httpx.Client, item: dict[str, Any]
) -> None:
    """Required name and email, formats, limits and email uniqueness (without case) are a 400."""
    api.store.add_partner(name="Layla", email="layla@example.com")
    expect(http.post("/api/partners", json=[item]), 400, BAD_REQUEST)
    assert len(api.store.partners) == 1


def test_upsert_partners_matches_by_email(
    api: HokoAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """PUT updates the partner with the same email (what is left out is kept, null clears) and
    creates the others; 200 in request order."""
    layla = api.store.add_partner(
        name="Layla",
        email="layla@example.com",
        website="https://l.example",
        country="SA",
        commissionRate=0.25,
    )
    clock.advance(days=1)
    body = [{"name": "Layla Haddad", "email": "Layla@Example.com", "country": None}, SARA]
    updated, created = expect(http.put("/api/partners", json=body), 200)
    assert (updated["id"], updated["name"], updated["email"]) == (
        layla["id"],
        "Layla Haddad",
        "layla@example.com",
    )
    assert (updated["website"], updated["country"], updated["commissionRate"]) == (
        "https://l.example",
        None,
        0.25,
    )
    assert updated["updatedAt"] == "2026-11-29T09:30:00.000Z" != updated["createdAt"]
    assert created["id"] != layla["id"] and created["commissionRate"] == 0.2
    assert len(api.store.partners) == 2


@pytest.mark.parametrize(
    "body",
    [[], [SARA, SARA], [{**SARA, "commissionRate": 1.5}], [{"email": "sara@example.com"}]],
)
def test_upsert_partners_refuses_bad_bodies(api: HokoAPI, http: httpx.Client, body: Any) -> None:
    """An empty list, the same email twice, a rate outside 0-1 or a missing name is 400."""
    expect(http.put("/api/partners", json=body), 400, BAD_REQUEST)
    assert api.store.partners == {}


def test_deleting_partners_is_a_soft_delete(api: HokoAPI, http: httpx.Client) -> None:
    """Deleted partners leave the list (and total) but stay stored with deletedAt; a second
    delete of the same id is 400, and its email is free again."""
    layla, omar = api.store.add_partner(email="layla@example.com"), api.store.add_partner()
    expect(
        http.request("DELETE", "/api/partners", json=[layla["id"]]),
        200,
        {"deletedIds": [layla["id"]]},
    )
    listed = expect(http.get("/api/partners"), 200)
    assert ([p["id"] for p in listed["partners"]], listed["total"]) == ([omar["id"]], 1)
    assert api.store.partners[layla["id"]]["deletedAt"] == "2026-11-28T09:30:00.000Z"
    expect(http.request("DELETE", "/api/partners", json=[layla["id"]]), 400, BAD_REQUEST)
    expect(http.post("/api/partners", json=[{"name": "Layla", "email": "layla@example.com"}]), 201)


@pytest.mark.parametrize("body", [[], ["invalid-id"], [str(uuid.uuid4())], [None]])
def test_deleting_unknown_partners_is_400(api: HokoAPI, http: httpx.Client, body: Any) -> None:
    """Missing IDs, invalid UUIDs, or IDs not found in the workspace are 400 (the seed page)."""
    partner = api.store.add_partner()
    expect(
        http.request("DELETE", "/api/partners", json=[partner["id"], *body] if body else body),
        400,
        BAD_REQUEST,
    )
    assert api.store.partners[partner["id"]]["deletedAt"] is None


def test_create_customers_fills_what_is_left_out(api: HokoAPI, http: httpx.Client) -> None:
    """signedUpAt defaults to the time of the request, lifetimeValue and purchases to 0,
    emailVerified to false, tags to [], metadata to null; avatar null is left out."""
    (customer,) = expect(http.post("/api/customers", json=[{"externalId": "user_1"}]), 201)
    assert customer["signedUpAt"] == "2026-11-28T09:30:00.000Z"
    assert (customer["lifetimeValue"], customer["purchases"], customer["emailVerified"]) == (
        0,
        0,
        False,
    )
    assert (customer["tags"], customer["metadata"], customer["name"]) == ([], None, None)
    assert "avatar" not in customer and customer["partnerId"] is None
    assert "updatedAt" not in customer and customer["workspaceId"] == api.store.workspace_id


def test_create_customers_keeps_what_is_sent(api: HokoAPI, http: httpx.Client) -> None:
    """Every documented field is stored and answered as sent (metadata untouched)."""
    partner = api.store.add_partner()
    item = {
        "externalId": "user_10633",
        "name": "Hana Yousef",
        "email": "hana@example.com",
        "avatar": "https://example.com/hana.png",
        "partnerId": partner["id"],
        "signedUpAt": "2026-11-27T21:05:00Z",
        "lifetimeValue": 49.99,
        "purchases": 1,
        "emailVerified": True,
        "tags": ["imported"],
        "metadata": {"plan": "starter", "seats": 2, "nested": {"a": [1]}},
    }
    (customer,) = expect(http.post("/api/customers", json=[item]), 201)
    assert customer == {
        **item,
        "id": customer["id"],
        "signedUpAt": "2026-11-27T21:05:00.000Z",
        "createdAt": "2026-11-28T09:30:00.000Z",
        "workspaceId": api.store.workspace_id,
    }


@pytest.mark.parametrize(
    "item",
    [
        {},
        {"externalId": ""},
        {"externalId": "x" * 256},
        {"externalId": "taken"},
        {"externalId": "u", "purchases": -1},
        {"externalId": "u", "purchases": 1.0},
        {"externalId": "u", "purchases": 1.5},
        {"externalId": "u", "purchases": "1"},
        {"externalId": "u", "purchases": True},
        {"externalId": "u", "emailVerified": "true"},
        {"externalId": "u", "emailVerified": 1},
        {"externalId": "u", "emailVerified": None},
        {"externalId": "u", "lifetimeValue": -0.01},
        {"externalId": "u", "lifetimeValue": "149.5"},
        {"externalId": "u", "name": "n" * 101},
        {"externalId": "u", "email": "not-an-email"},
        {"externalId": "u", "avatar": "avatar.png"},
        {"externalId": "u", "partnerId": "layla"},
        {"externalId": "u", "partnerId": str(uuid.uuid4())},
        {"externalId": "u", "signedUpAt": "yesterday"},
        {"externalId": "u", "signedUpAt": None},
        {"externalId": "u", "tags": [1]},
        {"externalId": "u", "metadata": ["plan"]},
        {"externalId": "u", "external_id": "u"},
    ],
)
def test_create_customers_reads_types_strictly(
    api: HokoAPI, http: httpx.Client, item: dict[str, Any]
) -> None:
    """Integers without a fraction, JSON booleans, formats, limits, known partners, unique
    external ids: anything else is 400 and nothing is imported."""
    api.store.add_customer(externalId="taken")
    expect(http.post("/api/customers", json=[item]), 400, BAD_REQUEST)
    assert len(api.store.customers) == 1


def test_create_customers_refuses_the_same_external_id_twice(
    api: HokoAPI, http: httpx.Client
) -> None:
    """ "External IDs must be unique in your workspace", within one request too."""
    body = [{"externalId": "user_1"}, {"externalId": "user_1"}]
    expect(http.post("/api/customers", json=body), 400, BAD_REQUEST)
    assert api.store.customers == {}
