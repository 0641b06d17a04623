"""How a downstream project shapes its calls and reads what happened: per-call options, client
copies, raw responses, every documented error, retries after a 429, and batched calls."""

from __future__ import annotations

import asyncio
from uuid import UUID

import httpx
from common import KEY, Json, dicts, failure, refusal
from hoko_client import (
    APIResponse,
    APITimeoutError,
    AsyncHokoClient,
    AuthenticationError,
    BadRequestError,
    BatchError,
    ConflictError,
    HokoClient,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SyncPage,
    ValidationError,
)
from hoko_client.types import Link

__all__ = ["batches", "errors", "options", "rate_limited", "raw", "retried", "server_errors"]

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def options(base_url: str, args: Json) -> Json:
    """extra_headers/extra_query/extra_body/timeout on one call; with_options and copy."""
    out: Json = {}
    headers = {"X-App": "downstream", "X-Env": "test"}
    with HokoClient(api_key=KEY, base_url=base_url, default_headers=headers) as client:
        page = client.links.list(
            take=2,
            extra_query={"order": "asc"},
            extra_headers={"X-App": "override", "X-Trace": "trace-1"},
            timeout=10.0,
        )
        out["oldest"] = [link.slug for link in page.items]
        out["extra_body"] = client.links.update(
            args["link"], title="Renamed", extra_body={"slug": "via-extra-body"}
        ).to_dict()
        patient = client.with_options(max_retries=0)
        try:
            patient.tags.list(timeout=0.2)
            out["per_call_timeout"] = "no error"
        except APITimeoutError as exc:
            out["per_call_timeout"] = type(exc).__name__
        hasty = client.with_options(timeout=httpx.Timeout(0.2), max_retries=0)
        try:
            hasty.collections.list()
            out["client_timeout"] = "no error"
        except APITimeoutError as exc:
            out["client_timeout"] = type(exc).__name__
        reader = client.copy(api_key="hk_read", default_headers={"X-Env": "copy"})
        out["reader_sees"] = len(reader.links.list(take=1).items)
        try:
            reader.links.delete([args["link"]])
            out["reader_deletes"] = "no error"
        except PermissionDeniedError as exc:
            out["reader_deletes"] = {**failure(exc), "missing_scopes": exc.missing_scopes}
        out["original_key_still_writes"] = client.links.get(args["link"]).slug
    return out


