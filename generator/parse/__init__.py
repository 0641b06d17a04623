"""The docs stage: markdown files -> `Endpoint`s (see `generator.ir.docs`).

blocks.py     markdown-it tokens -> headings, paragraphs, code, tables, callouts, lists
pages.py      blocks -> pages (one per `# Title`) -> `## Sections`
endpoint.py   a page -> an Endpoint (title, path, auth, parameter sections)
tables.py     parameter tables -> Fields;   types.py  type cells -> TypeSpecs
limits.py / prose.py   limits written in words;   meaning.py  counts, conditional requirements
enums.py      value lists on the page;      body.py  the request body, its prose and its nulls
responses.py / examples.py / requests.py    status codes, response and request examples
resources.py  what a resource's request tables imply of its responses (across pages)
consistency.py  pages of one resource or category that contradict each other
"""

from __future__ import annotations

from generator.diagnostics import Location, Sink
from generator.ir.docs import Endpoint
from generator.parse.blocks import Code, parse_blocks
from generator.parse.consistency import check_consistency
from generator.parse.endpoint import read_page
from generator.parse.pages import split_pages
from generator.parse.resources import with_implied

__all__ = ["check_pages", "parse_docs", "parse_file", "parse_text"]


def parse_docs(
    files: list[tuple[str, bytes]], sink: Sink, *, across: bool = True
) -> list[Endpoint]:
    """Every endpoint in `files` (display path, raw bytes), in file order; problems go to `sink`.

    The same as `parse_file` on each file, then (with `across`) `check_pages` on all they gave."""
    endpoints: list[Endpoint] = []
    for path, data in files:
        endpoints.extend(parse_file(path, data, sink))
    return check_pages(endpoints, sink) if across else endpoints


def parse_file(path: str, data: bytes, sink: Sink) -> list[Endpoint]:
    """The endpoints one file (display path, raw bytes) documents, read on its own."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        sink.error(
            Location(path, line),
            f"file is not valid UTF-8 (byte {err.start}); save it as UTF-8",
        )
        return []
    return parse_text(text, path, sink)


def check_pages(endpoints: list[Endpoint], sink: Sink) -> list[Endpoint]:
    """What only the pages together say: an endpoint documented twice, the response fields a
    resource's request tables imply (`generator.parse.resources`), and where pages contradict
    each other (`generator.parse.consistency`)."""
    _check_unique(endpoints, sink)
    endpoints = with_implied(endpoints, sink)
    check_consistency(endpoints, sink)
    return endpoints


def parse_text(text: str, path: str, sink: Sink) -> list[Endpoint]:
    """The endpoints one file documents (one page, or many pages one after another)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        sink.error(Location(path, 1), "file is empty; expected a Hoko endpoint page")
        return []
    blocks = parse_blocks(text)
    for block in blocks:
        if isinstance(block, Code) and not block.closed:
            sink.error(
                Location(path, block.line),
                "unclosed code block: the ``` fence opened here is never closed",
            )
            return []
    pages, _ = split_pages(blocks)
    if not pages:
        sink.error(Location(path, 1), "no page title found; expected a '# (METHOD) Title' heading")
        return []
    found = [read_page(page, path, sink) for page in pages]
    return [e for e in found if e is not None]


def _check_unique(endpoints: list[Endpoint], sink: Sink) -> None:
    seen: dict[tuple[str, str], Endpoint] = {}
    for endpoint in endpoints:
        key = (endpoint.method, endpoint.path)
        first = seen.setdefault(key, endpoint)
        if first is not endpoint:
            sink.error(
                endpoint.route,
                f"duplicate endpoint: {endpoint.method} {endpoint.path} is already documented at {first.route}",
                related=(first.route,),
            )
