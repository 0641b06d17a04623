"""The Hoko emulator's links, collections and tags endpoints (``support.hoko_api``).

What each rule comes from (page: sentence):

- links-list.md: take "(default: 50, min: 1, max: 10,000)"; skip "(default: 0, min: 0)";
  sort "Defaults to "createdAt"" with the four `## Sort Fields`; order ""asc" for oldest first,
  "desc" for newest first. Defaults to "desc""; search "Only return links whose slug, title or
  destination URL contains this text (max 100 characters)" (read case-insensitively); tags "Only
  return links that carry all of these tags. Separate tag names with a pipe"; collectionId "Only
  return links in this collection"; "total tells you how many links match". Ties in the sort
  field keep creation order (reversed with "desc").
- links-get.md: "Invalid link ID (not a UUID)" is 400; "No link with this ID exists in your
  workspace" is 404 "Link not found".
- links-create.md: "You can create up to 1,000 links in a single request", "at least one";
  url required; slug "(1-255 characters). A random slug is generated when omitted."; title
  "(max 100 characters). Can be null."; collectionId, expiresAt "Can be null."; tags "Tags that do
  not exist yet are created." (a tag name is held to tags-create.md's "(1-50 characters)");
  "Slugs must be unique across your workspace." and ### 409 "A link with one of the requested
  slugs already exists." (also for two equal slugs in one request). A collectionId that names no
  collection is a 400 (the docs are silent; a backend with a foreign key refuses it).
- links-upsert.md: "Objects with an id update that link; objects without one create a new link.
  Returns the resulting links in request order."; 400 for an "unknown link ID"; "An update
  replaces every field of the link. Fields you leave out are reset to their defaults" (title,
  collectionId, expiresAt to null, tags to [], slug to a new random one); clicks and createdAt
  stay. A slug clash is the 409 of links-create.md (this page lists no status for it).
- links-update.md: "Only the fields present in the request body change; the others keep their
  current values."; "Send null to clear title, collectionId or expiresAt. Send an empty array to
  remove all tags." (null for url, slug or tags is a 400); 404 "Link not found"; a slug clash is
  the 409 of links-create.md.
- links-delete.md: "up to 10,000", "at least one valid link ID", "All IDs must be valid and
  belong to your workspace" (else 400: "IDs not found in your workspace"); answers
  ``{"deletedIds": [...]}``. Links are removed.
- collections-list.md: take/skip as for links; search "whose name contains this text (max 100
  characters)"; each with its linkCount. The page states no order: newest first, as the others.
- collections-create.md: "up to 1,000"; name "(1-255 characters)"; description "(max 500
  characters). Can be null."; 201.
- collections-delete.md: "up to 10,000"; "The links in a deleted collection are kept and no
  longer belong to any collection." (their collectionId becomes null).
- tags-list.md: "Tags are returned in alphabetical order.", a bare array, each with linkCount.
- tags-create.md: "up to 100 tags"; name "(1-50 characters). Must be unique in your workspace."
  (a taken name is a 400: "a name that already exists"); color "Hex color code" (#rgb or
  #rrggbb), "Defaults to \"#6b7280\"".
"""

from __future__ import annotations

from typing import Any

from support.hoko_rules import (
    ApiError,
    Call,
    Field,
    bad_request,
    check_array,
    check_fields,
    check_ids,
)
from support.hoko_store import Record, Store

__all__ = [
    "create_collections",
    "create_links",
    "create_tags",
    "delete_collections",
    "delete_links",
    "get_link",
    "list_collections",
    "list_links",
    "list_tags",
    "update_link",
    "upsert_links",
]

LINK_NOT_FOUND = ("Link not found", "الرابط غير موجود")
SLUG_TAKEN = ("Slug already in use", "الاسم المختصر مستخدم بالفعل")

