"""Drives the installed hoko_client against a server; run by the e2e tests in the client's venv.

    python driver.py SCENARIO BASE_URL [ARGS...]

Prints one JSON object describing what happened, so the tests can assert on it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import hoko_client
from hoko_client import AsyncHokoClient, HokoClient

IDS = ["550e8400-e29b-41d4-a716-446655440000"]


def describe_error(exc: BaseException) -> dict[str, Any]:
    out: dict[str, Any] = {
        "raised": type(exc).__name__,
        "is_api_status": isinstance(exc, hoko_client.APIStatusError),
    }
    for name in ("status_code", "message", "messages", "missing_scopes", "retry_after"):
        if hasattr(exc, name):
            out[name] = getattr(exc, name)
    out["is_value_error"] = isinstance(exc, ValueError)
    return out


def sync_call(base_url: str, key: str, ids: list[str]) -> dict[str, Any]:
    with HokoClient(api_key=key, base_url=base_url, max_retries=0) as client:
        try:
            result = client.partners.delete(ids)
        except Exception as exc:  # noqa: BLE001 - the driver reports any error to the test
            return describe_error(exc)
        return {
            "deleted_ids": [str(i) for i in result.deleted_ids],
            "types": sorted({type(i).__name__ for i in result.deleted_ids}),
        }


async def async_call(base_url: str, key: str, ids: list[str]) -> dict[str, Any]:
    async with AsyncHokoClient(api_key=key, base_url=base_url, max_retries=0) as client:
        try:
            result = await client.partners.delete(ids)
        except Exception as exc:  # noqa: BLE001 - the driver reports any error to the test
            return describe_error(exc)
        return {"deleted_ids": [str(i) for i in result.deleted_ids]}


def raw(base_url: str, key: str) -> dict[str, Any]:
    with HokoClient(api_key=key, base_url=base_url) as client:
        response = client.partners.with_raw_response.delete(IDS)
        parsed = response.parse()
        return {
            "status": response.status_code,
            "content_type": response.headers.get("content-type"),
            "rate_limit": [
                response.rate_limit.limit,
                response.rate_limit.remaining,
                response.rate_limit.reset,
            ],
            "deleted_ids": [str(i) for i in parsed.deleted_ids],
        }


def batches(base_url: str, key: str, count: str) -> dict[str, Any]:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(int(count))]
    with HokoClient(api_key=key, base_url=base_url) as client:
        result = client.partners.delete_in_batches(ids)
    return {
        "deleted_ids_match": [str(i) for i in result.deleted_ids] == ids,
        "count": len(result.deleted_ids),
    }


async def async_batches(base_url: str, key: str, count: str) -> dict[str, Any]:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(int(count))]
    async with AsyncHokoClient(api_key=key, base_url=base_url) as client:
        result = await client.partners.delete_in_batches(ids, concurrency=2)
    return {
        "deleted_ids_match": [str(i) for i in result.deleted_ids] == ids,
        "count": len(result.deleted_ids),
    }


def retried_429(base_url: str, key: str) -> dict[str, Any]:
    """With retries on, a 429 is waited out (the server asks for 1 s) and then retried."""
    import time

    with HokoClient(api_key=key, base_url=base_url, max_retries=1) as client:
        started = time.monotonic()
        try:
            client.partners.delete(IDS)
        except hoko_client.RateLimitError as exc:
            return {
                "raised": "RateLimitError",
                "waited": time.monotonic() - started,
                "retry_after": exc.retry_after,
            }
    return {"raised": None}


def _ids(arg: str) -> list[str]:
    if arg == "empty":
        return []
    if arg == "too-many":
        return [str(uuid.UUID(int=i + 1)) for i in range(10_001)]
    return arg.split(",")


def main() -> None:
    scenario, base_url, *args = sys.argv[1:]
    runners: dict[str, Callable[..., Any]] = {
        "sync": lambda: sync_call(base_url, args[0], _ids(args[1])),
        "async": lambda: asyncio.run(async_call(base_url, args[0], _ids(args[1]))),
        "raw": lambda: raw(base_url, args[0]),
        "batches": lambda: batches(base_url, args[0], args[1]),
        "async-batches": lambda: asyncio.run(async_batches(base_url, args[0], args[1])),
        "retried-429": lambda: retried_429(base_url, args[0]),
    }
    result = runners[scenario]()
    if isinstance(result, Awaitable):  # pragma: no cover - every runner resolves its coroutine
        raise TypeError(scenario)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
