"""hoko_client.testing of the committed package (spec/docs: DELETE /api/partners), run in a
virtual environment where only that package is installed.

Every expected value is written here from spec/docs/partners-delete.md: the scope ("Requires
authentication with an API key that has the linksWrite scope."), the limit ("You can delete up
to 10,000 partners in a single request."; "at least one valid partner ID"), and the bodies of
### 400, ### 401, ### 403 and ### 429.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from uuid import UUID, uuid4

import httpx
import pytest
from hoko_client import (
    APITimeoutError,
    AuthenticationError,
    HokoClient,
    PermissionDeniedError,
    RateLimitError,
)
from hoko_client.testing import FakeHoko

DOCUMENTED_ID = "550e8400-e29b-41d4-a716-446655440000"
INVALID_REQUEST = {"error": {"en": "Invalid request", "ar": "طلب غير صالح"}}
INVALID_KEY = {"error": {"en": "Invalid API key", "ar": "مفتاح API غير صالح"}}
MISSING_SCOPES = {
    "error": {"en": "Missing required scopes", "ar": "الصلاحيات المطلوبة مفقودة"},
    "missingScopes": ["linksWrite"],
}
RATE_LIMITED = {"en": "Rate limit exceeded", "ar": "تم تجاوز حد المعدل"}


def delete(fake: FakeHoko, body: object, key: str = "hk_any") -> httpx.Response:
    """DELETE /api/partners sent with httpx itself, past the client's own checks."""
    with httpx.Client(transport=fake, base_url="https://hoko.to") as http:
        return http.request(
            "DELETE", "/api/partners", json=body, headers={"Authorization": f"Bearer {key}"}
        )


def test_importing_the_client_does_not_import_the_fake() -> None:
    """`import hoko_client` loads neither hoko_client.testing nor its runtime."""
    probe = "import sys, hoko_client; print(sorted(m for m in sys.modules if 'testing' in m))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_delete_answers_the_ids_it_was_sent() -> None:
    """The documented answer's shape, {"deletedIds": [...]}, with the ids of this request."""
    other = str(uuid4())
    result = FakeHoko().client().partners.delete([DOCUMENTED_ID, other])
    assert result.deleted_ids == [UUID(DOCUMENTED_ID), UUID(other)]


def test_a_client_built_by_hand_on_the_transport() -> None:
    """HokoClient(http_client=httpx.Client(transport=fake)) works like fake.client()."""
    fake = FakeHoko()
    client = HokoClient(api_key="hk_mine", http_client=httpx.Client(transport=fake))
    client.partners.delete([DOCUMENTED_ID])
    assert fake.calls[0].headers["Authorization"] == "Bearer hk_mine"
    assert fake.calls[0].url == "https://hoko.to/api/partners"


def test_a_key_without_links_write_gets_the_documented_403() -> None:
    """A key holding only linksRead is refused with ### 403's body."""
    fake = FakeHoko(keys={"hk_read": ["linksRead"]})
    with pytest.raises(PermissionDeniedError) as caught:
        fake.client(api_key="hk_read").partners.delete([DOCUMENTED_ID])
    assert caught.value.status_code == 403
    assert caught.value.body == MISSING_SCOPES
    assert caught.value.missing_scopes == ["linksWrite"]


def test_an_unknown_key_gets_the_documented_401() -> None:
    """A key the fake was not given is refused with ### 401's body; a known one passes."""
    fake = FakeHoko(keys={"hk_write": ["linksWrite"]})
    with pytest.raises(AuthenticationError) as caught:
        fake.client(api_key="hk_other").partners.delete([DOCUMENTED_ID])
    assert caught.value.body == INVALID_KEY
    assert delete(fake, [DOCUMENTED_ID], key="hk_write").status_code == 200


@pytest.mark.parametrize(
    "body",
    [[], ["invalid-id"], [str(uuid4()) for _ in range(10_001)], {"ids": [DOCUMENTED_ID]}],
    ids=["none", "invalid-id", "10001-ids", "an-object"],
)
def test_bodies_the_docs_refuse_get_the_documented_400(body: object) -> None:
    """No id, the page's own invalid example, 10,001 ids, or no array at all: ### 400's body."""
    response = delete(FakeHoko(), body)
    assert response.status_code == 400
    assert response.json() == INVALID_REQUEST


def test_ten_thousand_ids_are_accepted() -> None:
    """10,000 ids, the documented most, are deleted in one request."""
    ids = [str(uuid4()) for _ in range(10_000)]
    response = delete(FakeHoko(), ids)
    assert response.status_code == 200
    assert response.json() == {"deletedIds": ids}


def test_delete_in_batches_sends_at_most_ten_thousand_a_request() -> None:
    """10,001 ids go as two requests of 10,000 and 1; the answers are merged."""
    fake = FakeHoko()
    ids = [str(uuid4()) for _ in range(10_001)]
    result = fake.client().partners.delete_in_batches(ids)
    assert len(result.deleted_ids) == 10_001
    assert [len(json.loads(call.content)) for call in fake.calls] == [10_000, 1]
    assert json.loads(fake.calls[1].content) == [ids[-1]]


def test_a_rate_limit_asked_for_is_retried() -> None:
    """fail_next answers ### 429's body with retryAfter 0 once; the client retries and the
    second request is answered."""
    fake = FakeHoko()
    fake.fail_next("partners.delete", status=429, retry_after=0)
    answer = delete(fake, [DOCUMENTED_ID])
    assert answer.status_code == 429
    assert answer.json() == {"error": RATE_LIMITED, "retryAfter": 0}
    fake.fail_next("partners.delete", status=429, retry_after=0)
    assert fake.client().partners.delete([DOCUMENTED_ID]).deleted_ids == [UUID(DOCUMENTED_ID)]
    assert len(fake.calls) == 3


def test_a_rate_limit_longer_than_the_client_waits_is_raised() -> None:
    """A 429 asking for an hour is over max_retry_wait: RateLimitError, with the wait."""
    fake = FakeHoko()
    fake.fail_next("partners.delete", status=429, retry_after=3600)
    with pytest.raises(RateLimitError) as caught:
        fake.client().partners.delete([DOCUMENTED_ID])
    assert caught.value.retry_after == 3600


def test_a_timeout_asked_for_is_raised() -> None:
    """fail_next(timeout=True) reaches the client as APITimeoutError (no retries asked)."""
    fake = FakeHoko()
    fake.fail_next("partners.delete", timeout=True)
    with pytest.raises(APITimeoutError):
        fake.client(max_retries=0).partners.delete([DOCUMENTED_ID])


def test_the_async_client() -> None:
    """fake.async_client() deletes as the blocking one does, and is refused the same way."""
    fake = FakeHoko(keys={"hk_write": ["linksWrite"], "hk_read": ["linksRead"]})

    async def scenario() -> tuple[list[UUID], list[str]]:
        async with fake.async_client(api_key="hk_write") as client:
            result = await client.partners.delete([DOCUMENTED_ID])
        async with fake.async_client(api_key="hk_read") as client:
            try:
                await client.partners.delete([DOCUMENTED_ID])
            except PermissionDeniedError as error:
                return result.deleted_ids, error.missing_scopes
        raise AssertionError("the read-only key was not refused")

    assert asyncio.run(scenario()) == ([UUID(DOCUMENTED_ID)], ["linksWrite"])
