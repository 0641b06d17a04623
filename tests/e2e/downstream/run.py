"""A downstream project of the client generated from tests/fixtures/hoko, run by the e2e tests
in the virtual environment the package was pip-installed into.

    python run.py SCENARIO BASE_URL ARGS_JSON

ARGS_JSON holds what the test seeded (ids, slugs); the scenario prints one JSON object of what
came back, and the test holds it against what it told the emulator. Only the package's public API
is used (``hoko_client``, ``hoko_client.types``), and the whole folder passes ``mypy --strict``
against the installed package (tests/e2e/test_typing.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import calls
import features
import story_async
import story_sync
from common import Json

Scenario = Callable[[str, Json], Json]
AsyncScenario = Callable[[str, Json], Coroutine[Any, Any, Json]]

SCENARIOS: dict[str, Scenario] = {
    "links": story_sync.links,
    "groups": story_sync.groups,
    "people": story_sync.people,
    "events": story_sync.events,
    "pages": features.pages,
    "lenient": features.lenient,
    "strict": features.strict,
    "nulls": features.nulls,
    "options": calls.options,
    "raw": calls.raw,
    "errors": calls.errors,
    "retried": calls.retried,
    "rate-limited": calls.rate_limited,
    "server-errors": calls.server_errors,
    "batches": calls.batches,
}
ASYNC_SCENARIOS: dict[str, AsyncScenario] = {
    "links-async": story_async.links,
    "groups-async": story_async.groups,
    "people-async": story_async.people,
    "events-async": story_async.events,
    "pages-async": features.pages_async,
}


def main() -> None:
    scenario, base_url, text = sys.argv[1:]
    args: Json = json.loads(text)
    if scenario in ASYNC_SCENARIOS:
        result = asyncio.run(ASYNC_SCENARIOS[scenario](base_url, args))
    else:
        result = SCENARIOS[scenario](base_url, args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
