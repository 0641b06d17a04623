"""Links as links-create.md, links-get.md, links-upsert.md, links-update.md and links-delete.md
describe them, and objects shown as a real backend shows them."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from support.hoko_api import HokoAPI, ManualClock

from emulator.conftest import BAD_REQUEST, expect

LINK_NOT_FOUND = {"error": {"en": "Link not found", "ar": "الرابط غير موجود"}}
SLUG_TAKEN = {"error": {"en": "Slug already in use", "ar": "الاسم المختصر مستخدم بالفعل"}}


def delete(http: httpx.Client, path: str, body: Any) -> httpx.Response:
    return http.request("DELETE", path, json=body)


def test_create_answers_nulls_leaves_a_null_out_and_adds_an_undocumented_field(
    api: HokoAPI, http: httpx.Client
) -> None:
    """201 in request order; unset title/collectionId are null, a null expiresAt is left out,
    and every link carries workspaceId; ids and timestamps are the server's own."""
    body = [
        {"url": "https://example.com/pricing", "slug": "pricing", "title": "Pricing page"},
        {"url": "https://example.com/start", "slug": "start", "expiresAt": "2026-12-31T23:59:59Z"},
    ]
    pricing, start = expect(http.post("/api/links", json=body), 201)
    assert (pricing["slug"], start["slug"]) == ("pricing", "start")
    assert pricing["shortUrl"] == "https://hoko.to/pricing"
    assert (pricing["collectionId"], start["title"]) == (None, None)
    assert "expiresAt" not in pricing and start["expiresAt"] == "2026-12-31T23:59:59.000Z"
    assert pricing["workspaceId"] == api.store.workspace_id
    assert (pricing["tags"], pricing["clicks"]) == ([], 0)
    assert uuid.UUID(pricing["id"]).version == 4 and pricing["id"] != start["id"]
    assert pricing["createdAt"] == pricing["updatedAt"] == "2026-11-28T09:30:00.000Z"
    assert api.store.links[pricing["id"]]["title"] == "Pricing page"


def test_field_quirks_can_be_turned_off() -> None:
    """omit_fields=False shows every field (nulls included); extra_fields=False drops workspaceId."""
    with HokoAPI(omit_fields=False, extra_fields=False) as api:
        link = api.store.add_link(slug="plain")
        with httpx.Client(headers={"Authorization": "Bearer hk_all"}) as http:
            shown = expect(http.get(f"{api.url}/api/links/{link['id']}"), 200)
    assert shown["expiresAt"] is None and "workspaceId" not in shown
    assert list(shown) == [
        "id",
        "url",
        "slug",
        "shortUrl",
        "title",
        "collectionId",
        "tags",
        "clicks",
        "expiresAt",
        "createdAt",
        "updatedAt",
    ]


def test_create_without_a_slug_makes_a_random_one_and_creates_missing_tags(
    api: HokoAPI, http: httpx.Client
) -> None:
    """A random, unused slug when omitted; tags that don't exist yet become tags."""
    api.store.add_tag(name="pricing", color="#3b82f6")
    made = expect(
        http.post(
            "/api/links", json=[{"url": "https://a.example", "tags": ["pricing", "new"]}] * 2
        ),
        201,
    )
    assert made[0]["slug"] != made[1]["slug"] and all(
        re.fullmatch(r"\w{7}", m["slug"]) for m in made
    )
    tags = {tag["name"]: tag for tag in api.store.tags.values()}
    assert set(tags) == {"pricing", "new"}
    assert (tags["pricing"]["color"], tags["new"]["color"]) == ("#3b82f6", "#6b7280")


def test_a_taken_slug_is_409_and_nothing_is_created(api: HokoAPI, http: httpx.Client) -> None:
    """A slug already in use, or twice in one request, is 409 "Slug already in use"; all or none."""
    api.store.add_link(slug="pricing")
    fresh = {"url": "https://example.com/", "slug": "fresh"}
    taken = {"url": "https://example.com/", "slug": "pricing"}
    expect(http.post("/api/links", json=[fresh, taken]), 409, SLUG_TAKEN)
    expect(http.post("/api/links", json=[fresh, fresh]), 409, SLUG_TAKEN)
    assert [link["slug"] for link in api.store.links.values()] == ["pricing"]


URL = "https://example.com/"


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"url": URL},
        [{"url": URL}] * 1001,
        [{"slug": "no-url"}],
        [{"url": "not-a-url"}],
        [{"url": "ftp://example.com/file"}],
        [{"url": None}],
        [{"url": URL, "slug": ""}],
        [{"url": URL, "slug": "s" * 256}],
        [{"url": URL, "slug": None}],
        [{"url": URL, "title": "t" * 101}],
        [{"url": URL, "title": 5}],
        [{"url": URL, "collectionId": "q4"}],
        [{"url": URL, "collectionId": str(uuid.uuid4())}],
        [{"url": URL, "tags": "pricing"}],
        [{"url": URL, "tags": [""]}],
        [{"url": URL, "tags": ["t" * 51]}],
        [{"url": URL, "tags": None}],
        [{"url": URL, "expiresAt": "tomorrow"}],
        [{"url": URL, "collection_id": None}],
        [{"url": URL, "id": str(uuid.uuid4())}],
        [{"url": URL}, "https://example.com/"],
    ],
)
def test_create_refuses_what_the_page_forbids(api: HokoAPI, http: httpx.Client, body: Any) -> None:
    """Limits, types, formats, unknown fields and unknown collections are a 400; nothing is made."""
    expect(http.post("/api/links", json=body), 400, BAD_REQUEST)
    assert api.store.links == {}


