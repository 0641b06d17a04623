"""End to end, the fixture client against the Hoko emulator: pages, responses as a real backend
sends them, strict validation, and null versus omitted in requests.

Expected values come from what each test told the emulator to hold (and expected.py)."""

from __future__ import annotations

import pytest
from support.hoko_api import HokoAPI

from e2e.conftest import Installed, downstream
from e2e.expected import NOW, WORKSPACE, collection, customer, link, partner
from e2e.expected import without_id as bare

pytestmark = pytest.mark.slow

NULL_REFUSED = "may not be null (leave the argument out instead)"


def link_queries(api: HokoAPI) -> list[dict[str, list[str]]]:
    return [request.query for request in api.requests_to("/api/links", "GET")]


def test_pages_follow_take_and_skip(fixture_client: Installed, api: HokoAPI) -> None:
    """Iterating a list yields every item across pages, fetched with integer take/skip (also
    when take comes in extra_query); page items, has_next_page, get_next_page (HokoError past
    the end) and iter_pages agree."""
    api.store.seed_links(120)
    api.store.seed_collections(5)
    api.store.seed_partners(5)
    api.store.seed_customers(5)
    result = downstream(fixture_client.python, "pages", api.url)

    newest_first = [f"seed-{i}" for i in range(120, 0, -1)]
    assert result["every"] == newest_first
    assert result["pages"] == [newest_first[:50], newest_first[50:100], newest_first[100:]]
    assert result["has_next"] == [True, True, False]
    assert result["total"] == 120
    assert result["past_the_end"] == "HokoError"
    assert result["sizes"] == [50, 50, 20]
    assert result["by_extra_query"] == newest_first
    assert result["collections"] == [f"Seed collection {i}" for i in range(5, 0, -1)]
    assert result["partners"] == [f"Seed partner {i}" for i in range(5, 0, -1)]
    assert result["customers"] == [f"seed_{i}" for i in range(5, 0, -1)]

    walk = [{"take": ["50"]}, {"take": ["50"], "skip": ["50"]}, {"take": ["50"], "skip": ["100"]}]
    # take in extra_query (which wins over the arguments) pages as the argument does
    forties = [{"take": ["40"]}, {"take": ["40"], "skip": ["40"]}, {"take": ["40"], "skip": ["80"]}]
    # every, then the pages one by one, then iter_pages (its first page is the one in hand)
    assert link_queries(api) == walk + walk + walk[1:] + forties
    by_twos = [{"take": ["2"]}, {"take": ["2"], "skip": ["2"]}, {"take": ["2"], "skip": ["4"]}]
    for path in ("/api/collections", "/api/partners", "/api/customers"):
        assert [request.query for request in api.requests_to(path)] == by_twos


def test_async_pages(fixture_client: Installed, api: HokoAPI) -> None:
    """`async for` yields every item; the awaited first page and get_next_page give 50 each."""
    api.store.seed_links(120)
    result = downstream(fixture_client.python, "pages-async", api.url)

    newest_first = [f"seed-{i}" for i in range(120, 0, -1)]
    assert result == {
        "every": newest_first,
        "first": newest_first[:50],
        "second": newest_first[50:100],
        "has_next": [True, True],
        "sizes": [50, 50, 20],
    }
    walk = [{"take": ["50"]}, {"take": ["50"], "skip": ["50"]}, {"take": ["50"], "skip": ["100"]}]
    assert link_queries(api) == walk + walk[:2] + walk[1:]


def test_nulls_missing_and_unknown_fields_parse(fixture_client: Installed, api: HokoAPI) -> None:
    """null fields are None, left-out fields are None and not in model_fields_set, the field no
    page mentions is kept and reachable; to_dict/to_json give back what the API sent."""
    plain = api.store.add_link(slug="plain", url="https://example.com/plain")["id"]
    api.store.add_partner(name="Ada", email="ada@example.com")
    api.store.add_collection(name="Q4")
    api.store.add_customer(externalId="user_1")
    result = downstream(fixture_client.python, "lenient", api.url, link=plain)

    assert result["title_is_none"] is result["expires_at_is_none"] is True
    assert result["fields_set"] == sorted(
        [
            "id",
            "url",
            "slug",
            "short_url",
            "title",
            "collection_id",
            "tags",
            "clicks",
            "created_at",
            "updated_at",
            "workspaceId",
        ]
    )
    assert result["workspace_id"] == WORKSPACE
    expected = {"id": plain, **link("plain", "https://example.com/plain")}
    assert result["link"] == result["link_json"] == expected
    assert result["python_names"] == {
        "id": plain,
        "url": "https://example.com/plain",
        "slug": "plain",
        "short_url": "https://hoko.to/plain",
        "title": None,
        "collection_id": None,
        "tags": [],
        "clicks": 0,
        "created_at": NOW,
        "updated_at": NOW,
        "workspaceId": WORKSPACE,
    }
    assert result["website_is_none"] is result["description_is_none"] is True
    assert result["avatar_is_none"] is True
    shown_partner, shown_collection, shown_customer = (bare(d) for d in result["others"])
    assert shown_partner == partner("Ada", "ada@example.com")
    assert shown_collection == collection("Q4")
    assert shown_customer == customer("user_1")


