"""Unit tests of what the parser reads in words: limit phrases, counts, requirements, request
examples, and what only the pages together say (the cached build reads the same as a serial one)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support.cli import ROOT

from generator.diagnostics import Location, Sink
from generator.ir.docs import MISSING, Field, TypeSpec
from generator.parse import parse_docs
from generator.parse.blocks import Code
from generator.parse.limits import find_bounds
from generator.parse.meaning import counted, requirement
from generator.parse.prose import apply_prose
from generator.parse.requests import request_example
from generator.steps import parse_pages
from generator.store import Store

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"
CASES = ROOT / "tests" / "cases"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Must be between 1 and 10,000.", 1, 10000, ""),
        ("Send at least one link.", 1, None, "link"),
        ("Up to ten tags.", None, 10, "tags"),
        ("Requests with more than 1,000 links are rejected.", None, 1000, "links"),
        ("Amounts below 5 are refused.", 5, None, ""),
        ("The range can span at most 366 days.", None, 366, "time"),
        ("Send up to 100 requests per minute.", None, 100, "rate"),
        ("A name (1-255 characters).", 1, 255, "length"),
    ],
)
def test_limit_phrases(text: str, low: int | None, high: int | None, unit: str) -> None:
    """Each phrasing gives its ends and the unit of what it bounds."""
    (bound,) = find_bounds(text)
    assert (bound.low, bound.high, bound.unit) == (low, high, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Start of the range, e.g. 2026-11-01T00:00:00Z.",
        "Two-letter ISO 3166-1 country code.",
        'Hex color code, e.g. "#3b82f6".',
        "Without parameters the 50 most recent links are returned.",
        "Send amounts in cents: 4999 means $49.99.",
        "A second request with the same key within 24 hours returns the first response.",
    ],
)
def test_numbers_that_are_no_limit(text: str) -> None:
    """Dates, standards, colours and plain numbers in prose are not read as limits."""
    assert find_bounds(text) == []


@pytest.mark.parametrize(
    ("text", "codes", "enum"),
    [
        ("Either `asc` or `desc`.", ("asc", "desc"), ("asc", "desc")),
        ("The title, or `null` to clear it.", ("null",), ()),
        ('One of "active" only, for now.', (), ()),
    ],
)
def test_an_enum_needs_two_values(text: str, codes: tuple[str, ...], enum: tuple[str, ...]) -> None:
    """A description that names two values after a cue gives an enum; one value gives none."""
    assert apply_prose(TypeSpec("string"), text, codes).enum == enum


def test_counting_numbers_become_integers_and_others_stay() -> None:
    """A `number` that counts (by name or by "Number of ...") with whole limits is an integer;
    one with a fractional limit, or that does not count, stays a number."""
    whole = TypeSpec("number", minimum=1, maximum=100, default=50.0)
    assert counted(whole, "pageSize", "") == TypeSpec("integer", minimum=1, maximum=100, default=50)
    assert counted(whole, "n", "Number of links to return.").kind == "integer"
    assert counted(whole, "lifetimeValue", "Revenue already earned.").kind == "number"
    assert counted(TypeSpec("number", maximum=0.5), "take", "").kind == "number"
    strict = counted(TypeSpec("number", exclusive_minimum=0), "limit", "")
    assert (strict.kind, strict.minimum, strict.exclusive_minimum) == ("integer", 1, None)
    assert counted(TypeSpec("number"), "skip", "").default is MISSING


@pytest.mark.parametrize(
    ("cell", "text", "required", "condition"),
    [
        (
            True,
            "Required when updating. Omit to create a new link.",
            False,
            "Required when updating.",
        ),
        (
            True,
            "Required when creating a new link (no id).",
            False,
            "Required when creating a new link (no id).",
        ),
        (
            False,
            "ID of an existing link. Omit it to create a new link.",
            False,
            "Omit it to create a new link.",
        ),
        (
            True,
            "Required only if the amount is above zero.",
            False,
            "Required only if the amount is above zero.",
        ),
        (True, "Destination URL.", True, ""),
        (False, "A note, if any.", False, ""),
    ],
)
def test_conditional_requirements(cell: bool, text: str, required: bool, condition: str) -> None:
    """A requirement stated under a condition makes the field optional, the condition kept."""
    sink = Sink()
    assert requirement(cell, text, "x", Location("p.md", 3), sink) == (required, condition)
    assert sink.items == []


def _code(lang: str, content: str) -> Code:
    return Code(lang, content, 10, True)


def test_request_examples_agree_with_the_endpoint_line() -> None:
    """Placeholders stand for path parameters; curl with data defaults to POST, fetch to GET."""
    sink = Sink()
    route = ("GET", "/api/links/{id}")
    for url in ("/api/links/{id}", "/api/links/:id", "/api/links/<id>", "/api/links/0f760ecf"):
        request_example(
            _code("bash", f'curl "https://hoko.to{url}?take=2"'),
            route,
            "p.md",
            sink,
            status=200,
            context="",
        )
    fetch = "fetch(`https://hoko.to/api/links/${id}`, {headers: {}})"
    request_example(_code("js", fetch), route, "p.md", sink, status=200, context="")
    assert sink.items == []
    posted = _code("bash", 'curl "https://hoko.to/api/links/1" \\\n  -d \'{"a": 1}\'')
    example = request_example(posted, route, "p.md", sink, status=200, context="")
    assert example is not None and example.value == {"a": 1}
    assert [str(d) for d in sink.items] == [
        "p.md:11: error: this request example sends POST, but the endpoint line says "
        "GET /api/links/{id}"
    ]


def test_bodies_that_are_not_literal_json_are_left_alone() -> None:
    """A file upload, a form, or a JavaScript variable is no JSON body to check."""
    sink = Sink()
    route = ("POST", "/api/things")
    for lang, content in (
        ("bash", 'curl -X POST "https://hoko.to/api/things" -d @things.json'),
        (
            "bash",
            'curl -X POST "https://hoko.to/api/things" -H "Content-Type: '
            "application/x-www-form-urlencoded\" -d 'a=1&b=2'",
        ),
        (
            "js",
            'fetch("https://hoko.to/api/things", {method: "POST", body: JSON.stringify(things)})',
        ),
    ):
        assert (
            request_example(_code(lang, content), route, "p.md", sink, status=200, context="")
            is None
        )
    assert sink.items == []


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.md"))]


@pytest.mark.parametrize(
    "folder",
    [
        FIXTURES,
        CASES / "warning-scopes-differ" / "docs",
        CASES / "warning-pages-disagree-on-a-field" / "docs",
    ],
    ids=["fixtures", "scopes", "fields"],
)
def test_cached_pages_read_as_a_serial_parse(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's pages from the store (each page parsed alone, then read together) give the
    endpoints and diagnostics a serial parse gives, from a cold store and a warm one (no warning
    twice)."""
    files = _files(folder)
    serial = Sink()
    expected = parse_docs(files, serial)
    for _ in ("cold", "warm"):
        sink = Sink()
        with Store(tmp_path / "store") as store:
            assert list(parse_pages(files, store, sink)) == expected
        assert sink.items == serial.items


