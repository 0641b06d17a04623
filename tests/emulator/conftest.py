"""A running Hoko emulator on a manual clock, and an httpx client that holds its all-scopes key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.hoko_api import ALL_SCOPES, HokoAPI, ManualClock

KEYS = {"hk_all": ALL_SCOPES, "hk_read": {"linksRead"}, "hk_none": set()}
BAD_REQUEST = {"error": {"en": "Invalid request", "ar": "طلب غير صالح"}}
BAD_QUERY = {"error": {"en": "Invalid query parameters", "ar": "معلمات الاستعلام غير صالحة"}}


@pytest.fixture
def clock() -> ManualClock:
    """The emulator's clock: 2026-11-28T09:30:00Z until a test moves it."""
    return ManualClock()


@pytest.fixture
def api(clock: ManualClock) -> Iterator[HokoAPI]:
    """The emulator with keys hk_all (every scope), hk_read (linksRead) and hk_none."""
    with HokoAPI(keys=KEYS, clock=clock) as running:
        yield running
    assert not running.errors


@pytest.fixture
def http(api: HokoAPI) -> Iterator[httpx.Client]:
    """A plain httpx client for the emulator, authenticated with hk_all."""
    with httpx.Client(base_url=api.url, headers={"Authorization": "Bearer hk_all"}) as client:
        yield client


def expect(response: httpx.Response, status: int, body: Any = None) -> Any:
    """Assert the status (and the body when given, an error body exactly); the parsed body."""
    assert response.status_code == status, response.text
    if body is not None:
        assert response.json() == body
    return response.json()
