"""_models: the model base and the encoders for bodies, query strings and paths."""

from __future__ import annotations

import datetime
import enum
import json
import uuid

import pydantic
import pytest
from hoko_client_under_test import (
    NewPartner,
    Partner,
    PartnerIds,
    encode_body,
    encode_params,
    encode_path,
)
from support.server import ScriptedServer

from .conftest import RecordingClient


class Color(enum.Enum):
    RED = "red"


def test_model_keeps_unknown_fields_and_accepts_names_or_aliases() -> None:
    """HokoModel keeps fields the client does not know and takes either spelling of a name."""
    by_alias = Partner.model_validate({"id": "p1", "name": "A", "commissionRate": 0.1, "tier": 2})
    by_name = Partner(id="p1", name="A", commission_rate=0.1)
    assert by_alias.commission_rate == by_name.commission_rate == 0.1
    assert by_alias.model_extra == {"tier": 2}


def test_encode_body_uses_aliases_and_leaves_out_unset_and_none() -> None:
    """Bodies are JSON by alias, without fields that were not set or were None."""
    assert json.loads(encode_body(NewPartner, {"name": "A", "commissionRate": 0.2})) == {
        "name": "A",
        "commissionRate": 0.2,
    }
    assert json.loads(encode_body(NewPartner, NewPartner(name="A", commission_rate=None))) == {
        "name": "A"
    }


def test_encode_body_of_a_root_model_is_a_json_array() -> None:
    """A RootModel body takes plain lists, of strings or UUIDs, and sends an array."""
    first = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
    body = encode_body(PartnerIds, [first, "6ba7b810-9dad-11d1-80b4-00c04fd430c8"])
    assert json.loads(body) == [str(first), "6ba7b810-9dad-11d1-80b4-00c04fd430c8"]
    assert encode_body(PartnerIds, PartnerIds([first])) == f'["{first}"]'.encode()


def test_encode_body_takes_ten_thousand_ids() -> None:
    """10,000 UUID strings validate and encode in one call (benchmarks/ times it; a shared
    machine makes a timing assertion here flaky)."""
    ids = [str(uuid.uuid4()) for _ in range(10_000)]
    body = encode_body(PartnerIds, ids)
    assert json.loads(body) == ids


def test_invalid_body_raises_before_any_request(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A body that fails validation raises ValidationError (a ValueError) and sends nothing."""
    with pytest.raises(pydantic.ValidationError) as caught:
        client.partners.delete(["550e8400-e29b-41d4-a716-446655440000", "invalid-id"])
    assert isinstance(caught.value, ValueError)
    assert server.requests == []


def test_encode_params_spells_values_as_the_api_does() -> None:
    """None is dropped, booleans are true/false, enums, UUIDs and dates are strings."""
    partner = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
    params = encode_params(
        {
            "skip": 0,
            "search": None,
            "active": True,
            "archived": False,
            "color": Color.RED,
            "partner": partner,
            "since": datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.timezone.utc),
            "day": datetime.date(2026, 11, 28),
            "ids": ["a", None, partner],
            "tags": ("x",),
        }
    )
    assert params == {
        "skip": "0",
        "active": "true",
        "archived": "false",
        "color": "red",
        "partner": str(partner),
        "since": "2026-11-28T09:30:00+00:00",
        "day": "2026-11-28",
        "ids": ["a", str(partner)],
        "tags": ["x"],
    }


def test_encode_path_percent_encodes_every_reserved_character() -> None:
    """Path values are quoted whole: a slash or space cannot change the route."""
    path = encode_path("/api/partners/{id}/links", {"id": "a/b c?d#e"}, "partners.links")
    assert path == "/api/partners/a%2Fb%20c%3Fd%23e/links"
    assert encode_path("/api/x/{flag}", {"flag": True}, "x") == "/api/x/true"


@pytest.mark.parametrize("value", ["", ".", "..", None])
def test_encode_path_refuses_values_that_address_another_resource(value: object) -> None:
    """Empty, dot and dot-dot path values (and missing ones) raise instead of going elsewhere."""
    with pytest.raises(ValueError, match=r"partners\.get: .*path parameter 'id'"):
        encode_path("/api/partners/{id}", {"id": value}, "partners.get")
