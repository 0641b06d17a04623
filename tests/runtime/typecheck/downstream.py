"""A downstream project's use of every feature of the client, for `mypy --strict` only.

tests/runtime/test_typing.py type-checks this file against the package under test; it is never
run (main() makes no request), so every line is about what the types allow.
"""

from __future__ import annotations

import asyncio
import datetime
from typing import Any
from uuid import UUID

import httpx
from hoko_client_under_test import (
    NOT_GIVEN,
    APIResponse,
    APIStatusError,
    AsyncDemoClient,
    AsyncPage,
    BatchError,
    CreateLinksItem,
    DeleteLinksResponse,
    DemoClient,
    HokoError,
    LeadResponse,
    Link,
    NotGiven,
    RateLimit,
    SyncPage,
    ValidationError,
)

LINK = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"


def main() -> None:
    client = DemoClient(
        api_key="hk_live_x",
        base_url="https://hoko.to",
        timeout=30.0,
        max_retries=2,
        strict_response_validation=False,
        default_headers={"X-App": "demo"},
    )
    for link in client.links.list(take=100):
        title: str | None = link.title
        print(link.id, title)
    page: SyncPage[Link] = client.links.list(take=100, sort="clicks", collection_id=UUID(LINK))
    items: list[Link] = page.items
    if page.has_next_page():
        following: SyncPage[Link] = page.get_next_page()
        print(following.items)
    for each in page.iter_pages():
        print(len(each.items))
    total: Any = page.body.total
    print(items, total)

    one: Link = client.links.get(LINK)
    also: Link = client.links.get(UUID(LINK), timeout=httpx.Timeout(5.0))
    created: list[Link] = client.links.create(
        [{"url": "https://a.example"}, CreateLinksItem(url="https://b.example", title=None)]
    )
    client.links.update(LINK, title=None)
    client.links.update(LINK, url="https://x", collection_id=None, tags=["a", "b"])
    client.links.update(LINK, title="t", extra_body={"experimental": True})
    keep: str | NotGiven = NOT_GIVEN
    client.links.update(LINK, slug=keep, weight=50)
    lead: LeadResponse = client.conversion_tracking.lead(
        click_id="c1",
        event_name="signup",
        external_id="u1",
        customer_email=None,
        idempotency_key="k1",
    )
    deleted: DeleteLinksResponse = client.links.delete([LINK, UUID(LINK)])
    client.links.delete((LINK,))
    client.links.delete_in_batches([UUID(LINK)] * 250, batch_size=100)
    client.links.archive(LINK, timeout=None)
    print(one, also, created, lead, deleted)

    client.links.list(extra_headers={"X-Trace": "1"}, extra_query={"debug": "1"}, timeout=5.0)
    quick: DemoClient = client.with_options(timeout=5.0, max_retries=0)
    other: DemoClient = client.copy(api_key="other", base_url="http://127.0.0.1:8000")
    print(quick.links.get(LINK), other.default_headers)

    raw: APIResponse[Link] = client.links.with_raw_response.get(LINK)
    status: int = raw.status_code
    headers: httpx.Headers = raw.headers
    limit: RateLimit = raw.rate_limit
    retries: int = raw.retries_taken
    request_id: str | None = raw.request_id
    parsed: Link = raw.parse()
    raw_page: APIResponse[SyncPage[Link]] = client.links.with_raw_response.list(take=5)
    raw_none: APIResponse[None] = client.links.with_raw_response.archive(LINK)
    print(status, headers, limit, retries, request_id, parsed, raw_page.parse(), raw_none)

    as_dict: dict[str, Any] = one.to_dict()
    as_json: str = one.to_json(indent=None)
    print(as_dict, as_json)

    try:
        client.links.list(take=5000)
    except ValidationError as error:
        where: str = error.field
        problems: list[dict[str, str]] = error.errors
        print(error.operation, where, problems)
    except APIStatusError as error:
        print(error.status_code, error.request_id, error.message)
    except BatchError as error:
        print(error.completed, error.failed_batch)
    except HokoError:
        raise
    client.close()


async def amain() -> None:
    async with AsyncDemoClient(api_key="hk_live_x") as client:
        async for link in client.links.list(take=100):
            when: datetime.datetime = link.created_at
            print(when)
        page: AsyncPage[Link] = await client.links.list(take=100)
        if page.has_next_page():
            following: AsyncPage[Link] = await page.get_next_page()
            print(following.items)
        async for each in page.iter_pages():
            print(each.items)
        one: Link = await client.links.get(LINK, extra_headers={"X-Trace": "1"})
        await client.links.update(LINK, title=None)
        await client.links.delete_in_batches((LINK, UUID(LINK)), concurrency=2)
        raw: APIResponse[Link] = await client.links.with_raw_response.get(LINK)
        raw_page: APIResponse[AsyncPage[Link]] = await client.links.with_raw_response.list()
        lead: LeadResponse = await client.conversion_tracking.lead(
            click_id="c1", event_name="signup", external_id="u1"
        )
        copy: AsyncDemoClient = client.with_options(max_retries=0)
        print(one, raw.parse(), raw_page.parse().items, lead, copy)


if __name__ == "__main__":
    asyncio.run(amain())
