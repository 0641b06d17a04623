"""The generated client against a hand-written httpx call, on the same server, with the same checks.

    python benchmarks/client_bench.py --port N --ids 10000 --rounds 15 --calls 20

Run with the generated package importable (PYTHONPATH). Both sides send `DELETE /api/partners`
through an `httpx.Client` of the same settings (the generated client's is handed to it with
`HokoClient(..., http_client=...)`), over one keep-alive connection each, and validate the same
way:

- the request: a list of 1..10,000 UUIDs (strings are parsed, anything else is refused);
- the response: `{"deletedIds": [UUID, ...]}`, parsed into UUID objects.

The baseline does both with pydantic TypeAdapters (validation and JSON in pydantic-core, the
fastest reasonable way in Python); the generated client does them through its public API,
`client.partners.delete(ids)`, with its default (lenient) response parsing, which validates a
body that matches the model. Rounds alternate A and B; each round times `--calls` calls; the
result is seconds per call per round.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import httpx
from pydantic import Field, TypeAdapter
from typing_extensions import TypedDict


class _Deleted(TypedDict):
    deletedIds: list[UUID]


_REQUEST = TypeAdapter(Annotated[list[UUID], Field(min_length=1, max_length=10000)])
_RESPONSE = TypeAdapter(_Deleted)


def _baseline(http: httpx.Client, url: str, key: str) -> Callable[[list[str]], _Deleted]:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(ids: list[str]) -> _Deleted:
        body = _REQUEST.dump_json(_REQUEST.validate_python(ids))
        response = http.request("DELETE", url, content=body, headers=headers)
        response.raise_for_status()
        return _RESPONSE.validate_json(response.content)

    return call


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ids", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()

    from hoko_client import HokoClient

    base = f"http://127.0.0.1:{args.port}"
    ids = [str(uuid.UUID(int=i + 1, version=4)) for i in range(args.ids)]
    own = httpx.Client(timeout=60.0)
    client = HokoClient(api_key="bench-key", base_url=base, max_retries=0, http_client=own)
    http = httpx.Client(timeout=60.0)
    baseline = _baseline(http, f"{base}/api/partners", "bench-key")
    sides: dict[str, Callable[[], object]] = {
        "client": lambda: client.partners.delete(ids),
        "httpx": lambda: baseline(ids),
    }
    # Same answers, parsed into UUIDs on both sides, so the two do the same work.
    a, b = client.partners.delete(ids), baseline(ids)
    deleted = list(a.deleted_ids)
    if deleted != list(b["deletedIds"]) or len(deleted) != args.ids:
        raise SystemExit("the client and the baseline disagree")
    if not all(isinstance(item, UUID) for item in deleted):
        raise SystemExit("the client did not parse the deleted ids into UUIDs")
    for side in sides.values():  # warm both connections and code paths
        for _ in range(3):
            side()
    times: dict[str, list[float]] = {name: [] for name in sides}
    for round_ in range(args.rounds):
        order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
        for name in order:
            started = time.perf_counter()
            for _ in range(args.calls):
                sides[name]()
            times[name].append((time.perf_counter() - started) / args.calls)
    client.close()
    own.close()  # handed in, so client.close() leaves it open
    http.close()
    sys.stdout.write(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
