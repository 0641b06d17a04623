"""The annotation data behind `--report` and `--html`: which line of a page became which part of
the spec, read from the docs IR, and where the findings sit. The expected lines and words are read
off the fixture pages by hand."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import ROOT, run_cli

from generator.diagnostics import Location, Sink
from generator.ir.docs import TypeSpec
from generator.ir.provenance import Fact, PageFacts, Provenance
from generator.openapi.annotate import annotate, describe
from generator.openapi.build import build_openapi
from generator.parse import parse_docs

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"


def _annotated(*names: str, edits: dict[str, tuple[str, str]] | None = None) -> Provenance:
    files = []
    for name in names:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        old, new = (edits or {}).get(name, ("", ""))
        if old:
            assert old in text
            text = text.replace(old, new)
        files.append((f"docs/{name}", text.encode()))
    sink = Sink()
    pages = parse_docs(files, sink)
    document = build_openapi(pages).document
    return annotate([path for path, _ in files], pages, sink.items, document)


def _facts(page: PageFacts, line: int) -> list[tuple[str, str, int]]:
    return [(f.kind, f.text, f.last) for f in page.facts if f.line == line]


def test_partners_delete_lines_and_what_they_became() -> None:
    """The route, the scope, the body row, the two sentences that limit the body's item count,
    and the examples are read at their own lines, each with what it became."""
    (page,) = _annotated("partners-delete.md").pages
    assert page.operations == ("DELETE /api/partners",)
    assert _facts(page, 10) == [("route", "DELETE `/api/partners` → operation `deletePartners`", 0)]
    assert _facts(page, 22) == [("scope", "scope `linksWrite`", 0)]
    # "You can delete up to 10,000 partners ... Requests above 10,000 IDs are rejected.": one fact
    assert _facts(page, 28) == [("limit", "limit of the request body: at most 10,000 items", 0)]
    assert _facts(page, 32) == [
        ("body", "request body: array of string (uuid), 1 to 10,000 items, required", 0)
    ]
    assert _facts(page, 35) == [("limit", "limit of the request body: at least 1 item", 0)]
    # The curl example's -d body spans lines 49 to 51; the 200 JSON example lines 73 to 77.
    assert _facts(page, 49) == [("example", "request example → `DeletePartnersRequest`", 51)]
    assert _facts(page, 73) == [("example", "200 example → `DeletePartnersResponse`", 77)]
    assert _facts(page, 26) == []  # "must be an array of partner IDs": typed by the row, no fact


def test_parameter_rows_and_a_list_of_values_further_down() -> None:
    """A query parameter's row gives its type, range and default; the bold-labelled list of
    sort values, lines below, is the enum of `sort`, from its label to its last item."""
    (page,) = _annotated("links-list.md").pages
    assert _facts(page, 30) == [
        ("parameter", "query parameter `take`: integer, 1 to 10,000, default 50, optional", 0)
    ]
    assert _facts(page, 41) == [
        ("enum", "enum of query parameter `sort`: createdAt, updatedAt, clicks, slug", 46)
    ]
    (sort,) = _facts(page, 32)
    assert "one of createdAt, updatedAt, clicks, slug" in sort[1]
    assert 'default "createdAt"' in sort[1]


def test_a_sentence_that_lets_fields_be_null_is_their_origin() -> None:
    """ "To clear title, collectionId or expiresAt, send it explicitly as null" (line 43) is where
    those three fields became nullable; the rows say the rest."""
    (page,) = _annotated("links-update.md").pages
    said = {text for kind, text, _ in _facts(page, 43) if kind == "nullable"}
    assert said == {
        "body field `title` may be null",
        "body field `collectionId` may be null",
        "body field `expiresAt` may be null",
    }
    (title,) = _facts(page, 38)
    assert title[1] == "body field `title`: string, at most 100 characters, or null, optional"


def test_findings_across_pages_name_each_other() -> None:
    """Two partners pages naming different write scopes: a warning at each scope line, each
    related to the other's."""
    provenance = _annotated(
        "partners-create.md",
        "partners-delete.md",
        edits={"partners-delete.md": ("has the linksWrite scope", "has the partnersWrite scope")},
    )
    create, delete = provenance.pages
    (here,) = create.findings
    (there,) = delete.findings
    assert here.location == Location("docs/partners-create.md", 22)
    assert there.location == Location("docs/partners-delete.md", 22)
    assert here.related == (there.location,)
    assert there.related == (here.location,)
    assert here.severity == there.severity == "warning"
    assert "partnersWrite" in here.message


