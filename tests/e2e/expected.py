"""How the fixture API's objects come back, written by hand from the pages' prose, for the e2e
tests to hold the client's results against (as ``to_dict()`` gives them: the API's spelling,
datetimes as pydantic writes them).

Nothing here is read from a generated spec or from the pages' examples. What each default comes
from (page: sentence):

- links-create.md: a link has its ``url``, ``slug`` and the short URL on hoko.to (the host the
  pages' short links use); title, collectionId and expiresAt "Can be null" (null when not set);
  tags are a list (empty when none). A new link has no clicks.
- collections-list.md: "List the collections ... with the number of links in each".
- tags-create.md: color "Defaults to \"#6b7280\"".
- partners-create.md: commissionRate "Defaults to 0.2"; website and country "Can be null"; status
  "active" (no page lets a client set it).
- customers-create.md: signedUpAt "Defaults to the time of the request", lifetimeValue "Defaults
  to 0", name, email, avatar and partnerId "Can be null".

What the emulator adds, as a real backend does (support/hoko_store.py): ``workspaceId`` on every
object, and some null fields left out (a link's expiresAt, a collection's description, a
partner's website, a customer's avatar).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "NOW",
    "WIRE_NOW",
    "WORKSPACE",
    "collection",
    "customer",
    "link",
    "partner",
    "tag",
    "without_id",
]

# The emulator's ManualClock, as pydantic writes a UTC datetime, and as the API writes it.
NOW = "2026-11-28T09:30:00Z"
WIRE_NOW = "2026-11-28T09:30:00.000Z"
WORKSPACE = "7d3c5a4e-0b1f-4c2d-9e8a-6f5b4c3d2e1f"

Json = dict[str, Any]


def _present(shown: Json, omitted_when_null: str | None = None) -> Json:
    if omitted_when_null is not None and shown[omitted_when_null] is None:
        del shown[omitted_when_null]
    return {**shown, "workspaceId": WORKSPACE}


def link(slug: str, url: str, **fields: Any) -> Json:
    shown = {
        "url": url,
        "slug": slug,
        "shortUrl": f"https://hoko.to/{slug}",
        "title": None,
        "collectionId": None,
        "tags": [],
        "clicks": 0,
        "expiresAt": None,
        "createdAt": NOW,
        "updatedAt": NOW,
        **fields,
    }
    return _present(shown, "expiresAt")


def collection(name: str, **fields: Any) -> Json:
    shown = {
        "name": name,
        "description": None,
        "linkCount": 0,
        "createdAt": NOW,
        "updatedAt": NOW,
        **fields,
    }
    return _present(shown, "description")


def tag(name: str, **fields: Any) -> Json:
    shown = {"name": name, "color": "#6b7280", "linkCount": 0, "createdAt": NOW, **fields}
    return _present(shown)


def partner(name: str, email: str, **fields: Any) -> Json:
    shown = {
        "name": name,
        "email": email,
        "website": None,
        "country": None,
        "commissionRate": 0.2,
        "status": "active",
        "createdAt": NOW,
        "updatedAt": NOW,
        **fields,
    }
    return _present(shown, "website")


def customer(external_id: str, **fields: Any) -> Json:
    shown = {
        "externalId": external_id,
        "name": None,
        "email": None,
        "avatar": None,
        "partnerId": None,
        "signedUpAt": NOW,
        "lifetimeValue": 0,
        "purchases": 0,
        "emailVerified": False,
        "tags": [],
        "metadata": None,
        "createdAt": NOW,
        **fields,
    }
    return _present(shown, "avatar")


def without_id(found: Json, key: str = "id") -> Json:
    """``found`` without its id (a random UUID the test can't know), after checking it is one."""
    rest = dict(found)
    value = rest.pop(key)
    assert isinstance(value, str) and len(value) == 36 and value.count("-") == 4, value
    return rest