def test_fixture_api_reads_without_a_diagnostic_and_llms_full_agrees() -> None:
    """The fixture pages (twelve in Hoko's real wording) give no warning, and llms-full.txt,
    the same pages in one file, gives the same endpoints: routes, scopes, parameters, bodies."""
    sink = Sink()
    pages = parse_docs(_files(FIXTURES), sink)
    assert sink.items == []
    full = ROOT / "tests" / "fixtures" / "llms-full.txt"
    together = parse_docs([("llms-full.txt", full.read_bytes())], sink)
    assert sink.items == []
    assert len(together) == len(pages) == 21
    by_route = {(e.method, e.path): e for e in pages}
    for endpoint in together:
        alone = by_route[(endpoint.method, endpoint.path)]
        assert endpoint.scopes == alone.scopes
        assert _shape(endpoint.parameters) == _shape(alone.parameters)
        body, body_alone = endpoint.body, alone.body
        assert (body is None) == (body_alone is None)
        if body is not None and body_alone is not None:
            assert _type(body.type) == _type(body_alone.type)


def _shape(fields: tuple[Field, ...]) -> list[tuple[object, ...]]:
    """The fields without the lines they were read at (which differ from file to file)."""
    return [(f.name, f.location, _type(f.type), f.required, f.description) for f in fields]


def _type(spec: TypeSpec) -> TypeSpec:
    items = _type(spec.items) if spec.items is not None else None
    properties = tuple(
        dataclasses.replace(f, type=_type(f.type), source=Location("")) for f in spec.properties
    )
    return dataclasses.replace(spec, items=items, properties=properties)
