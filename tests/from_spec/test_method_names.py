"""Method names: from the operationId (snake_cased, grouped by tag) when there is one, from the
verb and the path otherwise; stable when endpoints are added; Hoko's own names kept (naming.yaml)."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from support.cli import ROOT, run_cli

from from_spec.conftest import FIXTURES

DOCUMENT = FIXTURES / "naming.yaml"


def _methods(out: Path, package: str) -> dict[str, list[str]]:
    """Resource module -> the public methods of its sync class, in order."""
    found = {}
    for path in sorted((out / package / "resources").glob("[!_]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sync = next(
            n
            for n in tree.body
            if isinstance(n, ast.ClassDef)
            and n.name.endswith("Resource")
            and not n.name.startswith("Async")
        )
        found[path.stem] = [
            f.name
            for f in sync.body
            if isinstance(f, ast.FunctionDef) and f.name != "with_raw_response"
        ]
    return found


def _render(document: Path, out: Path) -> dict[str, list[str]]:
    run = run_cli("generate", "--from-spec", str(document), "--out", str(out), "--package", "cloud")
    assert run.code == 0, run.err
    return _methods(out, "cloud")


def test_names_from_operation_ids_and_paths(tmp_path: Path) -> None:
    """operationIds snake_cased per tag; without one, the verb and the path's literal segments
    after the resource (version segments skipped); untagged operations grouped by path."""
    assert _render(DOCUMENT, tmp_path) == {
        "droplet_actions": ["droplet_actions_get"],
        "droplets": ["droplets_list", "droplets_create", "droplets_get"],
        "regions": ["list"],
        "sizes": ["list", "list_prices"],
    }
    source = (tmp_path / "cloud" / "resources" / "droplet_actions.py").read_text()
    assert (
        "def droplet_actions_get(\n        self,\n        droplet_id: int,\n        action_id: int,"
        in source
    )


def test_adding_endpoints_renames_nothing(tmp_path: Path) -> None:
    """New operations, with and without operationIds, leave every existing name as it was."""
    before = _render(DOCUMENT, tmp_path / "before")
    document = yaml.safe_load(DOCUMENT.read_text())
    document["paths"]["/v2/droplets/{droplet_id}/actions"] = {
        "post": {
            "operationId": "dropletActions_post",
            "tags": ["Droplet Actions"],
            "responses": {"201": {"description": "ok"}},
        },
    }
    document["paths"]["/v2/sizes/{slug}"] = {
        "get": {
            "tags": ["Sizes"],
            "responses": {"200": {"description": "ok"}},
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
        },
    }
    grown = tmp_path / "grown.yaml"
    grown.write_text(yaml.safe_dump(document), encoding="utf-8")
    after = _render(grown, tmp_path / "after")
    for resource, names in before.items():
        assert [n for n in after[resource] if n in names] == names
    assert after["droplet_actions"] == ["droplet_actions_post", "droplet_actions_get"]
    assert after["sizes"] == ["list", "get", "list_prices"]


def test_hokos_own_spec_keeps_its_method_names(tmp_path: Path) -> None:
    """The committed spec's operationIds (`deletePartners`) do not rename `client.partners.delete`,
    given with --from-spec or not; the client stays HokoClient."""
    out = tmp_path / "hoko"
    spec = ROOT / "spec" / "openapi.yaml"
    run = run_cli("generate", "--from-spec", str(spec), "--out", str(out))
    assert run.code == 0, run.err
    assert _methods(out, "hoko_client") == {"partners": ["delete", "delete_in_batches"]}
    assert "class HokoClient(SyncAPIClient):" in (out / "hoko_client" / "_client.py").read_text()
    assert _methods(ROOT / "generated", "hoko_client") == {
        "partners": ["delete", "delete_in_batches"]
    }