def raw(base_url: str, args: Json) -> Json:
    """with_raw_response: status, headers, request id, rate limit, retries, then parse()."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        one: APIResponse[Link] = client.links.with_raw_response.get(args["link"])
        link = one.parse()
        listed: APIResponse[SyncPage[Link]] = client.links.with_raw_response.list(take=1)
        created = client.tags.with_raw_response.create([{"name": "raw"}])
    rate = one.rate_limit
    return {
        "status": one.status_code,
        "content_type": one.headers.get("content-type"),
        "request_id": one.request_id,
        "retries_taken": one.retries_taken,
        "rate_limit": [rate.limit, rate.remaining, rate.reset],
        "link": link.to_dict(),
        "parsed_once": one.parse() is link,
        "page": [type(listed.parse()).__name__, len(listed.parse().items)],
        "created": [created.status_code, dicts(created.parse())],
        "async": asyncio.run(_raw_async(base_url, args["link"])),
    }


async def _raw_async(base_url: str, link: str) -> Json:
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        response = await client.links.with_raw_response.get(UUID(link))
        return {"status": response.status_code, "slug": response.parse().slug}


def errors(base_url: str, args: Json) -> Json:
    """401, 403, 404, 409 and 400, each caught by its own class."""
    out: Json = {}
    with HokoClient(api_key="hk_wrong", base_url=base_url, max_retries=0) as stranger:
        try:
            stranger.links.list()
        except AuthenticationError as exc:
            out["401"] = failure(exc)
    with HokoClient(api_key="hk_read", base_url=base_url, max_retries=0) as reader:
        try:
            reader.tags.create([{"name": "nope"}])
        except PermissionDeniedError as exc:
            out["403"] = {**failure(exc), "missing_scopes": exc.missing_scopes}
    with HokoClient(api_key=KEY, base_url=base_url, max_retries=0) as client:
        try:
            client.links.get(UNKNOWN)
        except NotFoundError as exc:
            out["404"] = failure(exc)
        try:
            client.links.create([{"url": "https://example.com/again", "slug": args["slug"]}])
        except ConflictError as exc:
            out["409"] = failure(exc)
        try:
            client.links.delete([UNKNOWN])
        except BadRequestError as exc:
            out["400"] = failure(exc)
    return out


def retried(base_url: str, args: Json) -> Json:
    """A 429 waited out (as long as the server asks) and retried: the call succeeds."""
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        response = client.tags.with_raw_response.list()
        return {"retries_taken": response.retries_taken, "tags": dicts(response.parse())}


def server_errors(base_url: str, args: Json) -> Json:
    """A 500 to a POST carrying an Idempotency-Key is retried (the server answers a repeat with
    the first response); without the key the POST is not repeated, and the error is raised."""
    out: Json = {}
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        try:
            client.conversion_tracking.sale(
                external_id=args["customer"], amount=2500, payment_processor="paddle"
            )
            out["without_key"] = "no error"
        except InternalServerError as exc:
            out["without_key"] = {"class": type(exc).__name__, "status": exc.status_code}
        response = client.conversion_tracking.with_raw_response.sale(
            external_id=args["customer"],
            amount=1500,
            payment_processor="paddle",
            idempotency_key="order-7",
        )
        out["with_key"] = {
            "retries_taken": response.retries_taken,
            "amount": response.parse().amount,
        }
    return out


def rate_limited(base_url: str, args: Json) -> Json:
    """429s past the retries raise RateLimitError; max_retries=0 raises at the first one."""
    out: Json = {}
    with HokoClient(api_key=KEY, base_url=base_url, max_retries=2) as client:
        try:
            client.tags.list()
        except RateLimitError as exc:
            out["retried"] = failure(exc)
        try:
            client.with_options(max_retries=0).tags.list()
        except RateLimitError as exc:
            out["not_retried"] = failure(exc)
    return out


def batches(base_url: str, args: Json) -> Json:
    """delete_in_batches and create_in_batches (sync), delete_in_batches (async, concurrent);
    a batch that fails, and a batch size over the documented maximum."""
    out: Json = {}
    with HokoClient(api_key=KEY, base_url=base_url) as client:
        deleted = client.links.delete_in_batches(args["links"], batch_size=10)
        out["deleted"] = [str(link_id) for link_id in deleted.deleted_ids]
        items = [{"url": f"https://example.com/b{i}", "slug": f"b{i}"} for i in range(5)]
        out["created"] = [link.slug for link in client.links.create_in_batches(items, batch_size=2)]
        clashing = [{"url": f"https://example.com/c{i}", "slug": f"c{i}"} for i in range(5)]
        clashing[3]["slug"] = args["taken"]
        try:
            client.links.create_in_batches(clashing, batch_size=2)
            out["batch_error"] = "no error"
        except BatchError as exc:
            out["batch_error"] = {
                "completed": [[link.slug for link in batch] for batch in exc.completed],
                "completed_batches": exc.completed_batches,
                "failed_batch": exc.failed_batch,
                "cause": type(exc.__cause__).__name__,
            }
        try:
            client.links.delete_in_batches(args["links"], batch_size=10_001)
            out["too_big"] = "no error"
        except ValidationError as exc:
            out["too_big"] = refusal(exc)
    out["async"] = asyncio.run(_batches_async(base_url, args["collections"]))
    return out


async def _batches_async(base_url: str, collections: list[str]) -> list[str]:
    async with AsyncHokoClient(api_key=KEY, base_url=base_url) as client:
        deleted = await client.collections.delete_in_batches(
            tuple(UUID(c) for c in collections), batch_size=2, concurrency=2
        )
    return [str(collection_id) for collection_id in deleted.deleted_ids]
