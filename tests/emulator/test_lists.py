"""Query strings read strictly, and take/skip pagination, defaults, order and filters as
links-list.md, collections-list.md, partners-list.md, customers-list.md and tags-list.md say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from support.hoko_api import HokoAPI

from emulator.conftest import BAD_QUERY, expect

LIST_PATHS = ["/api/links", "/api/collections", "/api/partners", "/api/customers"]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(
    "query",
    [
        "take=50.0",
        "take=abc",
        "take=",
        "take",
        "take=5e1",
        "take=+5",
        "take=%205",
        "take=0x10",
        "take=0",
        "take=10001",
        "take=-1",
        "skip=-1",
        "skip=1.5",
        "skip=",
        "take=5&take=6",
    ],
)
def test_take_and_skip_are_integers_within_their_limits(
    http: httpx.Client, path: str, query: str
) -> None:
    """take (1..10,000) and skip (>= 0) are plain integers given once; anything else is 400."""
    expect(http.get(f"{path}?{query}"), 400, BAD_QUERY)


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("query", ["take=1", "take=10000", "skip=0", "take=007&skip=3"])
def test_the_edges_of_take_and_skip_are_accepted(http: httpx.Client, path: str, query: str) -> None:
    """take=1, take=10000 and skip=0 are within the documented limits."""
    expect(http.get(f"{path}?{query}"), 200)


def _seeders(api: HokoAPI) -> dict[str, Callable[[int], list[dict[str, Any]]]]:
    store = api.store
    return {
        "/api/links": store.seed_links,
        "/api/collections": store.seed_collections,
        "/api/partners": store.seed_partners,
        "/api/customers": store.seed_customers,
    }


@pytest.mark.parametrize("path", LIST_PATHS)
def test_without_parameters_the_50_newest_come_first(
    api: HokoAPI, http: httpx.Client, path: str
) -> None:
    """The default page holds 50 items, newest first, and total counts all of them."""
    created = _seeders(api)[path](60)
    body = expect(http.get(path), 200)
    items = body[path.rsplit("/", 1)[1]]
    assert body["total"] == 60
    assert [item["id"] for item in items] == [r["id"] for r in reversed(created)][:50]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_take_and_skip_walk_every_item_once(api: HokoAPI, http: httpx.Client, path: str) -> None:
    """Pages of 10 at skip 0, 10, 20 hold 10, 10 and 5 items, all distinct; beyond is empty."""
    created = _seeders(api)[path](25)
    key = path.rsplit("/", 1)[1]
    seen: list[str] = []
    for skip, size in ((0, 10), (10, 10), (20, 5), (25, 0), (1000, 0)):
        body = expect(http.get(path, params={"take": 10, "skip": skip}), 200)
        assert (len(body[key]), body["total"]) == (size, 25)
        seen += [item["id"] for item in body[key]]
    assert sorted(seen) == sorted(record["id"] for record in created)


def test_links_sort_by_each_documented_field_in_both_orders(
    api: HokoAPI, http: httpx.Client
) -> None:
    """sort=createdAt|updatedAt|clicks|slug with order=asc|desc; ties keep creation order."""
    store = api.store
    first = store.add_link(slug="b", createdAt="2026-01-01T00:00:00.000Z", clicks=5)
    second = store.add_link(slug="c", createdAt="2026-02-01T00:00:00.000Z", clicks=1)
    third = store.add_link(slug="a", createdAt="2026-03-01T00:00:00.000Z", clicks=5)
    second["updatedAt"] = "2026-12-01T00:00:00.000Z"

    def order(**query: str) -> list[str]:
        return [link["slug"] for link in expect(http.get("/api/links", params=query), 200)["links"]]

    assert order() == ["a", "c", "b"]
    assert order(order="asc") == ["b", "c", "a"]
    assert order(sort="slug", order="asc") == ["a", "b", "c"]
    assert order(sort="clicks") == ["a", "b", "c"]  # 5 (created last), 5, 1
    assert order(sort="clicks", order="asc") == ["c", "b", "a"]
    assert order(sort="updatedAt")[0] == "c"
    assert {first["slug"], second["slug"], third["slug"]} == {"a", "b", "c"}


@pytest.mark.parametrize(
    "query",
    ["sort=title", "sort=CREATEDAT", "order=DESC", "order=newest", "sort=createdAt&sort=slug"],
)
def test_an_unknown_sort_field_or_order_is_400(http: httpx.Client, query: str) -> None:
    """Only the four Sort Fields and "asc"/"desc" are accepted, spelled as documented."""
    expect(http.get(f"/api/links?{query}"), 400, BAD_QUERY)


def test_links_search_tags_and_collection_filters_set_total(
    api: HokoAPI, http: httpx.Client
) -> None:
    """search (slug, title or URL), tags (all of them, pipe-separated) and collectionId narrow
    the list, and total counts the matches, not the whole workspace."""
    store = api.store
    q4 = store.add_collection(name="Q4")
    store.add_link(slug="pricing", tags=["pricing", "q4-campaign"], collectionId=q4["id"])
    store.add_link(slug="sale", title="Winter PRICING", tags=["q4-campaign"])
    store.add_link(slug="docs", url="https://example.com/pricing-docs", tags=["pricing"])
    store.seed_links(5)

    def slugs(**query: str) -> tuple[set[str], int]:
        body = expect(http.get("/api/links", params=query), 200)
        return {link["slug"] for link in body["links"]}, body["total"]

    assert slugs(search="pricing") == ({"pricing", "sale", "docs"}, 3)
    assert slugs(tags="pricing|q4-campaign") == ({"pricing"}, 1)
    assert slugs(tags="q4-campaign") == ({"pricing", "sale"}, 2)
    assert slugs(collectionId=q4["id"].upper()) == ({"pricing"}, 1)
    assert slugs(search="pricing", take="1")[1] == 3


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/links", {"collectionId": "q4"}),
        ("/api/links", {"collectionId": "4a022847-3bcb-4c29-8d86-f974a16417b"}),
        ("/api/links", {"collectionId": "{4a022847-3bcb-4c29-8d86-f974a16417bb}"}),
        ("/api/links", {"search": "x" * 101}),
        ("/api/collections", {"search": "x" * 101}),
        ("/api/partners", {"search": "x" * 101}),
        ("/api/customers", {"partnerId": "layla"}),
        ("/api/customers", {"id": "4a022847"}),
        ("/api/customers", {"email": "not-an-email"}),
    ],
)
def test_uuids_emails_and_search_lengths_are_checked(
    http: httpx.Client, path: str, query: dict[str, str]
) -> None:
    """A UUID must be canonical, an email an email, a search at most 100 characters."""
    expect(http.get(path, params=query), 400, BAD_QUERY)


def test_a_search_of_100_characters_and_unknown_parameters_are_accepted(
    http: httpx.Client,
) -> None:
    """The 100-character limit is inclusive; a parameter no page lists is ignored."""
    expect(http.get("/api/links", params={"search": "x" * 100, "utm": "1"}), 200)


def test_collections_and_partners_search_their_documented_fields(
    api: HokoAPI, http: httpx.Client
) -> None:
    """Collections match on name; partners on name or email; both ignore case."""
    api.store.add_collection(name="Podcast sponsors")
    api.store.add_collection(name="Docs", description="podcast")
    api.store.add_partner(name="Omar Khalil", email="omar@example.com")
    api.store.add_partner(name="Layla", email="layla@omar.example")
    api.store.add_partner(name="Sara", email="sara@example.com")
    collections = expect(http.get("/api/collections", params={"search": "PODCAST"}), 200)
    partners = expect(http.get("/api/partners", params={"search": "omar"}), 200)
    assert [c["name"] for c in collections["collections"]] == ["Podcast sponsors"]
    assert sorted(p["name"] for p in partners["partners"]) == ["Layla", "Omar Khalil"]
    assert partners["total"] == 2


def test_customers_filter_by_id_external_id_email_and_partner(
    api: HokoAPI, http: httpx.Client
) -> None:
    """Each documented filter narrows the list; together they all apply."""
    partner = api.store.add_partner()
    nour = api.store.add_customer(
        externalId="user_1", email="Nour@example.com", partnerId=partner["id"]
    )
    api.store.add_customer(externalId="user_2", email="khalid@example.com")

    def ids(**query: str) -> list[str]:
        return [c["id"] for c in expect(http.get("/api/customers", params=query), 200)["customers"]]

    assert ids(id=nour["id"]) == [nour["id"]]
    assert ids(externalId="user_1") == [nour["id"]]
    assert ids(email="nour@example.com") == [nour["id"]]
    assert ids(partnerId=partner["id"]) == [nour["id"]]
    assert ids(partnerId=partner["id"], externalId="user_2") == []


def test_tags_come_as_a_bare_array_in_alphabetical_order(api: HokoAPI, http: httpx.Client) -> None:
    """GET /api/tags answers an array (no take/skip), sorted by name, with each linkCount."""
    api.store.add_link(tags=["q4-campaign", "pricing"])
    api.store.add_link(tags=["q4-campaign"])
    api.store.add_tag(name="newsletter")
    tags = expect(http.get("/api/tags", params={"take": "1"}), 200)
    assert [(tag["name"], tag["linkCount"]) for tag in tags] == [
        ("newsletter", 0),
        ("pricing", 1),
        ("q4-campaign", 2),
    ]
