"""The client IR the fake is rendered from: each operation's scopes, documented answers and role,
and the collections kept, read from a small hand-written OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from support.cli import ROOT

from generator.executor import Workers
from generator.ir.client import Answer, Client, Collection, Operation, Role
from generator.steps import client_of, file_header
from generator.store import Store

PETSTORE = ROOT / "tests" / "fixtures" / "openapi" / "petstore-3.0.yaml"

ERROR = {"type": "object", "properties": {"message": {"type": "string"}}}
THING = {
    "type": "object",
    "required": ["thingId", "name", "createdAt", "modifiedAt"],
    "properties": {
        "thingId": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "email": {"type": "string"},
        "note": {"type": ["string", "null"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "createdAt": {"type": "string", "format": "date-time"},
        "modifiedAt": {"type": "string", "format": "date-time"},
    },
}
NEW_THING = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "note": {"type": ["string", "null"], "default": "none yet"},
        "secret": {"type": "string"},
    },
}
UPSERT_THING = {
    "type": "object",
    "properties": {
        "email": {"type": "string", "description": "Identifies the thing to update."},
        "name": {"type": "string"},
    },
}


def _json(schema: Any, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"content": {"application/json": media}}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1"},
    "components": {"schemas": {"Thing": THING, "Error": ERROR}},
    "paths": {
        "/things": {
            "get": {
                "tags": ["Things"],
                "security": [{"bearer": ["thingsRead"]}, {"bearer": ["admin"]}],
                "parameters": [
                    _query("offset", {"type": "integer"}),
                    _query("limit", {"type": "integer", "default": 20}),
                    _query("sort", {"type": "string", "enum": ["name", "createdAt"]}),
                    _query("order", {"type": "string", "enum": ["asc", "desc"]}),
                    _query("search", {"type": "string"}),
                    _query("email", {"type": "string"}),
                    _query("colour", {"type": "string"}),
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        **_json(
                            {
                                "type": "object",
                                "properties": {
                                    "things": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Thing"},
                                    },
                                    "total": {"type": "integer"},
                                },
                            },
                            {"things": [], "total": 0},
                        ),
                    },
                    "403": {"description": "no", **_json({"$ref": "#/components/schemas/Error"})},
                },
            },
            "post": {
                "tags": ["Things"],
                "requestBody": _json({"type": "array", "items": NEW_THING}),
                "responses": {
                    "201": {
                        "description": "made",
                        **_json({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}),
                    }
                },
            },
            "put": {
                "tags": ["Things"],
                "description": "An update replaces every field of the thing.",
                "requestBody": _json({"type": "array", "items": UPSERT_THING}),
                "responses": {"200": {"description": "done"}},
            },
            "delete": {
                "tags": ["Things"],
                "requestBody": _json(
                    {"type": "array", "items": {"type": "string", "format": "uuid"}}
                ),
                "responses": {
                    "200": {
                        "description": "gone",
                        **_json(
                            {
                                "type": "object",
                                "properties": {"removed": {"type": "array", "items": {}}},
                            }
                        ),
                    }
                },
            },
        },
        "/things/{thingId}": {
            "get": {
                "tags": ["Things"],
                "parameters": [{"name": "thingId", "in": "path", "required": True}],
                "responses": {"200": {"description": "it", **_json(THING)}},
            },
            "patch": {
                "tags": ["Things"],
                "parameters": [{"name": "thingId", "in": "path", "required": True}],
                "requestBody": _json(UPSERT_THING),
                "responses": {"200": {"description": "it", **_json(THING)}},
            },
        },
        "/report": {
            "get": {
                "tags": ["Reports"],
                "security": [{}],
                "responses": {
                    "200": {
                        "description": "a series",
                        **_json(
                            {
                                "type": "object",
                                "properties": {
                                    "data": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Thing"},
                                    }
                                },
                            },
                            {"data": [{"name": "a"}]},
                        ),
                    }
                },
            }
        },
    },
}


@pytest.fixture(scope="module")
def client() -> Client:
    """The client IR of DOCUMENT."""
    with Store(None) as store, Workers(1) as workers:
        made, _ = client_of(DOCUMENT, "things_client", file_header("test"), store, workers)
    return made


def _op(client: Client, name: str) -> Operation:
    return next(
        op for r in client.resources for op in r.operations if f"{r.attr}.{op.name}" == name
    )


def test_a_listed_and_written_collection_is_kept(client: Client) -> None:
    """/things is kept, keyed by the placeholder's field, with its required non-null fields,
    its date-times, and the one changed on every write (modifiedAt)."""
    assert client.collections == (
        Collection(
            "/things",
            "thingId",
            ("createdAt", "modifiedAt", "name", "thingId"),
            ("createdAt", "modifiedAt"),
            ("modifiedAt",),
        ),
    )


def test_the_list_role_reads_paging_sort_search_and_filters(client: Client) -> None:
    """Paging from the client's page, sort and order by their enums, search, and a filter for
    each query parameter named after an item field (email; colour is no field)."""
    assert _op(client, "things.list").role == Role(
        "list",
        "/things",
        items="things",
        total="total",
        offset="offset",
        limit="limit",
        sort="sort",
        order="order",
        search="search",
        filters=("email",),
    )


def test_create_sets_only_item_fields_with_their_defaults(client: Client) -> None:
    """A create may set the request's fields that are item fields (secret is not), with the
    documented defaults."""
    assert _op(client, "things.create").role == Role(
        "create", "/things", fields=("name", "note"), defaults=(("note", "none yet"),)
    )


def test_upsert_matches_by_the_field_said_to_identify_and_replaces(client: Client) -> None:
    """Without the key among its fields, an upsert finds items by the field whose description
    says it identifies one; "replaces every field" makes it reset what is left out."""
    assert _op(client, "things.upsert").role == Role(
        "upsert", "/things", match="email", replace=True, fields=("email", "name")
    )


def test_get_update_and_delete_roles(client: Client) -> None:
    """One item's GET and PATCH name it by the path's placeholder; the delete answers the ids
    in its one array field."""
    assert _op(client, "things.get").role == Role("get", "/things", item="thingId")
    update = _op(client, "things.update").role
    assert update == Role("update", "/things", item="thingId", fields=("email", "name"))
    assert _op(client, "things.delete").role == Role("delete", "/things", items="removed")


def test_a_list_nothing_writes_or_pages_answers_its_example(client: Client) -> None:
    """/report lists items but neither pages nor is written to: no role, its example answers."""
    report = _op(client, "reports.list")
    assert report.role is None
    assert report.answers == (Answer("200", {"data": [{"name": "a"}]}),)


def test_scopes_and_answers(client: Client) -> None:
    """Scopes are one tuple per way to qualify; anonymous access needs none; an answer the
    docs give no example for is an empty value of its schema's type, or None without a body."""
    assert _op(client, "things.list").scopes == (("thingsRead",), ("admin",))
    assert _op(client, "reports.list").scopes == ()
    assert _op(client, "things.list").answers == (
        Answer("200", {"things": [], "total": 0}),
        Answer("403", {}),
    )
    assert _op(client, "things.create").answers == (Answer("201", []),)
    assert _op(client, "things.upsert").answers == (Answer("200", None),)


def test_an_integer_key_is_numbered() -> None:
    """The petstore's pets are keyed by an integer id: the collection numbers new items."""
    document = yaml.safe_load(PETSTORE.read_text(encoding="utf-8"))
    with Store(None) as store, Workers(1) as workers:
        made, _ = client_of(document, "pets_client", file_header("test"), store, workers)
    assert [(c.path, c.key, c.numbered) for c in made.collections] == [("/pets", "id", True)]
