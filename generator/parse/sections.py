"""Sections beyond the parameters: enum lists, prose kept as notes, and the page's coverage."""

from __future__ import annotations

from generator.diagnostics import Location, Sink
from generator.ir.docs import Coverage, Field, Response
from generator.parse.blocks import Block, Callout, Code, Heading, ListBlock, Paragraph, Table
from generator.parse.pages import Page
from generator.parse.tables import is_value_table, read_table

__all__ = [
    "KNOWN",
    "PARAM_SECTIONS",
    "block_end",
    "coverage",
    "line_at",
    "note_lines",
    "note_prose",
    "notes",
    "prose_lines",
    "response_fields",
    "texts",
]

PARAM_SECTIONS = {
    "query parameters": "query",
    "query": "query",
    "path parameters": "path",
    "headers": "header",
    "header parameters": "header",
    "request headers": "header",
    "request body": "body",
    "body parameters": "body",
    "body": "body",
    "parameters": None,
    "request parameters": None,
}
RESPONSE_SECTIONS = frozenset(
    {
        "response",
        "responses",
        "response body",
        "response fields",
        "response schema",
        "response parameters",
        "response format",
        "returns",
    }
)
# Prose sections that belong in the operation's description, as they are.
PROSE_SECTIONS = frozenset(
    {
        "notes",
        "note",
        "overview",
        "description",
        "details",
        "rate limits",
        "rate limiting",
        "limits",
        "pagination",
        "errors",
        "error handling",
        "best practices",
        "usage",
        "important",
        "remarks",
    }
)
KNOWN = {
    *RESPONSE_SECTIONS,
    "endpoint",
    "authentication",
    "status codes",
    "examples",
    "example",
    *PARAM_SECTIONS,
}


def prose_lines(blocks: tuple[Block, ...]) -> list[tuple[int, str]]:
    """(first line, text) of each paragraph, list item and paragraph inside a callout."""
    out: list[tuple[int, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append((block.line, block.text.plain))
        elif isinstance(block, ListBlock):
            out.extend((item.line, item.text.plain) for item in block.items)
        elif isinstance(block, Callout):
            out.extend(prose_lines(block.blocks))
    return out


def line_at(text: str, first_line: int, offset: int) -> int:
    """The line of the character at `offset` in `text` with each whitespace run as one space."""
    seen = 0
    for number, line in enumerate(text.split("\n")):
        seen += len(" ".join(line.split())) + 1
        if offset < seen:
            return first_line + number
    return first_line + text.count("\n")


def texts(blocks: tuple[Block, ...]) -> list[str]:
    """The words of the blocks, as a note keeps them (a table's rows as `a | b` lines)."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text.plain)
        elif isinstance(block, Callout):
            texts.append(f"{block.title}: {block.text}")
        elif isinstance(block, ListBlock):
            texts.extend(item.text.plain for item in block.items)
        elif isinstance(block, Table):
            rows = [block.header, *(tuple(c.plain for c in row.cells) for row in block.rows)]
            texts.extend(" | ".join(cells) for cells in rows)
    return texts


def coverage(
    page: Page, rows_taken: int, responses: tuple[Response, ...], consumed: set[str]
) -> Coverage:
    rows = sum(
        len(b.rows)
        for s in page.sections
        if s.title.lower() in PARAM_SECTIONS or s.title.lower() in RESPONSE_SECTIONS
        for b in s.blocks
        if isinstance(b, Table)
    )
    status_section = page.section("status codes")
    headings = (
        [b for b in status_section.blocks if isinstance(b, Heading)] if status_section else []
    )
    mapped = [
        s
        for s in page.sections
        if s.title.lower() in KNOWN or s.title.lower() in PROSE_SECTIONS or s.title in consumed
    ]
    return Coverage(
        rows=rows,
        rows_taken=rows_taken,
        statuses=len(headings),
        statuses_taken=len([r for r in responses if r.status]),
        sections=len(page.sections),
        sections_mapped=len(mapped),
    )


def response_fields(page: Page, path: str, sink: Sink) -> list[Field]:
    """Fields the `## Response` (or `## Response Fields`...) tables document."""
    fields: list[Field] = []
    for section in page.sections:
        if section.title.lower() in RESPONSE_SECTIONS:
            for block in section.blocks:
                if isinstance(block, Table) and not is_value_table(block):
                    fields.extend(read_table(block, path, "body", sink, strict=False))
    return fields


def note_prose(page: Page, consumed: set[str]) -> list[tuple[int, str]]:
    """(line, text) of the sentences of the sections kept as notes (`## Notes`, `## Pagination`,
    sections hoko-codegen does not map), but lists of values."""
    return [
        found
        for section in page.sections
        if section.title not in consumed and section.title.lower() not in KNOWN
        for found in prose_lines(section.blocks)
    ]


def note_lines(page: Page, consumed: set[str]) -> list[tuple[int, int]]:
    """The lines (first, last) `notes` keeps: whole sections, and callouts of the mapped ones."""
    kept: list[tuple[int, int]] = []
    for section in page.sections:
        key = section.title.lower()
        if section.title in consumed or key in PROSE_SECTIONS or key not in KNOWN:
            last = block_end(section.blocks[-1]) if section.blocks else section.line
            kept.append((section.line, last))
        else:
            kept.extend((b.line, block_end(b)) for b in section.blocks if isinstance(b, Callout))
    return kept


def block_end(block: Block) -> int:
    """The last line of a block."""
    if isinstance(block, Paragraph):
        return block.line + block.text.plain.count("\n")
    if isinstance(block, Code):
        return block.line + block.content.count("\n") + (1 if block.closed else 0)
    if isinstance(block, Table):
        return block.rows[-1].line if block.rows else block.line + 1
    if isinstance(block, ListBlock) and block.items:
        return block_end(block.items[-1])
    if isinstance(block, Callout) and block.blocks:
        return max(block.line, block_end(block.blocks[-1]))
    return block.line


def notes(page: Page, path: str, sink: Sink, consumed: set[str]) -> tuple[str, ...]:
    notes: list[str] = []
    for section in page.sections:
        if section.title in consumed:
            notes.append(f"{section.title}: " + "; ".join(texts(section.blocks)))
            continue
        if section.title.lower() in PROSE_SECTIONS:
            notes.append(f"{section.title}: " + " ".join(texts(section.blocks)))
            continue
        if section.title.lower() in KNOWN:
            notes.extend(f"{b.title}: {b.text}" for b in section.blocks if isinstance(b, Callout))
            continue
        sink.warning(
            Location(path, section.line),
            f"section '## {section.title}' is not one hoko-codegen maps; kept as a note in the description",
        )
        notes.append(f"{section.title}: " + " ".join(texts(section.blocks)))
    return tuple(notes)
