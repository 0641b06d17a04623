"""`hoko-codegen diff`: API and Python client changes, how each is classified, the suggested
version, the text and JSON reports, and the three things it can compare with."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.cli import run_cli

from generator.release.diff import Report
from generator.release.diff import compare_documents as compare_api
from generator.release.diff_schema import resolve
from generator.release.surface import surface
from generator.release.version import bump
from generator.releases import package_of


def compare_documents(old: dict[str, Any], new: dict[str, Any]) -> Report:
    """The API and Python changes from `old` to `new`, as `generate` and `diff` find them."""
    before, after = surface(package_of(old), "hoko_client"), surface(package_of(new), "hoko_client")
    return compare_api(old, new, before, after)


DOC = Path("spec") / "docs" / "partners-delete.md"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _document() -> dict[str, Any]:
    """A small API: GET /api/links (query take/skip/status) and POST /api/links (object body)."""
    link = {
        "type": "object",
        "required": ["id", "url"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "url": {"type": "string", "maxLength": 2000},
            "clicks": {"type": "integer", "minimum": 0},
        },
    }
    error = {
        "content": {"application/json": {"schema": {"type": "object"}}},
        "description": "Error.",
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Links", "version": "0.3.0"},
        "paths": {
            "/api/links": {
                "get": {
                    "tags": ["Links"],
                    "summary": "List links",
                    "security": [{"bearerAuth": ["linksRead"]}],
                    "parameters": [
                        {
                            "name": "take",
                            "in": "query",
                            "schema": {"type": "integer", "maximum": 100},
                        },
                        {
                            "name": "skip",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0},
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["on", "off"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The links.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Link"},
                                    }
                                }
                            },
                        },
                        "401": error,
                    },
                },
                "post": {
                    "tags": ["Links"],
                    "summary": "Create a link",
                    "security": [{"bearerAuth": ["linksWrite"]}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/NewLink"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Created.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Link"}
                                }
                            },
                        }
                    },
                },
            }
        },
        "components": {
            "schemas": {
                "Link": link,
                "NewLink": {
                    "type": "object",
                    "required": ["url"],
                    "properties": {"url": {"type": "string"}, "title": {"type": "string"}},
                },
            }
        },
    }


def _changes(mutate: Any) -> list[tuple[str, str, str, str]]:
    old = _document()
    new = copy.deepcopy(old)
    mutate(new)
    return [(c.group, c.kind, c.area, c.message) for c in compare_documents(old, new).changes]


def _kinds(changes: list[tuple[str, str, str, str]], text: str) -> set[str]:
    return {kind for _, kind, _, message in changes if text in message}


def _get(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/api/links"]["get"]  # type: ignore[no-any-return]


def _param(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in _get(doc)["parameters"] if p["name"] == name)


@pytest.mark.parametrize(
    ("mutate", "text", "kind"),
    [
        (lambda d: d["paths"]["/api/links"].pop("post"), "operation removed", "breaking"),
        (lambda d: _get(d)["parameters"].pop(0), "parameter `take` (query): removed", "breaking"),
        (
            lambda d: _param(d, "skip").update(required=True),
            "parameter `skip` (query): now required",
            "breaking",
        ),
        (
            lambda d: _param(d, "skip")["schema"].update(type="string"),
            "type changed from integer",
            "breaking",
        ),
        (
            lambda d: d["components"]["schemas"]["Link"]["properties"]["id"].update(format="uri"),
            "format changed",
            "breaking",
        ),
        (
            lambda d: _param(d, "take")["schema"].update(maximum=50),
            "maximum lowered from 100 to 50",
            "breaking",
        ),
        (
            lambda d: _param(d, "skip")["schema"].update(minimum=1),
            "minimum raised from 0 to 1",
            "breaking",
        ),
        (
            lambda d: d["components"]["schemas"]["Link"]["properties"]["url"].update(maxLength=200),
            "maxLength lowered",
            "breaking",
        ),
        (lambda d: _param(d, "status")["schema"].update(enum=["on"]), '"off" removed', "breaking"),
        (
            lambda d: _get(d)["responses"].pop("401"),
            "response 401: status code removed",
            "breaking",
        ),
        (
            lambda d: _get(d).update(security=[{"bearerAuth": ["linksAdmin"]}]),
            "required scopes changed",
            "breaking",
        ),
        (
            lambda d: d["components"]["schemas"]["Link"]["properties"].pop("clicks"),
            "clicks: field removed",
            "breaking",
        ),
        (
            lambda d: d["components"]["schemas"]["NewLink"]["required"].append("title"),
            ".title: now required",
            "breaking",
        ),
        (
            lambda d: d["components"]["schemas"]["Link"]["required"].remove("url"),
            "may now be absent",
            "breaking",
        ),
        (
            lambda d: _param(d, "take")["schema"].update(maximum=500),
            "maximum raised from 100 to 500",
            "compatible",
        ),
        (
            lambda d: _param(d, "status")["schema"].update(enum=["on", "off", "paused"]),
            '"paused" added',
            "compatible",
        ),
        (
            lambda d: _get(d)["parameters"].append(
                {"name": "q", "in": "query", "schema": {"type": "string"}}
            ),
            "parameter `q` (query): added",
            "compatible",
        ),
        (
            lambda d: _get(d)["responses"].update({"404": {"description": "Gone."}}),
            "response 404: status code added",
            "compatible",
        ),
        (
            lambda d: d["components"]["schemas"]["Link"]["properties"].update(
                tags={"type": "array"}
            ),
            ".tags: field added",
            "compatible",
        ),
        (lambda d: _get(d).update(summary="List every link"), "summary changed", "wording"),
        (
            lambda d: _param(d, "take").update(description="Page size."),
            "description changed",
            "wording",
        ),
    ],
)
def test_classification(mutate: Any, text: str, kind: str) -> None:
    """Each kind of API change is found and classified for a client user."""
    changes = _changes(mutate)
    assert kind in _kinds(changes, text), changes


def test_identical_documents_have_no_changes() -> None:
    """The same document twice gives an empty report and no suggested bump."""
    report = compare_documents(_document(), _document())
    assert report.changes == () and report.level is None
    assert report.suggested() == ("0.3.0", None)


def test_refs_and_allof_are_compared_resolved() -> None:
    """An inline shape moved into a component is no change; a component change shows at each use."""
    old = _document()
    new = copy.deepcopy(old)
    schemas = new["components"]["schemas"]
    schemas["Base"] = {
        "type": "object",
        "properties": {"url": {"type": "string"}},
        "required": ["url"],
    }
    schemas["NewLink"] = {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"properties": {"title": {"type": "string"}}},
        ]
    }
    assert [c for c in compare_documents(old, new).changes if c.area == "api"] == []
    schemas["Base"]["properties"]["url"]["maxLength"] = 10
    api = [
        (c.group, c.kind, c.message) for c in compare_documents(old, new).changes if c.area == "api"
    ]
    assert api == [("POST /api/links", "breaking", "request body.url: maxLength 10 added")]


def test_an_unchanged_operation_is_compared_when_what_it_uses_changed() -> None:
    """An operation equal in both documents has no changes of its own, unless a component or the
    document's security, which it reads, changed."""
    old = _document()
    old["security"] = [{"bearerAuth": ["linksWrite"]}]
    del old["paths"]["/api/links"]["post"]["security"]
    new = copy.deepcopy(old)
    _get(new).update(summary="List every link")
    assert [(c.group, c.message) for c in compare_documents(old, new).changes] == [
        ("GET /api/links", "summary changed")
    ]
    new["security"] = [{"bearerAuth": ["linksAdmin"]}]
    assert ("POST /api/links", "breaking") in {
        (c.group, c.kind) for c in compare_documents(old, new).changes
    }
    new["security"] = old["security"]
    new["components"]["schemas"]["Link"]["properties"]["url"]["maxLength"] = 10
    changed = {c.group for c in compare_documents(old, new).changes if c.area == "api"}
    assert {"GET /api/links", "POST /api/links"} <= changed


