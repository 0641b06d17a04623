"""The page's identity: title and `## Endpoint` line (method and path), category, auth scopes."""

from __future__ import annotations

import re

from generator.diagnostics import Location, Sink
from generator.parse.blocks import Code, Paragraph
from generator.parse.pages import Page, Section
from generator.parse.sections import prose_lines, texts

__all__ = [
    "METHODS",
    "TITLE",
    "auth",
    "auth_location",
    "category_from_path",
    "described_lines",
    "endpoint_line",
    "preamble",
]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
TITLE = re.compile(r"^\((?P<method>[^)]*)\)\s*(?P<title>.*)$", re.S)
# `DELETE /api/partners`, also written with the host (`DELETE https://hoko.to/api/partners`)
_ENDPOINT = re.compile(r"^`?(?P<method>[A-Za-z]+)\s+(?:https?://[^/\s`]+)?(?P<path>/[^\s`]*)`?$")
# A name starts where a word starts, and a list holds at most ten: a search then costs a few steps
# per word of the section, not the rest of the section (which made a 40,000-letter word take two
# minutes to read).
_NAME = r"(?<![\w.:`\"'-])[`\"']?[A-Za-z][\w.:-]*[`\"']?"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_NAME}){{0,9}}"
# "the linksWrite scope", "linksRead or linksWrite scope", "scopes: a, b"
_SCOPES = re.compile(
    rf"(?P<before>{_NAMES})\s+scopes?\b|\bscopes?\s*:\s*(?P<after>{_NAMES})", re.IGNORECASE
)
_NOT_SCOPES = {
    "the",
    "a",
    "an",
    "any",
    "required",
    "following",
    "this",
    "that",
    "with",
    "has",
    "api",
}
_NO_AUTH = re.compile(
    r"\bno authentication\b|\bdoes not require authentication\b|\bpublic endpoint\b", re.I
)


def endpoint_line(section: Section, path: str, sink: Sink) -> tuple[str, str, str, Location] | None:
    found: tuple[str, str, Location] | None = None
    description: list[str] = []
    for block in section.blocks:
        candidates: list[str] = []
        first_line = block.line
        if isinstance(block, Paragraph):
            candidates = block.text.plain.splitlines()
        elif isinstance(block, Code):
            candidates, first_line = block.content.splitlines(), block.line + 1
        for offset, line in enumerate(candidates):
            match = _ENDPOINT.match(line.strip())
            if match and found is None:
                method = match.group("method").upper()
                where = Location(path, first_line + offset)
                if method not in METHODS:
                    sink.error(
                        where,
                        f"unknown HTTP method {method!r}; expected one of {', '.join(METHODS)}",
                    )
                    return None
                found = (method, _normalise_path(match.group("path")), where)
            elif not match and isinstance(block, Paragraph) and block.text.plain != "Endpoint":
                description.append(line)
    if found is None:
        sink.error(
            Location(path, section.line),
            "'## Endpoint' does not name a method and path (e.g. 'GET /api/links')",
        )
        return None
    return found[0], found[1], "\n".join(description).strip(), found[2]


def _normalise_path(path: str) -> str:
    """`/api/links/:id`, `/api/links/<id>` and `/api/links/{id}` all become `/api/links/{id}`."""
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
    path = re.sub(r"/<([A-Za-z_]\w*)>", r"/{\1}", path)
    return re.sub(r"/:([A-Za-z_]\w*)", r"/{\1}", path)


def category_from_path(path: str) -> str:
    segments = [s for s in path.split("/") if s and s != "api" and not s.startswith("{")]
    return segments[0].replace("-", " ").title() if segments else "Default"


def preamble(page: Page, path: str, sink: Sink) -> tuple[str, str, Location | None]:
    """(the tagline, the category, where the category is named)."""
    tagline: list[str] = []
    category = ""
    where = None
    for block in page.preamble:
        if not isinstance(block, Paragraph):
            continue
        for offset, line in enumerate(block.text.plain.splitlines()):
            label, sep, value = line.partition(":")
            if sep and label.strip().lower() == "category":
                category, where = value.strip(), Location(path, block.line + offset)
            elif line.strip():
                tagline.append(line.strip())
    return " ".join(tagline), category, where


def described_lines(page: Page) -> list[tuple[int, int]]:
    """The lines of the tagline (the preamble but the category) and of the endpoint's
    description (the `## Endpoint` paragraphs but the endpoint line), each (line, line)."""
    lines: list[int] = []
    for block in page.preamble:
        if isinstance(block, Paragraph):
            for offset, line in enumerate(block.text.plain.splitlines()):
                label, sep, _ = line.partition(":")
                if line.strip() and not (sep and label.strip().lower() == "category"):
                    lines.append(block.line + offset)
    section = page.section("endpoint")
    for block in section.blocks if section else ():
        if isinstance(block, Paragraph) and block.text.plain != "Endpoint":
            for offset, line in enumerate(block.text.plain.splitlines()):
                if line.strip() and not _ENDPOINT.match(line.strip()):
                    lines.append(block.line + offset)
    return [(line, line) for line in lines]


def auth(page: Page, path: str, sink: Sink) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """(the scope sets any one of which grants access, whether a key is needed at all)."""
    section = page.section("authentication")
    if section is None:
        sink.warning(
            Location(path, page.line),
            "no '## Authentication' section; assuming an API key is required",
        )
        return (), True
    text = " ".join(texts(section.blocks))
    if _NO_AUTH.search(text):
        return (), False
    scopes = _scope_sets(text)
    if not scopes:
        sink.warning(
            Location(path, section.line),
            "'## Authentication' names no scope; requiring an API key without one",
        )
    return scopes, True


def auth_location(page: Page, path: str, scopes: tuple[tuple[str, ...], ...]) -> Location | None:
    """The line that names the page's first scope (else the `## Authentication` heading)."""
    section = page.section("authentication")
    if section is None:
        return None
    first = scopes[0][0] if scopes and scopes[0] else ""
    for line, text in prose_lines(section.blocks):
        if first and first in text:
            return Location(path, line + text[: text.index(first)].count("\n"))
    return Location(path, section.line)


def _scope_sets(text: str) -> tuple[tuple[str, ...], ...]:
    """ "a or b scope" -> ((a,), (b,)); "a and b scopes" -> ((a, b),); "the a scope" -> ((a,),)."""
    # One space between words: the separators' \s* and \s+ could split a long run quadratically.
    match = _SCOPES.search(" ".join(text.split()))
    if match is None:
        return ()
    listed = match.group("before") or match.group("after")
    alternatives = re.split(r"\s+or\s+|,\s*or\s+", listed)
    sets = []
    for alternative in alternatives:
        names = [n.strip("`\"' ") for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", alternative)]
        names = [n for n in names if n and n.lower() not in _NOT_SCOPES]
        if names:
            sets.append(tuple(names))
    return tuple(sets)
