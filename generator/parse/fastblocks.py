"""A fast reader for the plain markdown most endpoint pages are written in.

markdown-it-py reads a page in about 5 ms; a build of 1,000 pages spent seconds there. Most pages
use a small part of markdown: ATX headings, paragraphs, fenced code, pipe tables, callouts
(blockquotes of paragraphs), one-line list items, and inline code spans and `**bold**`. This
module reads exactly that part, line by line, into the same blocks `parse_blocks` makes from
markdown-it's tokens, and gives up (returns None) on anything else: an indented or tabbed line,
a line that could continue or interrupt the block before it, a backslash, an entity, a link or
an angle bracket, emphasis it does not read the way CommonMark does, an unclosed fence, unusual
whitespace or control characters. The caller then reads the page with markdown-it-py. So a page
this module reads gives the blocks markdown-it-py would give; tests/unit/test_fastblocks.py holds
the two to that over every page in the tests.
"""

from __future__ import annotations

import re
import string
import unicodedata

from generator.parse.blocks import (
    Block,
    Code,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Table,
    TableRow,
    Text,
    callout,
)

__all__ = ["fast_blocks"]

_NOT_ASCII = re.compile(r"[^\n\x20-\x7e]")
_HEADING = re.compile(r"(#{1,6}) +(\S.*?) *")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,}) *")
_UNDERLINE = re.compile(r"(?:=+|-+) *")
_RULE_LIKE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
_BULLET = re.compile(r"([-+*]) (\S.*)")
_ORDERED = re.compile(r"(\d{1,9})([.)]) (\S.*)")
_LIST_START = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?: |$)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_DELIMITER_CELL = re.compile(r":?-+:?")
_INLINE_MARK = re.compile(r"[`*_\\]")
_ENTITY_START = re.compile(r"&[#A-Za-z]")
_CLOSE_FOLLOW = frozenset(".,;:!?)")
_PUNCTUATION = frozenset(string.punctuation)
_NOT_IN_STRONG = frozenset("`*_\n[]\\<!")
_BAD_PROTOCOL = re.compile(r"(?i)(?:javascript|vbscript|file|data):")
_LINK = re.compile(r"\[([^\[\]`*_\\<>&!\n]+)\]\(([^\s()<>\\`]+)\)")
_MAX_PADDED_CELLS = 1000


def fast_blocks(source: str) -> list[Block] | None:
    """The blocks of `source`, or None when it uses markdown this reader does not read."""
    if not _plain_characters(source):
        return None
    lines = source.split("\n")
    blocks: list[Block] = []
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        if not line.strip(" "):
            i += 1
            continue
        if line.startswith(" "):
            return None
        if line.startswith(("```", "~~~")):
            found = _fence(lines, i)
        elif line.startswith("#"):
            found = _heading(lines, i)
        elif line.startswith(">"):
            found = _callout(lines, i)
        elif line.startswith("|"):
            found = _table(lines, i)
        elif _RULE.fullmatch(line):
            found = (Rule(i + 1), i + 1)
        elif _LIST_START.match(line):
            found = _list(lines, i)
        else:
            found = _paragraph(lines, i)
        if found is None:
            return None
        block, i = found
        blocks.append(block)
    return blocks


def _plain_characters(source: str) -> bool:
    """No tab, carriage return or control character, and no whitespace or invisible character
    beyond the ASCII space (CommonMark's rules for those are not this reader's)."""
    for match in _NOT_ASCII.finditer(source):
        if unicodedata.category(match.group())[0] in "CZ":
            return False
    return True


def _starts_other_block(line: str) -> bool:
    """Whether `line` may start a block, or continue one, other than a paragraph (or be read
    differently after a paragraph line: a setext underline, a table's delimiter row)."""
    return (
        line.startswith((" ", "#", ">", "|", "```", "~~~", "-", "=", "<", "[", ":", "*" * 3))
        or "|" in line
        or _LIST_START.match(line) is not None
        or _RULE_LIKE.fullmatch(line) is not None
    )


