"""The Hoko emulator's state (``support.hoko_api``): what a workspace holds, and how it answers.

Records are plain dicts keyed as the API spells its fields (``collectionId``), so a test reads
``api.store.links[link_id]["title"]``. Besides the documented fields a record keeps ``seq`` (its
creation order, which breaks ties between equal timestamps), ``deletedAt`` on a partner (soft
delete), and on a customer the ``clickId``/``linkId`` a lead attributed it to.

The ``add_*`` methods (and ``load``, behind ``HokoAPI(seed=...)``) put data in directly, with
the same defaults as the create endpoints; any field, ``id`` and ``createdAt`` included, can be
given (API spelling). ``seed_links(n)``, ``seed_collections(n)``, ``seed_partners(n)`` and
``seed_customers(n)`` add n objects one second apart, oldest first. Ids are random UUIDs;
timestamps come from the emulator's clock, printed as the pages print them.

How an object is shown (the ``view_*`` methods), on top of the fields the pages' examples list:

- an unset optional field is ``null`` (links-create.md's second link: ``"title": null``,
  ``"collectionId": null``);
- with ``omit_fields`` (the default), some optional fields are left out when null, as real
  serialisers do: a link's ``expiresAt``, a collection's ``description``, a partner's
  ``website``, a customer's ``avatar`` (also inside a lead's ``customer``), a sale's ``partnerId``;
- with ``extra_fields`` (the default), every object carries ``workspaceId``, a field no page
  mentions.
"""

from __future__ import annotations

import itertools
import secrets
import string
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from support.hoko_rules import format_time

__all__ = ["DEFAULT_COLOR", "SHORT_DOMAIN", "Store"]

# tags-create.md: "Defaults to \"#6b7280\"."
DEFAULT_COLOR = "#6b7280"
# The short URLs in links-create.md's example: "shortUrl": "https://hoko.to/pricing".
SHORT_DOMAIN = "https://hoko.to"
# partners-create.md: commissionRate "(default: 0.2, min: 0, max: 1)".
DEFAULT_COMMISSION = 0.2

_OMITTED_WHEN_NULL = {
    "link": {"expiresAt"},
    "collection": {"description"},
    "partner": {"website"},
    "customer": {"avatar"},
    "sale": {"partnerId"},
}
CUSTOMER_VIEW = (
    "id",
    "externalId",
    "name",
    "email",
    "avatar",
    "partnerId",
    "signedUpAt",
    "lifetimeValue",
    "purchases",
    "emailVerified",
    "tags",
    "metadata",
    "createdAt",
)
_SLUG_ALPHABET = string.ascii_letters + string.digits

Record = dict[str, Any]


