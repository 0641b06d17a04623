"""Enums listed away from their row: value lists on the page, and the descriptions that refer to them.

A value list is one of
    a `## Section` holding one list (or table) of values   ## Sort Fields / - `createdAt` - ...
    a bold label followed by a list or a table              **Available color values:** / - `red`
    a callout holding one                                   > **Colors:** `red`, `blue`, `green`
    a table whose first column is Value (or Option, Enum)   | Value | Meaning |
whose items each start with one value: a code span, a quoted string, or a single word followed by
` - `, `: ` or `(`. A description refers to a list ("Must be one of the available color values",
"One of the values listed below", "See Sort Fields below"): the list whose label or section names
what it refers to (or, naming nothing, the only list on the page). A list in a `## Section` of its
own whose title names a string field (`sort` and `## Sort Fields`) is that field's enum without a
reference. A reference that finds no list, or several, is a warning at the row; so is a
description that says "one of" and gets no values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.diagnostics import Location, Sink
from generator.ir.docs import Field, Origin, TypeSpec
from generator.parse.blocks import Block, Callout, ListBlock, Paragraph, Table, Text
from generator.parse.pages import Page, Section
from generator.parse.prose import squeezed
from generator.parse.sections import KNOWN
from generator.parse.tables import check_default

__all__ = ["ValueList", "resolve_enums", "unused_lists", "value_lists"]

_NOT_SCANNED = frozenset({"status codes", "examples", "example", "endpoint", "authentication"})
_REFERENCE = [
    re.compile(
        r"\b(?:one|any|each) of the\s+(?P<x>(?:[\w-]+\s+){0,5}?)(?:values?|options?|fields?|choices)\b"
        r"(?:\s+(?:listed|shown|given))?",
        re.I,
    ),
    re.compile(
        r"\b(?:values?|options?) (?:are )?(?P<x>)(?:listed|shown|given) (?:below|above)\b", re.I
    ),
]
# "See Sort Fields below" refers to a list only when there is one it names.
_SEE = re.compile(r"\bsee (?:the )?(?P<x>(?:[\w-]+\s+){0,5}?)(?:below|above)\b", re.I)
_REFERENCE.append(_SEE)
_ENUM_SAYS = re.compile(
    r"\bone of\b|\b(?:allowed|possible|valid|available|supported|accepted) values\b"
    r"|\bvalues?\s*:|\boptions?\s*:",
    re.I,
)
_FILLER = frozenset(
    {"the", "a", "an", "available", "allowed", "supported", "valid", "possible", "following"}
    | {"listed", "shown", "given", "below", "above", "these", "those", "list", "section", "in"}
)
_VALUE = re.compile(
    r'^(?:"(?P<q>[^"]+)"|(?P<w>[\w#.+/-]+))(?:\s*(?:[-\u2013\u2014:(]|$).*)?$', re.S
)


@dataclass(frozen=True)
class ValueList:
    """A list of values on the page; `names` are the words of its label and section title."""

    label: str
    values: tuple[str, ...]
    line: int
    section: str
    names: frozenset[str]
    items: tuple[str, ...] = ()
    """Each item as written (`createdAt - when the link was created`)."""
    first: int = 0
    """The line of its label (or of the list, when it has none)."""
    last: int = 0
    """The line of its last item."""


def value_lists(page: Page) -> list[ValueList]:
    """Every value list on the page, in page order."""
    found: list[ValueList] = []
    for section in page.sections:
        if section.title.lower() in _NOT_SCANNED:
            continue
        found.extend(_section_lists(section))
    return found


def _section_lists(section: Section) -> Iterator[ValueList]:
    label, label_line = "", 0
    for block in section.blocks:
        values = _values(block)
        if isinstance(block, Callout):
            values, label = _values_in(block.blocks), block.title or label
            label_line = block.line if block.title else label_line
        if len(values) >= 2:
            names = _names(label, section)
            items = _item_texts(block)
            first = label_line if label and label_line else block.line
            yield ValueList(
                label or section.title,
                values,
                block.line,
                section.title,
                names,
                items,
                first,
                _last_line(block),
            )
            label = ""
        elif isinstance(block, Paragraph):
            label, label_line = _label(block.text), block.line
        else:
            label = ""


def _last_line(block: Block) -> int:
    """The line of the last item (or row) of a list, a table or a callout holding one."""
    if isinstance(block, ListBlock) and block.items:
        return block.items[-1].line
    if isinstance(block, Table) and block.rows:
        return block.rows[-1].line
    if isinstance(block, Callout) and block.blocks:
        return max(block.line, _last_line(block.blocks[-1]))
    return block.line


def _item_texts(block: Block) -> tuple[str, ...]:
    inner = block.blocks if isinstance(block, Callout) else (block,)
    for found in inner:
        if isinstance(found, ListBlock):
            return tuple(squeezed(item.text.plain) for item in found.items)
        if isinstance(found, Table):
            return tuple(" - ".join(c.plain for c in row.cells if c.plain) for row in found.rows)
    return ()


def _label(text: Text) -> str:
    """A paragraph that introduces a list: bold, or ending with a colon."""
    plain = text.plain.strip()
    if plain.endswith(":") or (text.strong and plain == " ".join(text.strong)):
        return plain.rstrip(":").strip()
    return ""


def _values(block: Block) -> tuple[str, ...]:
    if isinstance(block, ListBlock):
        return _list_values([item.text for item in block.items])
    if isinstance(block, Table) and _is_listing(block):
        return _list_values([row.cells[0] for row in block.rows if row.cells])
    return ()


def _values_in(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """The values a callout holds: one list or table, or a sentence of code spans only."""
    for block in blocks:
        values = _values(block)
        if values:
            return values
        if isinstance(block, Paragraph) and len(block.text.codes) >= 2:
            rest = block.text.plain.split("\n")[-1]
            for strong in block.text.strong:
                rest = rest.replace(strong, "")
            for code in block.text.codes:
                rest = rest.replace(code, "")
            if not re.sub(r"\b(?:and|or)\b|[\s,.;:]", "", rest):
                return tuple(dict.fromkeys(block.text.codes))
    return ()


def _is_listing(table: Table) -> bool:
    """A table of values: no Type column, and a first column of values."""
    header = [" ".join(h.lower().split()) for h in table.header]
    return bool(header) and "type" not in header and header[0] not in ("parameter", "name", "param")


def _list_values(items: list[Text]) -> tuple[str, ...]:
    values: list[str] = []
    for text in items:
        plain = text.plain.strip()
        if text.codes and plain.startswith(text.codes[0]):
            values.append(text.codes[0])
            continue
        match = _VALUE.match(plain)
        if match is None:
            return ()
        values.append(match.group("q") or match.group("w"))
    return tuple(dict.fromkeys(values))


def _names(label: str, section: Section) -> frozenset[str]:
    return frozenset(_stem(w) for w in re.findall(r"[A-Za-z0-9]+", f"{label} {section.title}"))


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def resolve_enums(
    page: Page, fields: list[Field], path: str, sink: Sink
) -> tuple[list[Field], set[str], set[int]]:
    """`fields` with the enums their descriptions refer to, the titles of the sections whose lists
    became an enum, and the lines of those lists."""
    lists = value_lists(page)
    used: list[ValueList] = []
    out = []
    for field in fields:
        field, found = _resolve(field, lists, sink)
        if found is not None:
            used.append(found)
            check_default(field.type, field.name, field.source, sink)
        out.append(field)
    sections = {v.section for v in used if v.section.lower() not in KNOWN}
    return out, sections, {v.line for v in used}


def unused_lists(page: Page, used: set[int], path: str, sink: Sink) -> None:
    """A value list in a parameters or body section that no field took is a warning at its line."""
    for values in value_lists(page):
        if values.line not in used and values.section.lower() in KNOWN:
            sink.warning(
                Location(path, values.line),
                f"the list of values {values.label!r} is not referred to by any field; "
                'say which field takes it ("Must be one of the available ... values")',
            )


def _resolve(field: Field, lists: list[ValueList], sink: Sink) -> tuple[Field, ValueList | None]:
    target = _enum_target(field.type)
    if target is None:
        return field, None
    text = squeezed(field.description)
    if target.enum:
        return field, None
    for pattern in _REFERENCE:
        reference = pattern.search(text)
        if reference is not None:
            quiet = pattern is _SEE
            phrase, what = reference.group(0), reference.group("x")
            found = _by_reference(field, phrase, what, lists, None if quiet else sink)
            if found[1] is not None or pattern is not _SEE:
                return found
    implicit = [v for v in lists if _titled_for(v, field)]
    if len(implicit) == 1:
        return _with_enum(field, implicit[0]), implicit[0]
    if _ENUM_SAYS.search(text):
        sink.warning(
            field.source,
            f"the description of {field.name!r} says its value is one of a set, but names no "
            "values hoko-codegen can read; list them in the description (`a`, `b` or `c`) or "
            "under a bold label further down the page",
        )
    return field, None


def _by_reference(
    field: Field, phrase: str, what: str, lists: list[ValueList], sink: Sink | None
) -> tuple[Field, ValueList | None]:
    words = {_stem(w) for w in re.findall(r"[A-Za-z0-9]+", what)} - {_stem(w) for w in _FILLER}
    found = [v for v in lists if words <= v.names] if words else list(lists)
    if not found and words:
        found = [v for v in lists if _stem(field.name) in v.names]
    if len(found) == 1:
        return _with_enum(field, found[0]), found[0]
    if sink is None:
        return field, None
    if not found:
        sink.warning(
            field.source,
            f"the description of {field.name!r} refers to a list of values ({phrase!r}) that "
            "this page does not have; the schema states no values",
        )
    else:
        places = ", ".join(f"{v.label!r} at line {v.line}" for v in found)
        sink.warning(
            field.source,
            f"the description of {field.name!r} refers to a list of values ({phrase!r}) but the "
            f"page has {len(found)} that fit ({places}); name the one it means",
        )
    return field, None


def _titled_for(values: ValueList, field: Field) -> bool:
    """A list in a `## Section` of its own whose title names the field (`## Sort Fields` for
    `sort`), or under a bold label that names it (`**Sort values:**`)."""
    title = values.section.lower()
    if title not in KNOWN and (
        field.name.lower() in title.split() or title in field.description.lower()
    ):
        return True
    label = {_stem(w) for w in re.findall(r"[A-Za-z0-9]+", values.label)}
    return values.label != values.section and _stem(field.name) in label


def _enum_target(spec: TypeSpec) -> TypeSpec | None:
    if spec.kind == "string":
        return spec
    if spec.kind == "array" and spec.items is not None and spec.items.kind == "string":
        return spec.items
    return None


def _with_enum(field: Field, values: ValueList) -> Field:
    """The field with the list's values; a list in a parameters or body section (which no note
    keeps) also lends its items' words to the field's description."""
    spec = field.type
    if spec.kind == "array" and spec.items is not None:
        spec = dataclasses.replace(spec, items=dataclasses.replace(spec.items, enum=values.values))
    else:
        spec = dataclasses.replace(spec, enum=values.values)
    where = Location(field.source.path, values.first or values.line)
    origin = Origin("enum", where, values.last)
    spec = dataclasses.replace(spec, origins=(*spec.origins, origin))
    description = field.description
    explained = [t for t in values.items if t not in values.values]
    if values.section.lower() in KNOWN and explained:
        description = f"{description}\n\n{values.label}: " + "; ".join(values.items)
    return dataclasses.replace(field, type=spec, description=description.strip())