def test_recursive_schema_terminates() -> None:
    """A schema that refers to itself resolves to a finite shape with a marker where it recurses."""
    components = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            },
        }
    }
    shape = resolve({"$ref": "#/components/schemas/Node"}, components)
    assert shape["properties"]["children"]["items"] == {"$ref": "Node"}


def test_python_api_changes() -> None:
    """Changes to methods, arguments, models and documented exceptions are listed under the operation."""

    def mutate(d: dict[str, Any]) -> None:
        _get(d)["parameters"].append(
            {"name": "sortBy", "in": "query", "schema": {"type": "string"}}
        )
        _get(d)["responses"]["404"] = {"description": "Not found."}
        d["components"]["schemas"]["Link"]["properties"].pop("clicks")
        d["paths"]["/api/links/{id}"] = {
            "delete": {
                "tags": ["Links"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "Deleted."}},
            }
        }

    python = [(g, k, m) for g, k, a, m in _changes(mutate) if a == "python"]
    assert (
        "GET /api/links",
        "compatible",
        "client.links.list(): optional argument `sort_by` added",
    ) in python
    assert (
        "GET /api/links",
        "compatible",
        "client.links.list(): may now raise NotFoundError (404)",
    ) in python
    assert ("DELETE /api/links/{id}", "compatible", "client.links.delete() added") in python
    assert ("models", "breaking", "types.Link.clicks removed") in python


