"""The fake API's runtime keeps a collection's items: list (pages, filters, search, sort), get,
create, update, upsert and delete act on them as the table's roles say."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hoko_fake_under_test import (
    DEMO_LINKS,
    BadRequestError,
    DemoClient,
    DemoFake,
    FakeCollection,
    FakeRole,
    Items,
    NotFoundError,
)

from .conftest import NOW_TEXT

WINTER, PRICING = DEMO_LINKS[0]["id"], DEMO_LINKS[1]["id"]
COLLECTION = "4a022847-3bcb-4c29-8d86-f974a16417bb"
BEARER = {"Authorization": "Bearer hk_any"}


def send(fake: DemoFake, method: str, path: str, **options: Any) -> httpx.Response:
    with httpx.Client(transport=fake, base_url="https://hoko.to") as http:
        return http.request(method, path, headers=BEARER, **options)


def test_the_list_starts_with_the_examples_sorted_by_default(client: DemoClient) -> None:
    """The seeded items are the table's, sorted by the sort parameter's default (createdAt,
    ascending: this list has no order parameter), with the total."""
    answer = client.links.with_raw_response.list().http_response.json()
    assert answer == {"links": [DEMO_LINKS[1], DEMO_LINKS[0]], "total": 2}


def test_seed_false_starts_empty() -> None:
    """`seed=False` holds no items: the list is empty and a get is a 404."""
    client = DemoFake(seed=False).client()
    assert client.links.list().items == []
    with pytest.raises(NotFoundError):
        client.links.get(WINTER)


def test_take_and_skip_page_through_every_item(fake: DemoFake, client: DemoClient) -> None:
    """Five created links and the two seeded ones come back one page of three at a time,
    each page with the total of all."""
    client.links.create([{"url": f"https://example.com/{n}", "slug": f"s{n}"} for n in range(5)])
    page = client.links.list(take=3, skip=1)
    assert [link.slug for link in page.items] == ["winter-sale", "s0", "s1"]
    assert page.body.total == 7
    assert [link.slug for link in client.links.list(take=3)] == [
        "pricing",
        "winter-sale",
        "s0",
        "s1",
        "s2",
        "s3",
        "s4",
    ]
    assert [c.url.params.get("skip") for c in fake.calls[-3:]] == [None, "3", "6"]


def test_filters_search_and_sort(client: DemoClient) -> None:
    """A filter on an item field, one on a list field (pipe-separated: all of them), a search
    in any text field whatever its case, and another sort field."""
    assert [link.slug for link in client.links.list(collection_id=COLLECTION)] == ["winter-sale"]
    tagged = client.links.list(extra_query={"tags": "pricing|q4-campaign"})
    assert [link.slug for link in tagged] == ["pricing"]
    assert [link.slug for link in client.links.list(search="WINTER")] == ["winter-sale"]
    assert [link.slug for link in client.links.list(search="example.com")] == [
        "pricing",
        "winter-sale",
    ]
    assert [link.slug for link in client.links.list(sort="clicks")] == ["winter-sale", "pricing"]


def test_create_fills_what_the_request_leaves_out(client: DemoClient) -> None:
    """A new item: the fields given, documented defaults (tags: []), null for the other
    fields a request may set, a new UUID, now for the server's date-times, and the example's
    value for what else the server fills in (or must not leave null)."""
    raw = client.links.with_raw_response.create([{"url": "https://example.com/a", "title": "A"}])
    assert raw.status_code == 201
    (item,) = raw.http_response.json()
    new_id = item.pop("id")
    assert new_id not in (WINTER, PRICING, "066aeb90-e965-43b2-a230-96c50748cbda")
    assert item == {
        "url": "https://example.com/a",
        "title": "A",
        "slug": "launch",
        "collectionId": None,
        "tags": [],
        "expiresAt": None,
        "shortUrl": "https://hoko.to/launch",
        "clicks": 0,
        "createdAt": NOW_TEXT,
        "updatedAt": NOW_TEXT,
    }


def test_what_a_create_returns_a_later_list_and_get_return(client: DemoClient) -> None:
    """The created items, in request order, are listed and got as they were returned."""
    made = client.links.create(
        [
            {"url": "https://example.com/a", "slug": "a"},
            {"url": "https://example.com/b", "slug": "b"},
        ]
    )
    listed = {link.slug: link.to_dict() for link in client.links.list()}
    assert listed["a"] == made[0].to_dict()
    assert listed["b"] == made[1].to_dict()
    assert client.links.get(made[1].id).to_dict() == made[1].to_dict()


def test_update_changes_only_the_fields_given_and_null_clears(fake: DemoFake) -> None:
    """A PATCH of title only leaves url and tags; collectionId null clears it; updatedAt is
    now. An unknown id is the table's 404."""
    client = fake.client()
    updated = client.links.with_raw_response.update(WINTER, title="New", collection_id=None)
    expected = {**DEMO_LINKS[0], "title": "New", "collectionId": None, "updatedAt": NOW_TEXT}
    assert updated.http_response.json() == expected
    assert client.links.with_raw_response.get(WINTER).http_response.json() == expected
    with pytest.raises(NotFoundError) as caught:
        client.links.update("00000000-0000-4000-8000-000000000000", title="x")
    assert caught.value.message == "Link not found"