def _ends_block(lines: list[str], i: int) -> bool:
    """Whether the block before line `i` ends there for certain: a blank line or the end."""
    return i >= len(lines) or not lines[i].strip(" ")


def _paragraph(lines: list[str], i: int) -> tuple[Block, int] | None:
    """Lines up to a blank line, or up to a block that interrupts a paragraph; or a setext
    heading, when they end at an underline (`---`, `===`)."""
    start, taken = i, list[str]()
    while i < len(lines) and lines[i].strip(" "):
        line = lines[i]
        if taken and _UNDERLINE.fullmatch(line):
            text = _inline("\n".join(taken))
            if text is None:
                return None
            return Heading(1 if line[0] == "=" else 2, text.plain, start + 1), i + 1
        if taken and _interrupts(lines, i):
            break
        if _starts_other_block(line):
            return None
        taken.append(line.rstrip(" "))
        i += 1
    text = _inline("\n".join(taken))
    return (Paragraph(text, start + 1), i) if text is not None else None


def _interrupts(lines: list[str], i: int) -> bool:
    """Whether line `i` starts a block that ends the paragraph before it (as CommonMark and
    markdown-it's table rule have it): an ATX heading, a fence, a callout, a `***` or `___` rule,
    a non-empty bullet item or an ordered one numbered 1, or a table."""
    line = lines[i]
    if line.startswith("#"):
        return _atx_heading(line) is not None
    if line.startswith(("```", "~~~", ">")):
        return True
    if _RULE.fullmatch(line):
        return line[0] in "*_"
    ordered = _ORDERED.fullmatch(line)
    if _BULLET.fullmatch(line) or (ordered is not None and ordered.group(1) == "1"):
        return True
    return line.startswith("|") and _table(lines, i) is not None


def _atx_heading(line: str) -> re.Match[str] | None:
    """`line` as an ATX heading this reader reads (none with a closing `#` sequence)."""
    match = _HEADING.fullmatch(line)
    return None if match is None or match.group(2).endswith("#") else match


def _heading(lines: list[str], i: int) -> tuple[Block, int] | None:
    match = _atx_heading(lines[i])
    if match is None:
        return None
    text = _inline(match.group(2))
    if text is None:
        return None
    return Heading(len(match.group(1)), text.plain, i + 1), i + 1


def _fence(lines: list[str], i: int) -> tuple[Block, int] | None:
    match = _FENCE.fullmatch(lines[i])
    if match is None:
        return None
    marker, info = match.groups()
    if (marker[0] == "`" and "`" in info) or "\\" in info or "&" in info:
        return None
    for j in range(i + 1, len(lines)):
        closing = lines[j].strip(" ")
        if not (closing.startswith(marker) and closing.strip(marker[0]) == ""):
            continue
        indent = len(lines[j]) - len(lines[j].lstrip(" "))
        if indent >= 4:
            continue  # content: a closing fence is indented at most three spaces
        if indent:
            return None
        content = "".join(line + "\n" for line in lines[i + 1 : j])
        lang = info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""
        return Code(lang, content, i + 1, True), j + 1
    return None  # unclosed: markdown-it's reading of where it ends is left to markdown-it


def _list(lines: list[str], i: int) -> tuple[Block, int] | None:
    start, kind = i, None
    items: list[Paragraph] = []
    while i < len(lines) and lines[i].strip(" "):
        bullet, ordered = _BULLET.fullmatch(lines[i]), _ORDERED.fullmatch(lines[i])
        match = bullet or ordered
        if match is None:
            if _ends_list(lines[i]):
                return ListBlock(tuple(items), start + 1), i
            return None  # a continuation line, or something else
        this = match.group(1) if bullet else match.group(2)
        text = match.group(match.lastindex or 0)
        if (kind is not None and this != kind) or _starts_other_block(text.rstrip(" ")):
            return None
        kind = this
        inline = _inline(text.rstrip(" "))
        if inline is None:
            return None
        items.append(Paragraph(inline, i + 1))
        i += 1
    # After a blank line, an item of the same list would continue it (a loose list).
    j = i
    while j < len(lines) and not lines[j].strip(" "):
        j += 1
    if j < len(lines) and _LIST_START.match(lines[j]):
        return None
    return ListBlock(tuple(items), start + 1), i