class Store:
    """One workspace's links, collections, tags, partners, customers, clicks, leads and sales."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        omit_fields: bool = True,
        extra_fields: bool = True,
        workspace_id: str | None = None,
        currency: str = "usd",
    ) -> None:
        self.clock = clock
        self.omit_fields = omit_fields
        self.extra_fields = extra_fields
        self.workspace_id = workspace_id or str(uuid.uuid4())
        self.currency = currency  # analytics-summary.md: "your account currency"
        self.lock = threading.RLock()
        self.links: dict[str, Record] = {}
        self.collections: dict[str, Record] = {}
        self.tags: dict[str, Record] = {}
        self.partners: dict[str, Record] = {}
        self.customers: dict[str, Record] = {}
        self.clicks: dict[str, Record] = {}
        self.leads: list[Record] = []
        self.sales: list[Record] = []
        # Idempotency-Key -> (when it was first used, status, body).
        self.idempotency: dict[str, tuple[datetime, int, Any]] = {}
        self._seq = itertools.count(1)

    def now(self) -> str:
        return format_time(self.clock())

    def _new(self, fields: dict[str, Any], defaults: dict[str, Any]) -> Record:
        now = self.now()
        record: Record = {"id": str(uuid.uuid4()), "createdAt": now, "updatedAt": now}
        record.update(defaults)
        record.update(fields)
        record["seq"] = next(self._seq)
        return record

    # Links, collections, tags

    def random_slug(self) -> str:
        taken = self.slugs()
        while True:
            slug = "".join(secrets.choice(_SLUG_ALPHABET) for _ in range(7))
            if slug not in taken:
                return slug

    def slugs(self) -> set[str]:
        return {link["slug"] for link in self.links.values()}

    def add_link(self, **fields: Any) -> Record:
        """A new link; ``url`` defaults to https://example.com/ and ``slug`` to a random one."""
        with self.lock:
            defaults: Record = {
                "url": "https://example.com/",
                "title": None,
                "collectionId": None,
                "tags": [],
                "clicks": 0,
                "expiresAt": None,
            }
            record = self._new(fields, defaults)
            if record.get("slug") is None:
                record["slug"] = self.random_slug()
            record["tags"] = self.ensure_tags(record["tags"])
            self.links[record["id"]] = record
            return record

    def ensure_tags(self, names: Iterable[str]) -> list[str]:
        """A link's tag names, each once; links-create.md: "Tags that do not exist yet are
        created." """
        unique = list(dict.fromkeys(names))
        known = {tag["name"] for tag in self.tags.values()}
        for name in unique:
            if name not in known:
                self.add_tag(name=name)
        return unique

    def add_collection(self, **fields: Any) -> Record:
        with self.lock:
            record = self._new(fields, {"name": "Collection", "description": None})
            self.collections[record["id"]] = record
            return record

    def add_tag(self, **fields: Any) -> Record:
        with self.lock:
            record = self._new(fields, {"name": f"tag-{uuid.uuid4().hex[:8]}"})
            record.setdefault("color", DEFAULT_COLOR)
            record.pop("updatedAt", None)  # tags-list.md: a tag has no updatedAt
            self.tags[record["id"]] = record
            return record

    def view_link(self, link: Record) -> Record:
        shown = {name: link[name] for name in ("id", "url", "slug")}
        shown["shortUrl"] = f"{SHORT_DOMAIN}/{link['slug']}"
        for name in ("title", "collectionId", "tags", "clicks", "expiresAt"):
            shown[name] = link[name]
        shown["tags"] = list(link["tags"])
        return self.present("link", shown | _stamps(link))

    def view_collection(self, collection: Record) -> Record:
        count = sum(link["collectionId"] == collection["id"] for link in self.links.values())
        shown = {name: collection[name] for name in ("id", "name", "description")}
        return self.present("collection", shown | {"linkCount": count} | _stamps(collection))

    def view_tag(self, tag: Record) -> Record:
        count = sum(tag["name"] in link["tags"] for link in self.links.values())
        shown = {name: tag[name] for name in ("id", "name", "color")}
        return self.present("tag", shown | {"linkCount": count, "createdAt": tag["createdAt"]})

    # Partners and customers

    def add_partner(self, **fields: Any) -> Record:
        with self.lock:
            number = next(self._seq)
            defaults: Record = {
                "name": f"Partner {number}",
                "email": f"partner{number}@example.com",
                "website": None,
                "country": None,
                "commissionRate": DEFAULT_COMMISSION,
                "status": "active",
                "deletedAt": None,
            }
            record = self._new(fields, defaults)
            self.partners[record["id"]] = record
            return record

    def live_partners(self) -> list[Record]:
        """partners-list.md: "Deleted partners are not returned." """
        return [partner for partner in self.partners.values() if partner["deletedAt"] is None]

    def partner_by_email(self, email: str) -> Record | None:
        wanted = email.lower()
        return next((p for p in self.live_partners() if p["email"].lower() == wanted), None)

    def add_customer(self, **fields: Any) -> Record:
        with self.lock:
            number = next(self._seq)
            defaults: Record = {
                "externalId": f"user_{number}",
                "name": None,
                "email": None,
                "avatar": None,
                "partnerId": None,
                "signedUpAt": self.now(),
                "lifetimeValue": 0,
                "purchases": 0,
                "emailVerified": False,
                "tags": [],
                "metadata": None,
                "clickId": None,
                "linkId": None,
            }
            record = self._new(fields, defaults)
            record.pop("updatedAt", None)  # customers-list.md: a customer has no updatedAt
            self.customers[record["id"]] = record
            return record

    def customer_by_external_id(self, external_id: str) -> Record | None:
        customers = self.customers.values()
        return next((c for c in customers if c["externalId"] == external_id), None)

    def view_partner(self, partner: Record) -> Record:
        names = ("id", "name", "email", "website", "country", "commissionRate", "status")
        shown = {name: partner[name] for name in names}
        return self.present("partner", shown | _stamps(partner))

    def view_customer(self, customer: Record) -> Record:
        names = CUSTOMER_VIEW
        return self.present("customer", {name: customer[name] for name in names})

    # Clicks (no endpoint creates them: a visitor opening a short link does)

    def add_click(
        self,
        link_id: str,
        *,
        at: datetime | None = None,
        visitor_id: str | None = None,
        partner_id: str | None = None,
    ) -> str:
        """A click on a link, as when a visitor opens it; its click id (the hoko_id cookie)."""
        with self.lock:
            click_id = "clk_" + "".join(secrets.choice(_SLUG_ALPHABET) for _ in range(12))
            self.clicks[click_id] = {
                "id": click_id,
                "linkId": link_id,
                "at": at or self.clock(),
                "visitorId": visitor_id or click_id,
                "partnerId": partner_id,
            }
            self.links[link_id]["clicks"] += 1
            return click_id

    # Seeding many

    def load(self, seed: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
        """Objects to start with, by kind: collections, tags, partners, links, customers (in
        that order, so links can name the collections and customers the partners given)."""
        adders: dict[str, Callable[..., Record]] = {
            "collections": self.add_collection,
            "tags": self.add_tag,
            "partners": self.add_partner,
            "links": self.add_link,
            "customers": self.add_customer,
        }
        unknown = sorted(set(seed) - set(adders))
        if unknown:
            raise ValueError(f"cannot seed {', '.join(unknown)}; kinds: {', '.join(adders)}")
        for kind, add in adders.items():
            for fields in seed.get(kind, ()):
                add(**fields)

    def seed_links(self, count: int, **fields: Any) -> list[Record]:
        """``count`` links one second apart, oldest first, with slugs seed-1, seed-2, ..."""
        return [
            self.add_link(
                **{"slug": f"seed-{i}", "url": f"https://example.com/{i}", **stamp, **fields}
            )
            for i, stamp in self._stamps(count)
        ]

    def seed_collections(self, count: int, **fields: Any) -> list[Record]:
        """``count`` collections one second apart, oldest first, named Seed collection 1, 2, ..."""
        return [
            self.add_collection(**{"name": f"Seed collection {i}", **stamp, **fields})
            for i, stamp in self._stamps(count)
        ]

    def seed_partners(self, count: int, **fields: Any) -> list[Record]:
        """``count`` partners one second apart, oldest first, named Seed partner 1, 2, ..."""
        return [
            self.add_partner(**{"name": f"Seed partner {i}", **stamp, **fields})
            for i, stamp in self._stamps(count)
        ]

    def seed_customers(self, count: int, **fields: Any) -> list[Record]:
        """``count`` customers one second apart, oldest first, with externalIds seed_1, seed_2, ..."""
        return [
            self.add_customer(**{"externalId": f"seed_{i}", **stamp, **fields})
            for i, stamp in self._stamps(count)
        ]

    def _stamps(self, count: int) -> list[tuple[int, dict[str, str]]]:
        now = self.clock()
        stamps = []
        for i in range(1, count + 1):
            stamp = format_time(now - timedelta(seconds=count - i))
            stamps.append((i, {"createdAt": stamp, "updatedAt": stamp}))
        return stamps

    def present(self, kind: str, shown: Record) -> Record:
        """An object as the API shows it: nulls left out or an extra field added, as configured."""
        if self.omit_fields:
            for name in _OMITTED_WHEN_NULL.get(kind, ()):
                if name in shown and shown[name] is None:
                    del shown[name]
        if self.extra_fields:
            shown["workspaceId"] = self.workspace_id
        return shown


def _stamps(record: Record) -> Record:
    return {"createdAt": record["createdAt"], "updatedAt": record["updatedAt"]}