def test_create_accepts_the_edges_of_its_limits(api: HokoAPI, http: httpx.Client) -> None:
    """1,000 links, a 255-character slug, a 100-character title and explicit nulls pass."""
    collection = api.store.add_collection()
    edge = {"url": URL, "slug": "s" * 255, "title": "t" * 100, "collectionId": collection["id"]}
    nulls = {"url": URL, "title": None, "collectionId": None, "expiresAt": None}
    many = [{"url": f"https://example.com/{i}"} for i in range(998)]
    made = expect(http.post("/api/links", json=[edge, nulls, *many]), 201)
    assert len(made) == 1000 and made[0]["collectionId"] == collection["id"]


def test_get_answers_the_link_400_for_a_bad_id_and_404_for_an_unknown_one(
    api: HokoAPI, http: httpx.Client
) -> None:
    """GET /api/links/{id}: the link; "pricing" is 400; an unknown UUID is 404 "Link not found"."""
    link = api.store.add_link(slug="pricing", title="Pricing", clicks=1284)
    shown = expect(http.get(f"/api/links/{link['id']}"), 200)
    assert (shown["id"], shown["title"], shown["clicks"]) == (link["id"], "Pricing", 1284)
    expect(http.get("/api/links/pricing"), 400, BAD_REQUEST)
    expect(http.get(f"/api/links/{uuid.uuid4()}"), 404, LINK_NOT_FOUND)


