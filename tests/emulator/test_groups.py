"""Collections and tags as collections-create.md, collections-delete.md, collections-list.md,
tags-create.md and tags-list.md describe them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from support.hoko_api import HokoAPI

from emulator.conftest import BAD_REQUEST, expect


def test_create_collections_answers_201_with_counts(api: HokoAPI, http: httpx.Client) -> None:
    """201 in request order; a null description is left out, a given one shown; linkCount 0."""
    body = [{"name": "Podcast sponsors", "description": "Read out in ads."}, {"name": "Docs"}]
    podcast, docs = expect(http.post("/api/collections", json=body), 201)
    assert (podcast["name"], podcast["description"], podcast["linkCount"]) == (
        "Podcast sponsors",
        "Read out in ads.",
        0,
    )
    assert "description" not in docs and api.store.collections[docs["id"]]["description"] is None
    assert docs["workspaceId"] == api.store.workspace_id


@pytest.mark.parametrize(
    "body",
    [
        [],
        [{"description": "No name given"}],
        [{"name": ""}],
        [{"name": "n" * 256}],
        [{"name": "ok", "description": "d" * 501}],
        [{"name": None}],
        [{"name": "ok", "color": "#fff"}],
        [{"name": "ok"}] * 1001,
    ],
)
def test_create_collections_refuses_what_the_page_forbids(
    api: HokoAPI, http: httpx.Client, body: Any
) -> None:
    """name 1-255 characters, description at most 500, 1..1,000 collections; else 400."""
    expect(http.post("/api/collections", json=body), 400, BAD_REQUEST)
    assert api.store.collections == {}


def test_link_count_follows_the_links(api: HokoAPI, http: httpx.Client) -> None:
    """A collection's linkCount counts the links in it, as links come and go."""
    q4 = api.store.add_collection(name="Q4")
    made = expect(
        http.post("/api/links", json=[{"url": "https://a.example", "collectionId": q4["id"]}] * 3),
        201,
    )
    http.request("DELETE", "/api/links", json=[made[0]["id"]])
    (shown,) = expect(http.get("/api/collections"), 200)["collections"]
    assert shown["linkCount"] == 2


def test_deleting_a_collection_keeps_its_links_outside_any_collection(
    api: HokoAPI, http: httpx.Client
) -> None:
    """ "The links in a deleted collection are kept and no longer belong to any collection."""
    q4, docs = api.store.add_collection(), api.store.add_collection()
    link = api.store.add_link(collectionId=q4["id"])
    body = expect(http.request("DELETE", "/api/collections", json=[q4["id"]]), 200)
    assert body == {"deletedIds": [q4["id"]]}
    assert list(api.store.collections) == [docs["id"]]
    assert expect(http.get(f"/api/links/{link['id']}"), 200)["collectionId"] is None


@pytest.mark.parametrize("body", [[], ["not-a-uuid"], [str(uuid.uuid4())]])
def test_deleting_unknown_collections_is_400(api: HokoAPI, http: httpx.Client, body: Any) -> None:
    """An empty list, a bad UUID or an id of no collection is 400 (collections-delete.md)."""
    expect(http.request("DELETE", "/api/collections", json=body), 400, BAD_REQUEST)


def test_create_tags_defaults_the_color(api: HokoAPI, http: httpx.Client) -> None:
    """201 in request order; color defaults to #6b7280; a tag has no updatedAt."""
    body = [{"name": "black-friday", "color": "#ef4444"}, {"name": "social"}]
    friday, social = expect(http.post("/api/tags", json=body), 201)
    assert (friday["color"], social["color"]) == ("#ef4444", "#6b7280")
    assert (friday["linkCount"], "updatedAt" in friday) == (0, False)
    assert [tag["name"] for tag in expect(http.get("/api/tags"), 200)] == ["black-friday", "social"]


@pytest.mark.parametrize(
    "body",
    [
        [],
        [{"name": ""}],
        [{"name": "n" * 51}],
        [{"color": "#3b82f6"}],
        [{"name": "a", "color": "blue"}],
        [{"name": "a", "color": "#3b82f"}],
        [{"name": "a", "color": None}],
        [{"name": "twice"}, {"name": "twice"}],
        [{"name": "pricing"}],
        [{"name": f"t{i}"} for i in range(101)],
    ],
)
def test_create_tags_refuses_what_the_page_forbids(
    api: HokoAPI, http: httpx.Client, body: Any
) -> None:
    """name 1-50 characters and unique, a hex color, 1..100 tags; else 400, nothing made."""
    api.store.add_tag(name="pricing")
    expect(http.post("/api/tags", json=body), 400, BAD_REQUEST)
    assert [tag["name"] for tag in api.store.tags.values()] == ["pricing"]


def test_create_tags_accepts_100_tags_and_a_short_hex_color(http: httpx.Client) -> None:
    """100 tags in one request, and #rgb as well as #rrggbb."""
    body = [{"name": f"t{i:03}", "color": "#abc"} for i in range(100)]
    assert len(expect(http.post("/api/tags", json=body), 201)) == 100
