"""Parameter tables -> `Field`s.

Columns are found by their header names, so both Hoko's layouts read the same:
`| Parameter | Type | Required | Location | Description |` and
`| Parameter | Type | Required | Description |` with the location in the name cell (`id (query)`).
Rows named `a.b` or `a[].b` describe a property of an object (or of an array's items) named `a`.
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import MISSING, Field, TypeSpec
from generator.parse.blocks import Table, TableRow, Text
from generator.parse.meaning import counted, requirement
from generator.parse.prose import Unread, apply_prose, described_keys, read_prose, unstated
from generator.parse.types import parse_type

__all__ = [
    "LOCATIONS",
    "VALUE_HEADERS",
    "check_default",
    "is_value_table",
    "nest_fields",
    "read_table",
]

LOCATIONS = {
    "query": "query",
    "path": "path",
    "header": "header",
    "headers": "header",
    "body": "body",
    "json": "body",
    "form": "body",
}
_COLUMNS = {
    "name": ("parameter", "name", "field", "property", "key", "param", "attribute"),
    "type": ("type", "data type", "format"),
    "required": ("required", "req", "required?", "mandatory"),
    "location": ("location", "in", "where", "param type", "parameter type"),
    "description": ("description", "details", "notes", "meaning"),
    "default": ("default", "default value"),
}
VALUE_HEADERS = frozenset(
    {"value", "values", "allowed value", "allowed values", "option", "options", "enum", "code"}
)
_NAME_LOCATION = re.compile(r"^(?P<name>.+?)\s*\((?P<loc>[\w ]+)\)$")
_YES = {"yes", "y", "true", "required", "✓", "✔", "x", "always"}
_NO = {"no", "n", "false", "optional", "", "-", "—"}


def read_table(
    table: Table, path: str, default_location: str | None, sink: Sink, *, strict: bool = True
) -> list[Field]:
    """The fields a parameter table describes; rows it cannot read are diagnosed, not dropped.

    A table without a Parameter and a Type column is an error (`strict`: a parameters or body
    section, where dropping it would drop the fields) or a warning (a response section)."""
    columns = _columns(table.header)
    if "name" not in columns or "type" not in columns:
        missing = " and ".join(
            title
            for role, title in (("name", "Parameter"), ("type", "Type"))
            if role not in columns
        )
        report = sink.error if strict else sink.warning
        report(
            Location(path, table.line),
            f"table with columns {', '.join(table.header)} has no {missing} column; "
            "expected | Parameter | Type | Required | Location | Description |"
            + ("" if strict else "; skipped"),
        )
        return []
    fields = []
    for row in table.rows:
        if row.source_cells != len(table.header):
            sink.error(
                Location(path, row.line),
                f"table row has {row.source_cells} cells, header has {len(table.header)}",
            )
            continue
        field = _field(row, columns, path, default_location, sink)
        if field is not None:
            fields.append(field)
    return fields


def is_value_table(table: Table) -> bool:
    """A table that lists values (`| Value | Description |`), not parameters."""
    first = " ".join(table.header[0].lower().split()) if table.header else ""
    return first in VALUE_HEADERS


def nest_fields(fields: list[Field]) -> list[Field]:
    """Fold `a.b` / `a[].b` rows into the properties of `a` (created if no row names it)."""
    top: dict[str, Field] = {}
    children: dict[str, list[Field]] = {}
    for field in fields:
        head, sep, child = field.name.partition(".")
        if sep and child:
            children.setdefault(head, []).append(dataclasses.replace(field, name=child))
        else:
            top[field.name] = field
    for raw_parent, kids in children.items():
        parent_name = raw_parent.removesuffix("[]")
        nested = tuple(nest_fields(kids))
        parent = top.get(parent_name) or Field(
            parent_name, kids[0].location, TypeSpec("object"), False, "", kids[0].source
        )
        top[parent_name] = dataclasses.replace(parent, type=_with_properties(parent.type, nested))
    return list(top.values())


def _with_properties(spec: TypeSpec, properties: tuple[Field, ...]) -> TypeSpec:
    if spec.kind == "array":
        items = spec.items if spec.items and spec.items.kind == "object" else TypeSpec("object")
        return dataclasses.replace(spec, items=_with_properties(items, properties))
    return dataclasses.replace(spec, kind="object", properties=spec.properties + properties)


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = " ".join(title.lower().split())
        for role, names in _COLUMNS.items():
            if key in names and role not in found:
                found[role] = index
    return found


def _field(
    row: TableRow, columns: dict[str, int], path: str, location: str | None, sink: Sink
) -> Field | None:
    where = Location(path, row.line)

    def cell(role: str) -> str:
        return row.cells[columns[role]].plain if role in columns else ""

    name, location = _name_and_location(cell("name"), location, where, sink)
    if "location" in columns:
        written = cell("location").strip().lower()
        if written not in LOCATIONS:
            sink.warning(
                where,
                f"unknown parameter location {written!r}; expected query, path, header or body",
            )
        location = LOCATIONS.get(written, location)
    if not name:
        sink.error(where, "table row has an empty parameter name")
        return None
    described = row.cells[columns["description"]] if "description" in columns else None
    description = described.plain if described else ""
    spec = _spec(cell("type"), cell("default"), name, described, where, sink)
    required = _required(cell("required"), where, sink) if "required" in columns else False
    required, condition = requirement(required, description, name, where, sink)
    return Field(name, location or "", spec, required, description, where, condition)


def _name_and_location(
    cell: str, location: str | None, where: Location, sink: Sink
) -> tuple[str, str | None]:
    """The name in a name cell, and the location it names (`id (query)`), if any."""
    name = cell.strip().strip("`").strip()
    named = _NAME_LOCATION.match(name)
    written = named.group("loc").strip().lower() if named else ""
    if named and written in LOCATIONS:
        return named.group("name").strip("` "), LOCATIONS[written]
    if named and written in ("optional", "required"):
        return named.group("name").strip("` "), location
    return name, location


def _spec(
    type_cell: str,
    default_cell: str,
    name: str,
    described: Text | None,
    where: Location,
    sink: Sink,
) -> TypeSpec:
    """The row's type with what its description and Default cell say, checked."""
    spec = parse_type(type_cell)
    if spec is None:
        sink.warning(where, f"unknown type {type_cell!r} for {name!r}; treated as any JSON value")
        spec = TypeSpec("any")
    description = described.plain if described else ""
    spec, unread = _described(spec, description, described.codes if described else (), where)
    if default_cell.strip() not in ("", "-", "\u2014"):
        spec = apply_prose(spec, f"default: {default_cell.strip()}")
    spec = counted(spec, name, description)
    for item in unread:
        sink.warning(
            where,
            f"the description of {name!r} states a constraint ({item.phrase!r}) that is not in "
            f"the schema: {item.reason}",
        )
    check_default(spec, name, where, sink)
    _check_limits(spec, name, where, sink)
    return spec