def test_upsert_updates_objects_with_an_id_and_creates_those_without(
    api: HokoAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """PUT answers 200 with the resulting links in request order: the updated one keeps its id,
    clicks and createdAt, and gets a new updatedAt; the other is new."""
    old = api.store.add_link(slug="pricing", clicks=7)
    clock.advance(minutes=5)
    body = [
        {"url": "https://example.com/new"},
        {"id": old["id"], "url": "https://example.com/pricing?plan=annual", "slug": "pricing"},
    ]
    made, updated = expect(http.put("/api/links", json=body), 200)
    assert made["id"] not in (old["id"], None) and made["clicks"] == 0
    assert (updated["id"], updated["url"], updated["clicks"]) == (old["id"], body[1]["url"], 7)
    assert updated["createdAt"] == "2026-11-28T09:30:00.000Z"
    assert updated["updatedAt"] == "2026-11-28T09:35:00.000Z"
    assert len(api.store.links) == 2


def test_upsert_resets_left_out_fields_and_null_clears(api: HokoAPI, http: httpx.Client) -> None:
    """ "An update replaces every field of the link. Fields you leave out are reset to their
    defaults": title, collectionId and expiresAt become null, tags empty, the slug a new one."""
    collection = api.store.add_collection()
    old = api.store.add_link(
        slug="pricing",
        title="Pricing",
        collectionId=collection["id"],
        tags=["pricing"],
        expiresAt="2027-01-01T00:00:00.000Z",
    )
    body = [{"id": old["id"], "url": "https://example.com/", "collectionId": None}]
    (updated,) = expect(http.put("/api/links", json=body), 200)
    assert (updated["title"], updated["collectionId"], updated["tags"]) == (None, None, [])
    assert "expiresAt" not in updated and api.store.links[old["id"]]["expiresAt"] is None
    assert updated["slug"] != "pricing"


@pytest.mark.parametrize(
    "item",
    [
        {"id": "not-a-uuid", "url": URL},
        {"id": "d95606a9-9cf3-4777-bc04-1e39aea9ae29", "url": URL},
        {"id": None, "url": URL},
    ],
)
def test_upsert_with_an_unknown_or_bad_id_is_400(
    api: HokoAPI, http: httpx.Client, item: dict[str, Any]
) -> None:
    """An id that is no UUID, null, or names no link is 400, and the new link beside it is not made."""
    expect(http.put("/api/links", json=[{"url": URL}, item]), 400, BAD_REQUEST)
    assert api.store.links == {}


def test_upsert_can_hand_a_slug_from_one_link_to_another(api: HokoAPI, http: httpx.Client) -> None:
    """Slugs are unique after the request, not item by item; a clash with another link is 409."""
    a, b = api.store.add_link(slug="a"), api.store.add_link(slug="b")
    swap = [{"id": a["id"], "url": URL, "slug": "b"}, {"id": b["id"], "url": URL, "slug": "a"}]
    assert [link["slug"] for link in expect(http.put("/api/links", json=swap), 200)] == ["b", "a"]
    expect(http.put("/api/links", json=[{"url": URL, "slug": "a"}]), 409, SLUG_TAKEN)


def test_patch_changes_only_the_fields_sent(
    api: HokoAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """PATCH keeps what is left out, clears what is sent as null, empties tags with []."""
    collection = api.store.add_collection()
    link = api.store.add_link(
        slug="pricing",
        title="Pricing",
        collectionId=collection["id"],
        tags=["pricing"],
        expiresAt="2027-01-01T00:00:00.000Z",
    )
    clock.advance(hours=1)
    changes: dict[str, Any] = {"title": "Pricing (annual)", "expiresAt": None, "tags": []}
    shown = expect(http.patch(f"/api/links/{link['id']}", json=changes), 200)
    assert (shown["title"], shown["tags"], shown["collectionId"]) == (
        "Pricing (annual)",
        [],
        collection["id"],
    )
    assert (shown["slug"], shown["url"]) == ("pricing", "https://example.com/")
    assert api.store.links[link["id"]]["expiresAt"] is None
    assert shown["updatedAt"] == "2026-11-28T10:30:00.000Z" != shown["createdAt"]
    cleared = expect(http.patch(f"/api/links/{link['id']}", json={"collectionId": None}), 200)
    assert (cleared["collectionId"], cleared["title"]) == (None, "Pricing (annual)")


@pytest.mark.parametrize(
    "changes",
    [
        {"url": None},
        {"slug": None},
        {"tags": None},
        {"url": "not-a-url"},
        {"slug": ""},
        {"clicks": 5},
        [{"title": "x"}],
    ],
)
def test_patch_refuses_null_where_the_page_allows_none(
    api: HokoAPI, http: httpx.Client, changes: Any
) -> None:
    """Only title, collectionId and expiresAt can be null; a bad value or field is a 400."""
    link = api.store.add_link(slug="pricing", title="Pricing")
    expect(http.patch(f"/api/links/{link['id']}", json=changes), 400, BAD_REQUEST)
    assert api.store.links[link["id"]]["title"] == "Pricing"


def test_patch_an_unknown_link_is_404_and_a_taken_slug_409(
    api: HokoAPI, http: httpx.Client
) -> None:
    """404 "Link not found" for an unknown id; 409 for another link's slug; its own slug is fine."""
    link = api.store.add_link(slug="pricing")
    api.store.add_link(slug="start")
    path = f"/api/links/{link['id']}"
    expect(http.patch(f"/api/links/{uuid.uuid4()}", json={"title": "x"}), 404, LINK_NOT_FOUND)
    expect(http.patch(path, json={"slug": "start"}), 409, SLUG_TAKEN)
    expect(http.patch(path, json={"slug": "pricing"}), 200)


def test_delete_removes_links_and_answers_their_ids(api: HokoAPI, http: httpx.Client) -> None:
    """DELETE answers {"deletedIds": [...]}; the links are gone from GET and the list."""
    a, b, c = api.store.seed_links(3)
    body = expect(delete(http, "/api/links", [a["id"], c["id"].upper()]), 200)
    assert body == {"deletedIds": [a["id"], c["id"]]}
    expect(http.get(f"/api/links/{a['id']}"), 404, LINK_NOT_FOUND)
    assert [link["id"] for link in expect(http.get("/api/links"), 200)["links"]] == [b["id"]]


def test_delete_accepts_10000_ids(api: HokoAPI, http: httpx.Client) -> None:
    """Up to 10,000 links go in one request."""
    ids = [link["id"] for link in api.store.seed_links(10_000)]
    assert expect(delete(http, "/api/links", ids), 200) == {"deletedIds": ids}
    assert api.store.links == {}


@pytest.mark.parametrize(
    "body",
    [[], ["pricing"], [str(uuid.uuid4())], None, {"ids": []}, [str(uuid.uuid4())] * 10_001],
)
def test_delete_refuses_bad_unknown_or_too_many_ids(
    api: HokoAPI, http: httpx.Client, body: Any
) -> None:
    """At least one, at most 10,000, all valid UUIDs of this workspace; else 400, nothing deleted."""
    kept = api.store.add_link()
    # A single bad id goes after a good one, to show that the good one is not deleted either.
    sent = body if not isinstance(body, list) or len(body) != 1 else [kept["id"], *body]
    expect(delete(http, "/api/links", sent), 400, BAD_REQUEST)
    assert list(api.store.links) == [kept["id"]]


def test_every_write_keeps_each_tag_once_and_creates_new_ones(
    api: HokoAPI, http: httpx.Client
) -> None:
    """POST, PUT and PATCH store a tag named twice once, and create the tags not seen before."""
    (made,) = expect(http.post("/api/links", json=[{"url": URL, "tags": ["a", "a"]}]), 201)
    put = [{"id": made["id"], "url": URL, "tags": ["b", "a", "b"]}]
    assert expect(http.put("/api/links", json=put), 200)[0]["tags"] == ["b", "a"]
    patched = expect(http.patch(f"/api/links/{made['id']}", json={"tags": ["c", "c"]}), 200)
    assert patched["tags"] == ["c"]
    assert sorted(tag["name"] for tag in api.store.tags.values()) == ["a", "b", "c"]
