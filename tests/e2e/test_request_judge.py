"""The third-party judge in the spec server really rejects requests the docs forbid."""

from __future__ import annotations

import json

import httpx
import yaml
from support.cli import ROOT
from support.server import ScriptedServer
from support.spec_server import SpecServer


def test_judge_rejects_what_the_docs_forbid() -> None:
    """An empty id list, an unknown query parameter and a missing key are refused; a good call is not."""
    document = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    auth = {"Authorization": "Bearer k", "Content-Type": "application/json"}
    with ScriptedServer() as server:
        server.handler = SpecServer(document)
        with httpx.Client(base_url=server.url) as http:
            good = http.request(
                "DELETE",
                "/api/partners",
                headers=auth,
                content=json.dumps(["550e8400-e29b-41d4-a716-446655440000"]),
            )
            empty = http.request("DELETE", "/api/partners", headers=auth, content=b"[]")
            unknown = http.request("DELETE", "/api/partners?force=1", headers=auth, content=b"[]")
            anonymous = http.request("DELETE", "/api/partners", content=b"[]")
    assert good.status_code == 200
    assert empty.status_code == 400 and "non-empty" in empty.json()["error"]["en"]
    assert unknown.status_code == 400 and "force" in unknown.json()["error"]["en"]
    assert anonymous.status_code == 401
