"""Unit tests of the small stages: type cells, prose limits, example inference, names, literals."""

from __future__ import annotations

import ast

import pytest

from generator.client.source import docstring, fence, py_literal
from generator.ir.docs import MISSING, TypeSpec
from generator.naming import identifier, method_name, singular, snake, unique_names
from generator.openapi.infer import infer_schema, merge_schemas
from generator.parse.blocks import Table, parse_blocks
from generator.parse.prose import apply_item_limits, apply_prose, described_keys, parse_number
from generator.parse.types import parse_type


@pytest.mark.parametrize(
    ("cell", "kind", "fmt", "item"),
    [
        ("string", "string", None, None),
        ("string (UUID)", "string", "uuid", None),
        ("string (URL)", "string", "uri", None),
        ("string (email)", "string", "email", None),
        ("string (ISO 8601)", "string", "date-time", None),
        ("number", "number", None, None),
        ("integer", "integer", None, None),
        ("boolean", "boolean", None, None),
        ("object", "object", None, None),
        ("array<string>", "array", None, "string"),
        ("array<object>", "array", None, "object"),
        ("array<string (UUID)>", "array", None, "string"),
    ],
)
def test_type_cells(cell: str, kind: str, fmt: str | None, item: str | None) -> None:
    """Each documented type cell maps to its JSON Schema type and format."""
    spec = parse_type(cell)
    assert spec is not None
    assert (spec.kind, spec.format, spec.items.kind if spec.items else None) == (kind, fmt, item)


def test_unknown_type_cell_is_none() -> None:
    """A type the parser does not know is reported as None (the caller warns)."""
    assert parse_type("blob") is None
    assert parse_type("string | null") == TypeSpec("string", nullable=True)


def test_prose_numbers_keep_their_exact_value() -> None:
    """`(default: 50, min: 1, max: 10,000)` gives 50, 1 and 10000."""
    spec = apply_prose(TypeSpec("integer"), "Number of links (default: 50, min: 1, max: 10,000).")
    assert (spec.default, spec.minimum, spec.maximum) == (50, 1, 10000)
    assert parse_number("10,000") == 10000 and parse_number("0.25") == 0.25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Partner name (1-255 characters).", (1, 255)),
        ("Search text (max 100 characters).", (None, 100)),
        ("A label of up to 64 characters.", (None, 64)),
    ],
)
def test_prose_lengths(text: str, expected: tuple[int | None, int | None]) -> None:
    """Lengths written in words become minLength/maxLength."""
    spec = apply_prose(TypeSpec("string"), text)
    assert (spec.min_length, spec.max_length) == expected


def test_prose_enum_default_and_null() -> None:
    """Quoted alternatives are an enum; the quoted default is its default; "Can be null" too."""
    spec = apply_prose(
        TypeSpec("string"),
        'Sort order: "asc" for oldest first, "desc" for newest first (default: "desc"). Can be null.',
    )
    assert (spec.enum, spec.default, spec.nullable) == (("asc", "desc"), "desc", True)
    assert apply_prose(TypeSpec("string"), 'Defaults to "usd".').default == "usd"
    assert apply_prose(TypeSpec("string"), 'Shown as "Sale".').enum == ()
    assert apply_prose(TypeSpec("string"), "A name.").default is MISSING


def test_prose_integer_sign() -> None:
    """`non-negative integer` sets minimum 0."""
    assert apply_prose(TypeSpec("integer"), "Amount in cents, a non-negative integer.").minimum == 0


def test_item_limits_from_section_prose() -> None:
    """ "up to 10,000", "above 10,000 ... rejected" and "at least one" bound an array body."""
    spec = apply_item_limits(
        TypeSpec("array", items=TypeSpec("string")),
        [
            "You can delete up to 10,000 partners in a single request.",
            "Requests above 10,000 IDs are rejected.",
            "Ensure the request body contains at least one valid partner ID.",
        ],
    )
    assert (spec.min_items, spec.max_items) == (1, 10000)


def test_described_keys() -> None:
    """ "Supports source, medium, and referral" names an object's keys."""
    assert described_keys("Supports source, medium, campaign, and referral.") == (
        "source",
        "medium",
        "campaign",
        "referral",
    )


def test_inference_formats_and_merge() -> None:
    """Example strings get formats; merging makes keys optional and null nullable."""
    first = infer_schema(
        {"id": "550e8400-e29b-41d4-a716-446655440000", "at": "2026-01-01T00:00:00Z"}
    )
    second = infer_schema({"id": "550e8400-e29b-41d4-a716-446655440000", "at": None, "n": 1})
    merged = merge_schemas([first, second])
    assert merged["properties"]["id"] == {"type": "string", "format": "uuid"}
    assert merged["properties"]["at"] == {"type": ["string", "null"], "format": "date-time"}
    assert merged["required"] == ["at", "id"]