def test_strict_validation_raises_only_where_the_docs_promise_otherwise(
    fixture_client: Installed, api: HokoAPI
) -> None:
    """Strict: a link with a null title and no expiresAt passes (the docs allow both); a sale
    without the partnerId every documented sale carries raises APIResponseValidationError,
    where the lenient client gives partner_id None."""
    plain = api.store.add_link(slug="plain", url="https://example.com/plain")["id"]
    api.store.add_customer(externalId="solo")
    api.store.add_tag(name="pricing")
    result = downstream(fixture_client.python, "strict", api.url, link=plain, customer="solo")

    assert result["link"] == {"id": plain, **link("plain", "https://example.com/plain")}
    assert result["strict_sale"]["status"] == 200
    assert "does not match" in result["strict_sale"]["text"]
    assert "partnerId" in result["strict_sale"]["text"]
    lenient = result["lenient_sale"]
    assert lenient["partner_id_is_none"] is True and "partnerId" not in lenient
    assert (lenient["amount"], lenient["paymentProcessor"]) == (200, "custom")
    assert result["strict_tags"] == ["pricing"]
    # The strict client refused the answer, not the request: both sales were recorded.
    assert [sale["amount"] for sale in api.store.sales] == [100, 200]


def test_null_versus_omitted_in_requests(fixture_client: Installed, api: HokoAPI) -> None:
    """None clears (sent as null), a left-out argument is not sent, upsert without id creates,
    None (or a bare str id) is refused before sending where the docs don't allow it, and
    integral numbers go out as integers."""
    q4 = api.store.add_collection(name="Q4")["id"]
    target = api.store.add_link(
        slug="target",
        url="https://example.com/target",
        title="Old title",
        collectionId=q4,
        expiresAt="2026-12-31T23:59:59.000Z",
        tags=["a"],
    )["id"]
    bare_id = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
    result = downstream(
        fixture_client.python, "nulls", api.url, link=target, none=None, bare_id=bare_id
    )

    seeded = {"collectionId": q4, "expiresAt": "2026-12-31T23:59:59Z", "tags": ["a"]}
    assert bare(result["cleared"]) == link("target", "https://example.com/target", **seeded)
    assert bare(result["moved"]) == link("target", "https://example.com/moved", **seeded)
    assert bare(result["emptied"]) == link("target", "https://example.com/moved")
    (fresh,) = result["created"]
    assert bare(fresh) == link(fresh["slug"], "https://example.com/fresh")
    assert result["listed"] == result["listed_float"] == 2
    assert api.store.links[target]["title"] is None

    def refused(operation: str, field: str, message: str) -> dict[str, object]:
        return {
            "operation": operation,
            "field": field,
            "errors": [{"field": field, "message": message}],
            "is_value_error": True,
            "is_hoko_error": True,
        }

    first_refusals = result["refused"]
    assert first_refusals[0] == refused("links.list", "take", NULL_REFUSED)
    assert first_refusals[1]["field"] == "take"
    assert "greater than or equal to 1" in first_refusals[1]["errors"][0]["message"]
    assert first_refusals[2] == refused("conversion_tracking.sale", "body.currency", NULL_REFUSED)
    assert first_refusals[3] == refused("links.create", "body[0].slug", NULL_REFUSED)
    assert (first_refusals[4]["operation"], first_refusals[4]["field"]) == (
        "links.update",
        "body.tags[1]",
    )
    # A bare str where the ids belong (a type error too: test_typing.py).
    assert (first_refusals[5]["operation"], first_refusals[5]["field"]) == ("links.delete", "body")
    assert "valid list" in first_refusals[5]["errors"][0]["message"]
    # links-update names the fields null clears (title, collectionId, expiresAt): not url.
    assert first_refusals[6] == refused("links.update", "body.url", NULL_REFUSED)
    assert all(r["is_value_error"] and r["is_hoko_error"] for r in first_refusals)

    # What went out: nothing of the refused calls, and integers as integers.
    sent = [(r.method, r.query if r.method == "GET" else r.body) for r in api.requests]
    assert sent == [
        ("PATCH", {"title": None}),
        ("PATCH", {"url": "https://example.com/moved"}),
        ("PATCH", {"collectionId": None, "expiresAt": None, "tags": []}),
        ("PUT", [{"url": "https://example.com/fresh"}]),
        ("GET", {"take": ["50"]}),
        ("GET", {"take": ["2"]}),
        ("POST", [{"externalId": "ltv", "lifetimeValue": 150, "purchases": 2}]),
        # metadata is custom data: any keys, not only those the page's example shows.
        ("POST", [{"externalId": "crm", "metadata": {"source": "crm"}}]),
    ]
    assert b'"lifetimeValue":150,' in api.requests[-2].raw