def test_upsert_updates_by_id_creates_without_and_refuses_an_unknown_id(fake: DemoFake) -> None:
    """An item with an existing id changes only what it gives; one without an id is created;
    an unknown id is a 400 that leaves every item as it was."""
    answer = send(
        fake,
        "PUT",
        "/api/links",
        json=[{"id": PRICING, "url": "https://example.com/p2"}, {"url": "https://example.com/n"}],
    )
    assert answer.status_code == 200
    changed, created = answer.json()
    assert changed == {**DEMO_LINKS[1], "url": "https://example.com/p2", "updatedAt": NOW_TEXT}
    assert created["url"] == "https://example.com/n" and created["id"] not in (WINTER, PRICING)
    before = fake.client().links.list().body.to_dict()
    unknown = send(
        fake,
        "PUT",
        "/api/links",
        json=[{"id": WINTER, "url": "https://x.io"}, {"id": COLLECTION, "url": "https://y.io"}],
    )
    assert unknown.status_code == 400
    assert unknown.headers["X-Fake-Reason"] == f"no item {COLLECTION!r} in /api/links"
    assert fake.client().links.list().body.to_dict() == before


def test_delete_removes_the_items_and_answers_their_ids(client: DemoClient) -> None:
    """The deleted ids come back as sent; the items are gone from the list and from get."""
    result = client.links.delete([WINTER])
    assert [str(i) for i in result.deleted_ids] == [WINTER]
    assert [link.slug for link in client.links.list()] == ["pricing"]
    with pytest.raises(NotFoundError):
        client.links.get(WINTER)


def test_delete_of_an_unknown_id_is_400_and_removes_nothing(client: DemoClient) -> None:
    """One unknown id among known ones refuses the whole request."""
    with pytest.raises(BadRequestError):
        client.links.delete([WINTER, COLLECTION])
    assert len(client.links.list().items) == 2


def test_delete_one_by_path(fake: DemoFake) -> None:
    """DELETE of one item's path removes it; a second time it is a 404."""
    assert send(fake, "DELETE", f"/api/links/{WINTER}").status_code == 204
    assert send(fake, "DELETE", f"/api/links/{WINTER}").status_code == 404
    assert [link.slug for link in fake.client().links.list()] == ["pricing"]


def test_delete_in_a_collection_nobody_lists_answers_the_ids_given(fake: DemoFake) -> None:
    """/api/partners has no list or get: its delete cannot know the items and answers with
    the ids it was sent, not the example's."""
    ids = ["550e8400-e29b-41d4-a716-446655440000", COLLECTION]
    response = send(fake, "DELETE", "/api/partners", json=ids)
    assert response.status_code == 200
    assert response.json() == {"deletedIds": ids}


def test_an_operation_without_a_role_answers_its_example(client: DemoClient) -> None:
    """The lead operation keeps no items: its answer is the table's example, whatever was sent."""
    lead = client.conversion_tracking.with_raw_response.lead(
        click_id="clk_other", event_name="Trial", external_id="u9"
    )
    assert lead.http_response.json() == {
        "eventId": "a074281f-972a-446e-931b-9cba45b5d65f",
        "eventName": "Sign up",
        "clickId": "clk_8xJ2mQ4vR7nP",
        "customer": {"id": PRICING, "externalId": "user_10482"},
        "createdAt": "2026-11-28T09:30:00.000Z",
    }


def test_answers_are_copies(client: DemoClient) -> None:
    """Changing what one answer returned changes neither the items nor the next answer."""
    first = client.links.get(WINTER)
    first.tags.append("changed")  # type: ignore[union-attr]
    assert client.links.get(WINTER).tags == ["q4-campaign"]


def test_two_fakes_keep_their_own_items() -> None:
    """Items deleted in one fake are still in another."""
    one, two = DemoFake(), DemoFake()
    one.client().links.delete([WINTER])
    assert len(two.client().links.list().items) == 2


def test_a_numbered_collection_gives_the_next_number() -> None:
    """With an integer key, a new item takes one more than the highest key held (1 when none)."""
    spec = FakeCollection("/pets", "id", required=("id",), numbered=True)
    role = FakeRole("create", "/pets", fields=("name",))
    pets = Items(spec, [{"id": 7, "name": "Rex"}], {}, lambda: NOW_TEXT)
    assert pets.create(role, [{"name": "Bo"}, {"name": "Io"}]) == [
        {"id": 8, "name": "Bo"},
        {"id": 9, "name": "Io"},
    ]
    assert Items(spec, [], {}, lambda: NOW_TEXT).create(role, {"name": "Al"}) == {
        "id": 1,
        "name": "Al",
    }