def test_blocks_keep_line_numbers_and_raw_cell_counts() -> None:
    """Tables report the cells each row really has (markdown-it pads short rows)."""
    text = "# T\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n"
    (table,) = [b for b in parse_blocks(text) if isinstance(b, Table)]
    assert table.line == 3
    assert [(r.line, r.source_cells) for r in table.rows] == [(5, 2), (6, 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deletedIds", "deleted_ids"),
        ("class", "class_"),
        ("id", "id_"),
        ("1st", "n_1st"),
        ("__init__", "init"),
        ("Conversion Tracking", "conversion_tracking"),
        ("naïve café", "naive_cafe"),
        ("", "value"),
    ],
)
def test_identifiers(text: str, expected: str) -> None:
    """Doc text becomes a safe identifier: no keyword, builtin, dunder or leading digit."""
    assert identifier(text) == expected
    assert identifier(text).isidentifier()


def test_names_and_methods() -> None:
    """Method names follow the verb rules; collisions get suffixes; plurals become singular."""
    assert method_name("DELETE", "/api/partners") == "delete"
    assert method_name("GET", "/api/links") == "list"
    assert method_name("GET", "/api/links/{id}") == "get"
    assert method_name("PUT", "/api/links") == "upsert"
    assert method_name("POST", "/api/track/lead") == "lead"
    assert unique_names(["list", "list", "get"]) == ["list", "list_2", "get"]
    assert (singular("Partners"), singular("Categories"), singular("Analytics")) == (
        "Partner",
        "Category",
        "Analytics",
    )
    assert snake("X-RateLimit-Reset") == "x_rate_limit_reset"


@pytest.mark.parametrize(
    "text",
    ["plain", 'a """ b \\', "x\u2028y\u202ez\x00", "line\nbreak", 'ends with "', "{{ jinja }}"],
)
def test_docstring_literals_say_exactly_the_text(text: str) -> None:
    """Any doc text becomes a docstring literal that evaluates back to that text."""
    literal = docstring(text)
    assert ast.literal_eval(literal).strip() == text.strip()
    ast.parse(f"def f():\n    {docstring(text, '    ')}\n")


def test_python_literals_and_fences() -> None:
    """JSON values become inert Python literals; code fences outgrow backtick runs inside."""
    value = {"a": ["'\"", None, True, 1.5], "b": "__import__('os')"}
    assert ast.literal_eval(py_literal(value)) == value
    assert fence("x ``` y", "json").startswith("````json\n")


def test_one_resource_model_for_its_get_post_and_put_answers() -> None:
    """The fixture API's Links answers (list items, GET, PATCH, POST and PUT items) share one
    `Link` model, and the items of a generic `data` list are named after what it lists."""
    from support.cli import ROOT

    from generator.diagnostics import Sink
    from generator.openapi.build import build_openapi
    from generator.parse import parse_docs

    folder = ROOT / "tests" / "fixtures" / "hoko"
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.md"))]
    document = build_openapi(parse_docs(files, Sink())).document
    schemas = document["components"]["schemas"]
    link = "#/components/schemas/Link"
    paths = document["paths"]

    def answer(path: str, method: str) -> dict[str, object]:
        content = paths[path][method]["responses"]
        ok = next(v for k, v in content.items() if k.startswith("2"))
        return ok["content"]["application/json"]["schema"]

    assert answer("/api/links/{id}", "get") == {"$ref": link}
    assert answer("/api/links/{id}", "patch") == {"$ref": link}
    assert schemas["ListLinksResponse"]["properties"]["links"]["items"] == {"$ref": link}
    for created in ("CreateLinksResponse", "UpsertLinksResponse"):
        assert schemas[created]["items"] == {"$ref": link}
    assert not {"Data", "GetLinksResponse", "UpdateLinksResponse"} & set(schemas)
    clicks = schemas["ClicksAnalyticsResponse"]["properties"]["data"]["items"]
    assert clicks == {"$ref": "#/components/schemas/Click"}


def test_keys_only_an_example_shows_are_not_required() -> None:
    """An object field documented without its keys (customers' `metadata`) takes its shape from
    the examples, none of their keys required: other values may carry other keys."""
    from generator.openapi.schemas import schema_for

    schema = schema_for(TypeSpec("object"), [{"plan": "pro", "seats": 3}])
    assert schema == {
        "type": "object",
        "properties": {"plan": {"type": "string"}, "seats": {"type": "integer"}},
    }