def _ends_list(line: str) -> bool:
    """Whether an unindented line after an item ends the list: an ATX heading, a fence or a
    callout (a paragraph line would continue the item)."""
    if line.startswith("#"):
        return _atx_heading(line) is not None
    return line.startswith(("```", "~~~", ">"))


def _callout(lines: list[str], i: int) -> tuple[Block, int] | None:
    start, inner = i, []
    while i < len(lines) and lines[i].startswith(">"):
        rest = lines[i][1:]
        inner.append(rest[1:] if rest.startswith(" ") else rest)
        i += 1
    if not _ends_block(lines, i):
        return None  # a lazy continuation line
    texts: list[Text] = []
    paragraph: list[str] = []
    for line in [*inner, ""]:
        if line.strip(" "):
            if _starts_other_block(line):
                return None
            paragraph.append(line.rstrip(" "))
        elif paragraph:
            text = _inline("\n".join(paragraph))
            if text is None:
                return None
            texts.append(text)
            paragraph = []
    return callout(texts, start + 1), i


def _table(lines: list[str], i: int) -> tuple[Block, int] | None:
    if i + 1 >= len(lines):
        return None
    aligns = _delimiter_columns(lines[i + 1])
    header = _cells(lines[i])
    if aligns is None or not header or len(header) != aligns:
        return None
    names: list[str] = []
    for cell in header:
        text = _inline(cell.strip(" "))
        if text is None:
            return None
        names.append(text.plain)
    rows: list[TableRow] = []
    padded = 0
    j = i + 2
    while j < len(lines) and lines[j].strip(" "):
        line = lines[j]
        if not line.startswith("|"):
            return None
        cells = _cells(line)
        padded += len(header) - len(cells)
        if padded > _MAX_PADDED_CELLS:
            return None
        texts: list[Text] = []
        for k in range(len(header)):
            text = _inline(cells[k].strip(" ")) if k < len(cells) else Text("")
            if text is None:
                return None
            texts.append(text)
        rows.append(TableRow(tuple(texts), len(cells), j + 1))
        j += 1
    return Table(tuple(names), tuple(rows), i + 1), j


def _delimiter_columns(line: str) -> int | None:
    """The number of columns a delimiter row (`|---|:--|`) declares, or None if it is not one."""
    if line.startswith(" "):
        return None  # indented: markdown-it may read it as code, not as the table's second line
    text = line.strip(" ")
    if len(text) < 2 or text[0] not in "|-:" or text[1] not in "|-: ":
        return None
    if set(text) - set("|-: ") or (text[0] == "-" and text[1] == " "):
        return None
    columns = text.split("|")
    count = 0
    for k, column in enumerate(columns):
        trimmed = column.strip(" ")
        if not trimmed:
            if k in (0, len(columns) - 1):
                continue
            return None
        if not _DELIMITER_CELL.fullmatch(trimmed):
            return None
        count += 1
    return count


