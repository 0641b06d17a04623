"""openapi-core as a second pair of eyes on what a client sends to the Hoko emulator.

    judge = Judge(api, document)   # api: a running HokoAPI, document: the generated OpenAPI
    ...                            # the client talks to api.url as before
    assert judge.rejected() == []

Every request is first shown to support.spec_server.SpecServer, which validates it with
openapi-core (a third-party OpenAPI implementation) against the document, then answered by the
emulator. Only SpecServer's verdict is kept: its answers, the document's own examples, are never
given to the client or used as an expected value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from support.hoko_api import HokoAPI
from support.server import RecordedRequest, Reply
from support.spec_server import SpecServer

__all__ = ["Judge", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    method: str
    path: str
    status: int
    problem: Any


class Judge:
    def __init__(self, api: HokoAPI, document: dict[str, Any]) -> None:
        self.verdicts: list[Verdict] = []
        self._api = api
        self._spec = SpecServer(document)
        api.server.handler = self

    def __call__(self, request: RecordedRequest) -> Reply:
        reply = self._spec(request)
        problem = reply.json if reply.status >= 400 else None
        self.verdicts.append(Verdict(request.method, request.path, reply.status, problem))
        return self._api(request)

    def rejected(self) -> list[Verdict]:
        """The requests openapi-core (or the document's routes and security) refused."""
        return [verdict for verdict in self.verdicts if verdict.status >= 400]