LINK_FIELDS = {
    "url": Field("url", required=True),
    "slug": Field("text", minimum=1, maximum=255),
    "title": Field("text", nullable=True, maximum=100),
    "collectionId": Field("uuid", nullable=True),
    "tags": Field("strings", item_min=1, item_max=50),
    "expiresAt": Field("time", nullable=True),
}
UPSERT_FIELDS = {"id": Field("uuid"), **LINK_FIELDS}
PATCH_FIELDS = {**LINK_FIELDS, "url": Field("url")}
COLLECTION_FIELDS = {
    "name": Field("text", required=True, minimum=1, maximum=255),
    "description": Field("text", nullable=True, maximum=500),
}
TAG_FIELDS = {
    "name": Field("text", required=True, minimum=1, maximum=50),
    "color": Field("text", pattern=r"#(?:[0-9a-fA-F]{3}){1,2}"),
}
SORT_FIELDS = ("createdAt", "updatedAt", "clicks", "slug")
Answer = tuple[int, Any]


def page(records: list[Record], call: Call) -> tuple[list[Record], int]:
    """take/skip as every list page documents them: the slice and the number that match."""
    take = call.query.integer("take", default=50, minimum=1, maximum=10_000)
    skip = call.query.integer("skip", default=0, minimum=0)
    return records[skip : skip + take], len(records)


def newest_first(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda record: (record["createdAt"], record["seq"]), reverse=True)


def list_links(store: Store, call: Call) -> Answer:
    query = call.query
    sort = query.choice("sort", SORT_FIELDS, "createdAt")
    order = query.choice("order", ("asc", "desc"), "desc")
    search = query.text("search", maximum=100)
    tags = [name for name in (query.text("tags") or "").split("|") if name]
    collection_id = query.uuid("collectionId")
    links = list(store.links.values())
    if search is not None:
        needle = search.casefold()
        fields = ("slug", "title", "url")
        links = [ln for ln in links if any(needle in (ln[f] or "").casefold() for f in fields)]
    links = [link for link in links if all(name in link["tags"] for name in tags)]
    if collection_id is not None:
        links = [link for link in links if link["collectionId"] == collection_id]
    links.sort(key=lambda link: (link[sort], link["seq"]), reverse=order == "desc")
    shown, total = page(links, call)
    return 200, {"links": [store.view_link(link) for link in shown], "total": total}


def _find_link(store: Store, call: Call) -> Record:
    link = store.links.get(call.path_id())
    if link is None:
        raise ApiError(404, LINK_NOT_FOUND, f"no link {call.params['id']}")
    return link


def get_link(store: Store, call: Call) -> Answer:
    return 200, store.view_link(_find_link(store, call))


def _check_collection(store: Store, fields: dict[str, Any]) -> None:
    collection_id = fields.get("collectionId")
    if collection_id is not None and collection_id not in store.collections:
        raise bad_request(f"no collection {collection_id}")


def _check_slugs(slugs: list[str], taken: set[str]) -> None:
    if len(set(slugs)) != len(slugs) or taken.intersection(slugs):
        raise ApiError(409, SLUG_TAKEN, f"a slug among {slugs} is already in use")


def _link_items(store: Store, call: Call, fields: dict[str, Field]) -> list[dict[str, Any]]:
    items = check_array(call.body, maximum=1_000, what="links")
    checked = [check_fields(item, fields, f"body[{i}]") for i, item in enumerate(items)]
    for item in checked:
        _check_collection(store, item)
    return checked


def create_links(store: Store, call: Call) -> Answer:
    items = _link_items(store, call, LINK_FIELDS)
    _check_slugs([item["slug"] for item in items if "slug" in item], store.slugs())
    created = [store.add_link(**item) for item in items]
    return 201, [store.view_link(link) for link in created]