def test_findings_sit_on_their_page_and_the_others_apart() -> None:
    """A warning in a page goes to that page; one at no page (the docs folder, the spec) is
    the run's."""
    sink = Sink()
    sink.warning(Location("docs/a.md", 3), "a page warning")
    sink.error(Location("spec/openapi.yaml"), "a spec error")
    provenance = annotate(["docs/a.md"], [], sink.items)
    (page,) = provenance.pages
    assert [(f.location.line, f.severity, f.message) for f in page.findings] == [
        (3, "warning", "a page warning")
    ]
    assert [(str(f.location), f.severity) for f in provenance.findings] == [
        ("spec/openapi.yaml", "error")
    ]
    assert page.facts == () and page.operations == ()


def test_describe_puts_a_type_in_words() -> None:
    """Ranges, lengths, item counts, enums, defaults and null, as a reader says them."""
    assert describe(TypeSpec("integer", minimum=1, maximum=10000, default=50)) == (
        "integer, 1 to 10,000, default 50"
    )
    assert describe(TypeSpec("string", max_length=1, nullable=True)) == (
        "string, at most 1 character, or null"
    )
    items = TypeSpec("string", enum=("a", "b"))
    assert describe(TypeSpec("array", items=items, min_items=1)) == (
        "array of string, at least 1 item, each one of a, b"
    )
    assert describe(TypeSpec("number", exclusive_minimum=0)) == "number, above 0"
    many = tuple(f"v{i}" for i in range(10))
    assert describe(TypeSpec("string", enum=many)).endswith("v7, ... (2 more)")


def test_report_writes_the_facts_of_each_page(project: Path) -> None:
    """`generate --report` holds, per page, each fact with its lines and each finding."""
    run = run_cli("generate", "--report", "report.json", cwd=project)
    assert run.code == 0, run.err
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    (page,) = report["pages"]
    assert page["path"] == "spec/docs/partners-delete.md"
    facts = {(f["line"], f["last"], f["kind"], f["text"]) for f in page["facts"]}
    assert (35, 35, "limit", "limit of the request body: at least 1 item") in facts
    assert (73, 77, "example", "200 example → `DeletePartnersResponse`") in facts
    assert all(f["operation"] == "DELETE /api/partners" for f in page["facts"])
    assert page["findings"] == [] and report["findings"] == []


def test_facts_are_one_per_line_and_kind() -> None:
    """Two phrases of one sentence that set one limit make one fact, not two."""
    (page,) = _annotated("tags-create.md").pages
    limits = [f for f in page.facts if f.kind == "limit"]
    assert [(f.line, f.text) for f in limits] == [
        (28, "limit of the request body: at most 100 items"),
        (37, "limit of the request body: at least 1 item"),
    ]
    assert len(set(page.facts)) == len(page.facts)
    assert all(isinstance(f, Fact) for f in page.facts)


def test_words_kept_as_text_are_told_from_ignored_ones() -> None:
    """The tagline, the endpoint's description and a callout kept as a note are marked as text
    of the description; a paragraph of a parameters section, which nothing keeps, is not."""
    (page,) = _annotated("links-list.md").pages
    kept = "kept as text in the description of `listLinks`"
    assert _facts(page, 6) == [("text", kept, 0)]
    assert _facts(page, 12) == [("text", kept, 0)]
    assert _facts(page, 38) == [("text", kept, 39)]
    assert _facts(page, 26) == []
    assert all(f.kind != "text" for f in page.facts if f.line in (7, 10, 14, 17))