def _described(
    spec: TypeSpec, description: str, codes: tuple[str, ...], where: Location
) -> tuple[TypeSpec, list[Unread]]:
    spec, unread = read_prose(spec, description, codes)
    unread += unstated(description)
    if spec.format is None and spec.kind == "string" and re.search(r"\bUUIDs?\b", description):
        spec = dataclasses.replace(spec, format="uuid")
    if (
        spec.kind == "array"
        and spec.items
        and spec.items.kind == "string"
        and not spec.items.format
        and re.search(r"\bUUIDs?\b", description)
    ):
        spec = dataclasses.replace(spec, items=dataclasses.replace(spec.items, format="uuid"))
    if spec.kind == "object" and not spec.properties:
        keys = described_keys(description, codes)
        spec = dataclasses.replace(
            spec,
            properties=tuple(Field(k, "body", TypeSpec("string"), False, "", where) for k in keys),
        )
    return spec, unread


def check_default(spec: TypeSpec, name: str, where: Location, sink: Sink) -> None:
    """A default that the field's own values leave out is an error at its row (the document would
    contradict itself, and failed validation with no line to point at)."""
    if not spec.enum or spec.default is MISSING or spec.default in spec.enum:
        return
    if spec.default is None and spec.nullable:
        return
    values = ", ".join(repr(v) for v in spec.enum)
    sink.error(
        where, f"the default {spec.default!r} of {name!r} is not one of its values ({values})"
    )


_LIMIT_PAIRS = (
    ("minimum", "maximum", "minimum", "maximum"),
    ("min_length", "max_length", "minimum length", "maximum length"),
    ("min_items", "max_items", "minimum number of items", "maximum number of items"),
)


def _check_limits(spec: TypeSpec, name: str, where: Location, sink: Sink) -> None:
    """A lower limit above its upper one is an error at its row: no value could be sent, and the
    client would refuse every one it was given."""
    for limited in (spec, spec.items):
        if limited is None:
            continue
        for low_key, high_key, low_name, high_name in _LIMIT_PAIRS:
            low, high = getattr(limited, low_key), getattr(limited, high_key)
            if low is not None and high is not None and low > high:
                what = f"{name!r}" if limited is spec else f"the items of {name!r}"
                sink.error(
                    where,
                    f"the {low_name} of {what} ({low}) is above its {high_name} ({high}): "
                    "no value could satisfy both",
                )


def _required(text: str, where: Location, sink: Sink) -> bool:
    value = text.strip().lower().strip("*")
    if value in _YES or value.startswith("yes"):
        return True
    if value in _NO or value.startswith("no") or value.startswith("optional"):
        return False
    sink.warning(where, f"cannot read Required cell {text!r}; treated as optional")
    return False