def test_version_bumps() -> None:
    """Breaking bumps the major (the minor in 0.x), compatible the minor, wording the patch."""
    assert bump("1.4.2", "breaking") == ("2.0.0", "major")
    assert bump("0.4.2", "breaking") == ("0.5.0", "minor")
    assert bump("1.4.2", "compatible") == ("1.5.0", "minor")
    assert bump("1.4.2", "wording") == ("1.4.3", "patch")
    assert bump("1.4.2", None) == ("1.4.2", None)


def test_cli_breaking_change_and_fail_on(project: Path) -> None:
    """A tightened documented limit is breaking; --fail-on breaking exits 1; 0.1.0 -> 0.2.0 is suggested."""
    assert run_cli("generate", cwd=project).code == 0
    _edit(project, "up to 10,000", "up to 5,000")
    run = run_cli("diff", cwd=project)
    assert run.code == 0, run.err
    assert (
        "DELETE /api/partners\n  breaking    request body: maxItems lowered from 10000 to 5000"
        in run.out
    )
    assert "Suggested version: 0.1.0 -> 0.2.0 (minor: breaking changes;" in run.out
    failed = run_cli("diff", "--fail-on", "breaking", cwd=project)
    assert failed.code == 1 and "1 change(s) found at breaking or above" in failed.err


def test_cli_compatible_and_wording(project: Path) -> None:
    """A loosened limit suggests a minor bump and passes --fail-on breaking; wording alone a patch."""
    assert run_cli("generate", cwd=project).code == 0
    _edit(project, "10,000", "20,000")
    run = run_cli("diff", "--fail-on", "breaking", cwd=project)
    assert (
        run.code == 0 and "compatible  request body: maxItems raised from 10000 to 20000" in run.out
    )
    assert "0.1.0 -> 0.2.0 (minor: compatible changes)" in run.out
    _edit(project, "20,000", "10,000")
    _edit(project, "Partners deleted successfully.", "The partners were deleted.")
    run = run_cli("diff", cwd=project)
    assert "wording     response 200: description changed" in run.out
    assert "0.1.0 -> 0.1.1 (patch: wording only)" in run.out


def test_cli_json_format(project: Path) -> None:
    """--format json gives every change with its operation, kind and area, the counts and the bump."""
    assert run_cli("generate", cwd=project).code == 0
    _edit(project, "linksWrite scope", "linksAdmin scope")
    data = json.loads(run_cli("diff", "--format", "json", cwd=project).out)
    assert data["bump"] == "minor" and data["version"] == {"current": "0.1.0", "suggested": "0.2.0"}
    assert {
        "operation": "DELETE /api/partners",
        "kind": "breaking",
        "area": "api",
        "message": "required scopes changed from bearerAuth:linksWrite to bearerAuth:linksAdmin",
    } in data["changes"]
    assert data["counts"]["breaking"] == 1


def test_cli_against_file(project: Path, tmp_path: Path) -> None:
    """--against FILE compares with that spec instead of the committed one."""
    assert run_cli("generate", cwd=project).code == 0
    older = tmp_path / "older.yaml"
    older.write_text(
        (project / "spec" / "openapi.yaml")
        .read_text(encoding="utf-8")
        .replace("maxItems: 10000", "maxItems: 100"),
        encoding="utf-8",
    )
    run = run_cli("diff", "--against", str(older), cwd=project)
    assert "compatible  request body: maxItems raised from 100 to 10000" in run.out


def _git(project: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_cli_against_git_ref(project: Path) -> None:
    """--against GITREF reads the spec as committed at that ref; a ref that looks like an option is refused."""
    _git(project, "init", "-q")
    assert run_cli("generate", cwd=project).code == 0
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "first")
    _edit(project, "up to 10,000", "up to 5,000")
    assert run_cli("generate", cwd=project).code == 0
    _git(project, "commit", "-q", "-am", "second")
    assert "No API changes" in run_cli("diff", cwd=project).out
    run = run_cli("diff", "--against", "HEAD~1", cwd=project)
    assert "maxItems lowered from 10000 to 5000" in run.out
    assert "from spec/openapi.yaml at HEAD~1 to spec/docs" in run.out
    bad = run_cli("diff", "--against=--output=x", cwd=project)
    assert bad.code == 1 and "neither a file nor a git ref" in bad.err
    missing = run_cli("diff", "--against", "no-such-ref", cwd=project)
    assert missing.code == 1 and "no-such-ref: error:" in missing.err