def upsert_links(store: Store, call: Call) -> Answer:
    items = _link_items(store, call, UPSERT_FIELDS)
    ids = [item["id"] for item in items if "id" in item]
    if len(set(ids)) != len(ids):
        raise bad_request("the same link id is given twice")
    unknown = [link_id for link_id in ids if link_id not in store.links]
    if unknown:
        raise bad_request(f"unknown link ids: {unknown}")
    kept = {link["slug"] for link in store.links.values() if link["id"] not in ids}
    _check_slugs([item["slug"] for item in items if "slug" in item], kept)
    results = []
    for item in items:
        if "id" not in item:
            results.append(store.add_link(**item))
            continue
        link = store.links[item["id"]]
        link["slug"] = None  # frees the old slug for the random one below
        link.update(
            url=item["url"],
            slug=item["slug"] if "slug" in item else store.random_slug(),
            title=item.get("title"),
            collectionId=item.get("collectionId"),
            tags=item.get("tags", []),
            expiresAt=item.get("expiresAt"),
            updatedAt=store.now(),
        )
        link["tags"] = store.ensure_tags(link["tags"])
        results.append(link)
    return 200, [store.view_link(link) for link in results]


def update_link(store: Store, call: Call) -> Answer:
    call.path_id()
    changes = check_fields(call.body, PATCH_FIELDS)
    link = _find_link(store, call)
    _check_collection(store, changes)
    if "slug" in changes:
        _check_slugs([changes["slug"]], store.slugs() - {link["slug"]})
    if changes:
        link.update(changes, updatedAt=store.now())
        link["tags"] = store.ensure_tags(link["tags"])
    return 200, store.view_link(link)


def _check_known(ids: list[str], known: dict[str, Record], what: str) -> None:
    missing = [value for value in ids if value not in known]
    if missing:
        raise bad_request(f"{what} not found in the workspace: {missing}")


def delete_links(store: Store, call: Call) -> Answer:
    ids = check_ids(call.body, maximum=10_000, what="link IDs")
    _check_known(ids, store.links, "links")
    for link_id in ids:
        del store.links[link_id]
    return 200, {"deletedIds": ids}


def list_collections(store: Store, call: Call) -> Answer:
    search = call.query.text("search", maximum=100)
    collections = newest_first(list(store.collections.values()))
    if search is not None:
        needle = search.casefold()
        collections = [c for c in collections if needle in c["name"].casefold()]
    shown, total = page(collections, call)
    return 200, {"collections": [store.view_collection(c) for c in shown], "total": total}


def create_collections(store: Store, call: Call) -> Answer:
    items = check_array(call.body, maximum=1_000, what="collections")
    checked = [check_fields(item, COLLECTION_FIELDS, f"body[{i}]") for i, item in enumerate(items)]
    created = [store.add_collection(**item) for item in checked]
    return 201, [store.view_collection(collection) for collection in created]


def delete_collections(store: Store, call: Call) -> Answer:
    ids = check_ids(call.body, maximum=10_000, what="collection IDs")
    _check_known(ids, store.collections, "collections")
    for collection_id in ids:
        del store.collections[collection_id]
    for link in store.links.values():
        if link["collectionId"] in ids:
            link["collectionId"] = None
    return 200, {"deletedIds": ids}


def list_tags(store: Store, call: Call) -> Answer:
    tags = sorted(store.tags.values(), key=lambda tag: (tag["name"].casefold(), tag["name"]))
    return 200, [store.view_tag(tag) for tag in tags]


def create_tags(store: Store, call: Call) -> Answer:
    items = check_array(call.body, maximum=100, what="tags")
    checked = [check_fields(item, TAG_FIELDS, f"body[{i}]") for i, item in enumerate(items)]
    names = [item["name"] for item in checked]
    taken = {tag["name"] for tag in store.tags.values()}
    if len(set(names)) != len(names) or taken.intersection(names):
        raise bad_request(f"a tag name among {names} already exists")
    created = [store.add_tag(**item) for item in checked]
    return 201, [store.view_tag(tag) for tag in created]
