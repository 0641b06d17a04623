"""A downstream project's tests of app.py: only the installed package's public API is used
(hoko_client and hoko_client.testing), as a project depending on the client would."""

from __future__ import annotations

import pytest
from app import launch_campaign, onboard_partner, prune_campaign, retitle
from hoko_client import HokoClient, PermissionDeniedError
from hoko_client.testing import FakeHoko


@pytest.fixture
def hoko() -> FakeHoko:
    return FakeHoko(seed=False)


@pytest.fixture
def client(hoko: FakeHoko) -> HokoClient:
    return hoko.client()


def test_a_launched_campaign_can_be_pruned(hoko: FakeHoko, client: HokoClient) -> None:
    """The links a campaign created are the ones its pruning deletes, and no others."""
    launch_campaign(client, "other", ["https://example.com/keep"])
    urls = launch_campaign(client, "bf", ["https://example.com/a", "https://example.com/b"])
    assert len(urls) == 2
    deleted = prune_campaign(client, "bf")
    assert len(deleted) == 2
    assert [link.url for link in client.links.list()] == ["https://example.com/keep"]
    assert [call.method for call in hoko.calls] == ["POST", "POST", "GET", "DELETE", "GET"]


def test_pruning_an_empty_campaign_deletes_nothing(hoko: FakeHoko, client: HokoClient) -> None:
    """No link carries the tag: one list request, no delete."""
    assert prune_campaign(client, "nothing") == []
    assert [call.method for call in hoko.calls] == ["GET"]


def test_retitle_clears_a_title_with_none(client: HokoClient) -> None:
    """retitle(..., None) sends null, which clears the title; an unknown slug changes nothing."""
    client.links.create([{"url": "https://example.com/a", "slug": "spring", "title": "Spring"}])
    assert retitle(client, "spring", None) is True
    assert [link.title for link in client.links.list()] == [None]
    assert retitle(client, "autumn", "Autumn") is False


def test_onboarding_twice_keeps_one_partner(client: HokoClient) -> None:
    """The same email onboarded twice is one partner, with the later name."""
    first = onboard_partner(client, "Sara", "sara@example.com")
    second = onboard_partner(client, "Sara Nasser", "sara@example.com")
    assert first == second
    assert [(p.name, p.email) for p in client.partners.list()] == [
        ("Sara Nasser", "sara@example.com")
    ]


def test_pruning_survives_a_rate_limit(hoko: FakeHoko, client: HokoClient) -> None:
    """Hoko answers the delete with a 429 once: the client waits as asked (0 s) and retries."""
    launch_campaign(client, "bf", ["https://example.com/a"])
    hoko.fail_next("links.delete", status=429, retry_after=0)
    assert len(prune_campaign(client, "bf")) == 1
    assert [call.method for call in hoko.calls][-2:] == ["DELETE", "DELETE"]


def test_a_read_only_key_cannot_prune() -> None:
    """With a key that may only read links, pruning raises and deletes nothing."""
    hoko = FakeHoko(
        keys={"hk_ops": ["linksRead", "linksWrite"], "hk_viewer": ["linksRead"]}, seed=False
    )
    launch_campaign(hoko.client(api_key="hk_ops"), "bf", ["https://example.com/a"])
    with pytest.raises(PermissionDeniedError) as caught:
        prune_campaign(hoko.client(api_key="hk_viewer"), "bf")
    assert caught.value.missing_scopes == ["linksWrite"]
    assert len(hoko.client(api_key="hk_viewer").links.list().items) == 1
