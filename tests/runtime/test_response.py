"""_response: rate-limit headers, parsing a 2xx, and bodies that are not what the docs say."""

from __future__ import annotations

import datetime

import httpx
import pytest
from hoko_client_under_test import APIResponseValidationError, Partner, RateLimit
from support.server import Reply, ScriptedServer

from .conftest import RecordingClient

PARTNER = {"id": "p1", "name": "Acme"}


def test_rate_limit_reads_headers_case_insensitively() -> None:
    """RateLimit takes the three X-RateLimit headers whatever their case."""
    headers = {"x-ratelimit-limit": "100", "X-RATELIMIT-REMAINING": "7", "X-RateLimit-Reset": "30"}
    assert RateLimit.from_headers(headers) == RateLimit(limit=100, remaining=7, reset=30.0)


def test_rate_limit_fields_are_none_when_missing_or_garbled() -> None:
    """Absent or unparsable rate-limit headers give None instead of raising."""
    headers = httpx.Headers({"X-RateLimit-Limit": "lots", "X-RateLimit-Reset": "nan"})
    assert RateLimit.from_headers(headers) == RateLimit(limit=None, remaining=None, reset=None)


def test_api_response_exposes_the_reply_and_caches_the_parse(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """APIResponse gives status, headers, rate limit and elapsed; parse() runs once."""
    limits = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "1"}
    server.enqueue("/api/partners/p1", Reply(json=PARTNER, headers=limits))
    response = client.partners.get_raw("p1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.rate_limit == RateLimit(limit=60, remaining=59, reset=1.0)
    assert isinstance(response.elapsed, datetime.timedelta)
    parsed = response.parse()
    assert isinstance(parsed, Partner) and parsed.name == "Acme"
    assert response.parse() is parsed
    assert repr(response) == "<APIResponse [200 OK]>"


def test_malformed_json_raises_validation_error_with_the_raw_body(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A 2xx whose JSON is cut off raises APIResponseValidationError holding the raw text."""
    server.enqueue("/api/partners", Reply.malformed_json())
    with pytest.raises(APIResponseValidationError) as caught:
        client.partners.delete(["550e8400-e29b-41d4-a716-446655440000"])
    error = caught.value
    assert error.status_code == 200
    assert error.body == '{"deletedIds": ["550e8400'
    assert "does not match DeleteResult" in error.message
    assert len(server.requests) == 1


def test_body_of_the_wrong_shape_names_the_field(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """A 2xx JSON body missing a documented field raises, naming the field and the model."""
    server.enqueue("/api/partners/p1", Reply(json={"id": "p1"}))
    with pytest.raises(APIResponseValidationError, match=r"Partner: name: Field required"):
        client.partners.get("p1")


def test_operation_without_a_model_parses_to_none(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """An operation documented without a response body parses to None, whatever came back."""
    server.enqueue("/api/partners/touch", Reply(204))
    assert client.partners.touch() is None
