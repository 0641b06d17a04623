"""A downstream project's own code, which takes a HokoClient: what test_app.py tests, with the
fake the client package ships (hoko_client.testing) standing in for Hoko."""

from __future__ import annotations

from collections.abc import Iterable

from hoko_client import HokoClient


def launch_campaign(client: HokoClient, campaign: str, urls: Iterable[str]) -> list[str]:
    """Short links for `urls`, tagged with the campaign; their short URLs, in order."""
    made = client.links.create([{"url": url, "tags": [campaign]} for url in urls])
    return [link.short_url for link in made]


def prune_campaign(client: HokoClient, campaign: str) -> list[str]:
    """Delete every link tagged with the campaign; the ids deleted."""
    ids = [str(link.id) for link in client.links.list(tags=campaign, take=100)]
    if not ids:
        return []
    return [str(i) for i in client.links.delete(ids).deleted_ids]


def retitle(client: HokoClient, slug: str, title: str | None) -> bool:
    """Give the link with this slug a new title (None clears it); False when there is none."""
    for link in client.links.list(search=slug):
        if link.slug == slug:
            client.links.update(link.id, title=title)
            return True
    return False


def onboard_partner(client: HokoClient, name: str, email: str) -> str:
    """Add or refresh a partner by email; their id."""
    (partner,) = client.partners.upsert([{"name": name, "email": email}])
    return str(partner.id)
