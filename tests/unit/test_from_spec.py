"""--from-spec: a client rendered from a foreign OpenAPI 3.0 document ($refs, nullable, no tags)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.cli import ROOT, run_cli
from support.server import Reply, ScriptedServer

PETSTORE = ROOT / "tests" / "fixtures" / "openapi" / "petstore-3.0.yaml"


@pytest.fixture(scope="module")
def petstore(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The petstore document rendered into a temporary package folder."""
    out = tmp_path_factory.mktemp("petstore") / "pkg"
    run = run_cli("generate", "--from-spec", str(PETSTORE), "--out", str(out))
    assert run.code == 0, run.err
    assert run.out.splitlines()[-2].startswith("hoko-codegen: 5 endpoints, ")
    return out


def _drive(package: Path, url: str, script: str) -> object:
    code = "import json\nfrom hoko_client import PetstoreClient\n" + textwrap.dedent(script)
    env = {**os.environ, "PYTHONPATH": str(package), "PETSTORE_BASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_refs_and_nullable_reach_the_client(petstore: Path) -> None:
    """$ref parameters, request bodies and responses are followed; a nullable field given None
    is sent as null, a field left out is not sent."""
    with ScriptedServer() as server:
        server.enqueue("/pets", Reply(201, json={"id": 7, "name": "Rex", "tag": None}))
        server.enqueue("/pets", Reply(200, json=[{"id": 7, "name": "Rex", "tag": None}]))
        result = _drive(
            petstore,
            server.url,
            """
            client = PetstoreClient()
            pet = client.pets.create_pet(name="Rex", tag=None)
            page = client.pets.list_pets(status="sold")
            print(json.dumps([pet.id, pet.tag, [p.name for p in page]]))
            """,
        )
        create, listing = server.requests
    assert result == [7, None, ["Rex"]]
    assert create.json() == {"name": "Rex", "tag": None}
    # A documented default (limit: 20) is the server's to apply: not sent unless given.
    assert listing.query == {"status": ["sold"]}


def test_documented_limits_apply(petstore: Path) -> None:
    """A $ref parameter's maximum is checked before sending; path parameters are typed."""
    with ScriptedServer() as server:
        result = _drive(
            petstore,
            server.url,
            """
            client = PetstoreClient()
            try:
                client.pets.list_pets(limit=101)
            except ValueError:
                print(json.dumps("refused"))
            """,
        )
        assert server.requests == []
    assert result == "refused"
    source = (petstore / "hoko_client" / "resources" / "pets.py").read_text(encoding="utf-8")
    assert "def show_pet_by_id(\n        self,\n        pet_id: int,\n        *,\n" in source
    assert "    ) -> Pet:" in source
