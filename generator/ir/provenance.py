"""What the generator read from each page, line by line: the provenance `--report` writes and
`--html` shows.

Plain frozen dataclasses, no I/O and no behaviour. One `PageFacts` per docs file:

    Provenance
    ├── pages: PageFacts...      one per file, in file order
    │   ├── operations           `DELETE /api/partners`, for each endpoint the file documents
    │   ├── facts: Fact...       what a line (or a run of lines) became in the spec
    │   └── findings: Finding... the warnings and errors at the file's lines
    └── findings: Finding...     those at no page's line (the docs folder, the generated spec)

A fact's `text` is written for a reader ("query parameter `take`: integer, 1 to 10,000, default
50"); names from the docs appear in it between backticks.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Location

__all__ = ["Fact", "Finding", "PageFacts", "Provenance"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing a line became: `kind` is one of route, summary, category, scope, parameter,
    body, field, limit, enum, nullable, response, example, response-field."""

    line: int
    kind: str
    text: str
    operation: str
    """The endpoint it belongs to (`DELETE /api/partners`)."""
    last: int = 0
    """The last line it was read from (an example, a list of values); 0: `line` alone."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning or an error, with the other places it is about (a finding across pages)."""

    location: Location
    severity: str
    message: str
    related: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class PageFacts:
    path: str
    operations: tuple[str, ...]
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Provenance:
    pages: tuple[PageFacts, ...]
    findings: tuple[Finding, ...]
