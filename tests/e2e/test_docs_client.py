"""End to end: the client generated afresh from spec/docs (DELETE /api/partners), pip-installed in
its own venv, against the hand-written Hoko emulator, sync and async.

partners-delete.md: "Delete one or more partners (soft delete)"; "All IDs must be valid and
belong to your workspace"; 403 "API key does not have the required linksWrite scope"."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from support.hoko_api import HokoAPI

from e2e.conftest import drive
from e2e.expected import WIRE_NOW

pytestmark = pytest.mark.slow

# driver.py's raw scenario deletes this one.
DRIVER_ID = "550e8400-e29b-41d4-a716-446655440000"


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_delete_soft_deletes(docs_python: Path, api: HokoAPI, flavour: str) -> None:
    """The ids come back as sent and the partners are soft-deleted; deleting them again is a
    400 (they no longer belong to the workspace)."""
    ids = [record["id"] for record in api.store.seed_partners(3)][:2]
    result = drive(docs_python, flavour, api.url, "hk_all", ",".join(ids))

    assert result["deleted_ids"] == ids
    if flavour == "sync":
        assert result["types"] == ["UUID"]
    assert [p["deletedAt"] for p in api.store.partners.values()] == [WIRE_NOW, WIRE_NOW, None]
    (request,) = api.requests
    assert (request.method, request.path, request.body) == ("DELETE", "/api/partners", ids)
    assert request.headers["authorization"] == "Bearer hk_all"

    again = drive(docs_python, flavour, api.url, "hk_all", ",".join(ids))
    assert again["raised"] == "BadRequestError" and again["status_code"] == 400
    assert again["messages"] == {"en": "Invalid request", "ar": "طلب غير صالح"}


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_key_without_the_scope(docs_python: Path, api: HokoAPI, flavour: str) -> None:
    """A key with linksRead only gets PermissionDeniedError naming linksWrite; nothing changes."""
    (partner,) = api.store.seed_partners(1)
    result = drive(docs_python, flavour, api.url, "hk_read", partner["id"])

    assert result["raised"] == "PermissionDeniedError"
    assert result["status_code"] == 403 and result["missing_scopes"] == ["linksWrite"]
    assert partner["deletedAt"] is None


def test_raw_response(docs_python: Path, api: HokoAPI) -> None:
    """with_raw_response gives the emulator's status and rate-limit headers and the parsed ids."""
    api.store.add_partner(id=DRIVER_ID)
    result = drive(docs_python, "raw", api.url, "hk_all")

    window_ends = datetime(2026, 11, 28, 9, 31, tzinfo=timezone.utc).timestamp()
    assert result == {
        "status": 200,
        "content_type": "application/json",
        "rate_limit": [10_000, 9_999, window_ends],
        "deleted_ids": [DRIVER_ID],
    }