def _cells(line: str) -> list[str]:
    """A row's cells as markdown-it's table rule splits them (`escapedSplit`: a pipe after a
    backslash is kept, without the backslash), without the empty ones its outer pipes make."""
    text = line.strip(" ")
    columns = text.split("|") if "\\" not in text else _escaped_split(text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _escaped_split(text: str) -> list[str]:
    """`text` split at each pipe that does not follow a backslash; `\\|` is kept as `|`."""
    columns: list[str] = []
    current, last, escaped = "", 0, False
    for pos, char in enumerate(text):
        if char == "|":
            if not escaped:
                columns.append(current + text[last:pos])
                current, last = "", pos + 1
            else:
                current += text[last : pos - 1]
                last = pos
        escaped = char == "\\"
    columns.append(current + text[last:])
    return columns


def _inline(text: str) -> Text | None:
    """`text` without markup: code spans, `**strong**`, inline links and backslash escapes
    read, everything else literal; None where markdown-it could read more (reference links,
    entities, autolinks, other emphasis)."""
    if "<" in text and _may_autolink(text):
        return None
    plain: list[str] = []
    codes: list[str] = []
    strong: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "`":
            end = text.find("`", i + 1)
            code = text[i + 1 : end]
            if (
                end < 0
                or text.startswith("``", i)
                or text.startswith("``", end)
                or not code
                or code[0] == " "
                or code[-1] == " "
                or "\n" in code
            ):
                return None
            plain.append(code)
            codes.append(code)
            i = end + 1
        elif char == "*" and text[i + 1 : i + 2] in ("", " ", "\n"):
            plain.append(char)  # cannot open emphasis, and nothing before is open to close
            i += 1
        elif char == "*":
            end = _strong_end(text, i)
            if end < 0:
                return None
            plain.append(text[i + 2 : end])
            strong.append(text[i + 2 : end])
            i = end + 2
        elif char == "\\":
            escaped = text[i + 1 : i + 2]
            if escaped == "\n":
                plain.append("\n")  # a hard line break
                i += 2
            elif escaped and escaped in _PUNCTUATION:
                plain.append(escaped)
                i += 2
            else:
                plain.append(char)
                i += 1
        elif char == "_":
            before, after = text[i - 1 : i], text[i + 1 : i + 2]
            if not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
                return None
            plain.append(char)
            i += 1
        else:
            found = _INLINE_MARK.search(text, i + 1)
            j = found.start() if found is not None else size
            # Outside code spans (read first, left to right, as markdown-it does), these could
            # start an escape, a link or an entity.
            run = text[i:j]
            if _ENTITY_START.search(run) or "![" in run:
                return None
            linked = _links(run) if "[" in run or "]" in run else run
            if linked is None:
                return None
            plain.append(linked)
            i = j
    return Text("".join(plain).strip(), tuple(codes), tuple(s.strip() for s in strong))


def _may_autolink(text: str) -> bool:
    """Whether a `<` may start an autolink (`<https://...>`, `<a@b.c>`): markdown-it reads one
    from a `<` to the next `>` with no `<` between, when what is between has a scheme or an @.
    (Raw HTML is off, so `array<string>` is text.)"""
    for start in (i for i, c in enumerate(text) if c == "<"):
        end = start + 1
        while end < len(text) and text[end] not in "<>":
            end += 1
        if end < len(text) and text[end] == ">" and any(c in text[start:end] for c in ":@"):
            return True
    return False


def _links(run: str) -> str | None:
    """`run` with each inline link `[label](url)` as its label; None if a bracket is anything
    else (a reference, a bracket inside a label, a link with a title)."""
    if any(_BAD_PROTOCOL.match(m.group(2)) for m in _LINK.finditer(run)):
        return None  # markdown-it does not link these; the text stays as written
    out = _LINK.sub(lambda m: m.group(1), run)
    return None if "[" in out or "]" in out else out


def _strong_end(text: str, i: int) -> int:
    """Where the `**` closing the one opening at `i` starts, or -1 unless the pair is plainly a
    strong span: opened at the start or after a space, before a character that is not a space;
    closed after one that is not a space, before the end, a space, a line break or a punctuation
    mark; and nothing inside to read but text."""
    before = text[i - 1 : i]
    if not text.startswith("**", i) or text.startswith("***", i) or before not in ("", " ", "\n"):
        return -1
    end = text.find("**", i + 2)
    if end < 0 or text.startswith("***", end):
        return -1
    inner = text[i + 2 : end]
    after = text[end + 2 : end + 3]
    if not inner or inner[0] == " " or inner[-1] == " " or any(c in inner for c in _NOT_IN_STRONG):
        return -1
    if _ENTITY_START.search(inner):
        return -1
    if after in ("", " ", "\n") or after in _CLOSE_FOLLOW:
        return end
    return -1
