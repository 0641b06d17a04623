"""Calls every operation of an installed client as a plan says, in the client's own venv.

    python driver_generic.py BASE_URL PLAN.json

The plan lists, per operation: the resource and method, positional arguments, keyword arguments
and the body. Prints, per operation, the response re-dumped to JSON (by alias), or the error.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from hoko_client import AsyncHokoClient, HokoClient
from pydantic import BaseModel


def dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return result


def run_sync(base_url: str, plan: list[dict[str, Any]]) -> list[Any]:
    out = []
    with HokoClient(api_key="hk_test", base_url=base_url, max_retries=0) as client:
        for step in plan:
            method = getattr(getattr(client, step["resource"]), step["method"])
            args = list(step["args"]) + ([step["body"]] if "body" in step else [])
            try:
                out.append({"ok": dump(method(*args, **step["kwargs"]))})
            except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
                out.append({"error": f"{type(exc).__name__}: {exc}"})
        pages = list(client.links.list_all(take=2))
    out.append({"list_all": [str(link.id) for link in pages]})
    return out


async def run_async(base_url: str, plan: list[dict[str, Any]]) -> list[Any]:
    out = []
    async with AsyncHokoClient(api_key="hk_test", base_url=base_url, max_retries=0) as client:
        for step in plan:
            method = getattr(getattr(client, step["resource"]), step["method"])
            args = list(step["args"]) + ([step["body"]] if "body" in step else [])
            try:
                out.append({"ok": dump(await method(*args, **step["kwargs"]))})
            except Exception as exc:  # noqa: BLE001 - reported to the test
                out.append({"error": f"{type(exc).__name__}: {exc}"})
        pages = [link async for link in client.links.list_all(take=2)]
    out.append({"list_all": [str(link.id) for link in pages]})
    return out


def main() -> None:
    flavour, base_url, plan_path = sys.argv[1:]
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    result = (
        run_sync(base_url, plan) if flavour == "sync" else asyncio.run(run_async(base_url, plan))
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
