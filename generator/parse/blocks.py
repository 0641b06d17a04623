"""Markdown -> a flat list of blocks with line numbers (markdown-it-py does the parsing).

The rest of the parser never sees markdown syntax: it reads headings, paragraphs, code blocks,
tables, callouts and lists, each with the 1-based line it starts on in the user's file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "Block",
    "Callout",
    "Code",
    "Heading",
    "ListBlock",
    "Paragraph",
    "Rule",
    "Table",
    "TableRow",
    "Text",
    "callout",
    "parse_blocks",
]


@dataclass(frozen=True)
class Text:
    """Inline text: `plain` without markup, `codes` the contents of its code spans."""

    plain: str
    codes: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: Text
    line: int


@dataclass(frozen=True)
class Code:
    lang: str
    content: str
    line: int
    closed: bool


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Text, ...]
    source_cells: int
    line: int


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    line: int


@dataclass(frozen=True)
class Callout:
    """A blockquote: `title` its bold lead, `text` the rest; `blocks` what it holds, with lines."""

    title: str
    text: str
    line: int
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Paragraph, ...]
    line: int


@dataclass(frozen=True)
class Rule:
    line: int


Block = Heading | Paragraph | Code | Table | Callout | ListBlock | Rule


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse_blocks(source: str) -> list[Block]:
    """Parse a whole file into blocks (line numbers are relative to `source`), by markdown-it-py."""
    lines = source.split("\n")
    tokens = _markdown().parse(source)
    return list(_blocks(tokens, lines))


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _blocks(tokens: Sequence[Token], lines: list[str]) -> Iterator[Block]:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = _matching_close(tokens, i)
        if token.type == "heading_open":
            yield Heading(int(token.tag[1]), _text(tokens[i + 1]).plain, _line(token))
        elif token.type == "paragraph_open":
            yield Paragraph(_text(tokens[i + 1]), _line(token))
        elif token.type in ("fence", "code_block"):
            yield _code(token, lines)
        elif token.type == "table_open":
            yield _table(tokens[i:end], lines)
        elif token.type == "blockquote_open":
            yield _callout(tokens[i + 1 : end], _line(token), lines)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            yield _list(tokens[i + 1 : end], _line(token))
        elif token.type == "hr":
            yield Rule(_line(token))
        i = end + 1


def _matching_close(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing `tokens[start]` (itself for self-contained tokens)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _text(inline: Token) -> Text:
    plain: list[str] = []
    codes: list[str] = []
    strong: list[str] = []
    in_strong = False
    for child in inline.children or ():
        if child.type == "text":
            plain.append(child.content)
            if in_strong:
                strong.append(child.content)
        elif child.type == "code_inline":
            plain.append(child.content)
            codes.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            plain.append("\n")
        elif child.type == "strong_open":
            in_strong = True
        elif child.type == "strong_close":
            in_strong = False
    return Text("".join(plain).strip(), tuple(codes), tuple(s.strip() for s in strong))


def _code(token: Token, lines: list[str]) -> Code:
    lang = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
    closed = True
    if token.type == "fence" and token.map:
        last = lines[token.map[1] - 1].strip() if token.map[1] - 1 < len(lines) else ""
        marker = token.markup
        closed = (
            token.map[1] - token.map[0] > 1
            and last.startswith(marker)
            and last.strip(marker[0]) == ""
        )
    return Code(lang, token.content, _line(token), closed)


def _table(tokens: Sequence[Token], lines: list[str]) -> Table:
    header: list[str] = []
    rows: list[TableRow] = []
    cells: list[Text] = []
    row_line = 0
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells, row_line = [], _line(token)
        elif token.type == "inline":
            cells.append(_text(token))
        elif token.type == "tr_close":
            if in_head:
                header = [c.plain for c in cells]
            else:
                count = _count_cells(lines[row_line - 1]) if row_line else len(cells)
                rows.append(TableRow(tuple(cells), count, row_line))
    return Table(tuple(header), tuple(rows), _line(tokens[0]))


def _count_cells(line: str) -> int:
    """Cells in a table row as written (markdown-it pads or cuts ragged rows silently).

    The row is split by markdown-it's own function, as its table rule splits it: only `\\|`
    escapes a pipe (in a code span too), so the count always describes the cells it read.
    """
    from markdown_it.common.utils import mdTrim
    from markdown_it.rules_block.table import escapedSplit

    columns = escapedSplit(mdTrim(line))
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return len(columns)


def _callout(tokens: Sequence[Token], line: int, lines: list[str]) -> Callout:
    found = callout([_text(t) for t in tokens if t.type == "inline"], line)
    return Callout(found.title, found.text, line, tuple(_blocks(tokens, lines)))


def callout(texts: Sequence[Text], line: int) -> Callout:
    """A callout from the texts of its paragraphs: a bold lead (`**Note:**`) is its title."""
    if not texts:
        return Callout("", "", line)
    first = texts[0]
    title = first.strong[0] if first.strong and first.plain.startswith(first.strong[0]) else ""
    body = first.plain[len(title) :].strip()
    rest = "\n".join(t.plain for t in texts[1:])
    return Callout(title.rstrip(":"), "\n".join(p for p in (body, rest) if p), line)


def _list(tokens: Sequence[Token], line: int) -> ListBlock:
    items: list[Paragraph] = []
    for j, token in enumerate(tokens):
        if token.type == "inline":
            start = tokens[j - 1] if j else token
            items.append(Paragraph(_text(token), _line(start) or line))
    return ListBlock(tuple(items), line)
