"""The request body, and what the prose of its section says of it (and of the parameters').

- A `body` row types the whole body; the rows after it are its fields (of each item, for an
  array). Without one, the rows are the fields of an object, or of each item when the prose says
  "array of" / "list of".
- Limits in the section's sentences and callouts ("You can delete up to 10,000 partners",
  "Requests above 10,000 IDs are rejected", "at least one") bound an array body's item count.
  A limit there that bounds nothing in the schema is a warning at its line.
- Null: a field admits null when its description says so ("Can be null", "Can be null to clear",
  "send it explicitly as null"), when a sentence of the section says null clears it ("Send null to
  clear title or expiresAt"; naming no field: every optional one), and, in a PATCH or PUT body
  whose page singles out no field that way, when it is optional (left out, it is unchanged; sent
  as null, it is cleared). A page that names the fields null clears names all of them: the others
  are refused as null, as the API refuses them. A field required only under a condition
  ("Required when updating") is left out to mean something, not nulled.
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import Body, Field, Origin, TypeSpec
from generator.parse.limits import find_bounds
from generator.parse.prose import Taken, Unread, read_item_limits_at, squeezed
from generator.parse.sections import line_at
from generator.parse.tables import nest_fields

__all__ = ["check_parameter_prose", "read_body"]

_ARRAY_OF = re.compile(r"\barray of\b|\blist of\b", re.I)
_NULL_CLEARS = re.compile(
    r"\bnull\b.{0,80}\b(?:clear|clears|reset|resets|remove|removes|unset|unsets)\b"
    r"|\b(?:clear|reset|remove|unset)\b.{0,80}\bnull\b",
    re.I,
)
_UPDATES = ("PATCH", "PUT")
Prose = list[tuple[int, str]]


def read_body(fields: list[Field], prose: Prose, method: str, path: str, sink: Sink) -> Body | None:
    """The body the rows and the section's prose describe (None when no row documents one)."""
    if not fields:
        return None
    whole = next((f for f in fields if f.name.lower() == "body"), None)
    rest = nest_fields([f for f in fields if f is not whole])
    rest = _nullable(rest, prose, method, path)
    if whole is not None:
        spec = _attach(whole.type, tuple(rest)) if rest else whole.type
        prose = [*prose, (whole.source.line, whole.description)]
    else:
        spec = TypeSpec("object", properties=tuple(rest))
        if any(_ARRAY_OF.search(text) for _, text in prose):
            spec = TypeSpec("array", items=spec)
    if spec.kind == "array":
        spec, unread, taken = read_item_limits_at(spec, [text for _, text in prose])
        _report(unread, prose, path, sink, "the request body")
        spec = _with_origins(spec, taken, prose, path, whole)
    else:
        _check_unbound(prose, _limit_values(spec), path, sink, "the request body")
    source = (whole or fields[0]).source
    required = whole.required if whole is not None else any(f.required for f in fields)
    return Body(
        spec,
        required or method in ("POST", "PUT", "PATCH"),
        whole.description if whole else "",
        (),
        source,
    )


def _with_origins(
    spec: TypeSpec, taken: list[Taken], prose: Prose, path: str, whole: Field | None
) -> TypeSpec:
    """`spec` with where its section's sentences set its limits (the `body` row's own
    description, read with them, is the row's line: no origin needed)."""
    origins = []
    for item in taken:
        line, text = prose[item.index]
        if whole is not None and line == whole.source.line:
            continue
        origins.append(Origin(item.key, Location(path, line_at(text, line, item.offset))))
    return dataclasses.replace(spec, origins=(*spec.origins, *origins)) if origins else spec


def check_parameter_prose(
    params: list[Field], prose: Prose, path: str, sink: Sink, body: Body | None = None
) -> None:
    """A limit stated in a parameters section's sentences (or, given the `body`, in a note
    section's) must be one of the parameters' (or the body's) limits."""
    values: set[float] = set()
    for field in params:
        values |= _limit_values(field.type)
    what = "any parameter"
    if body is not None:
        values |= _limit_values(body.type)
        what = "any parameter or of the request body"
    _check_unbound(prose, values, path, sink, what)


def _attach(spec: TypeSpec, properties: tuple[Field, ...]) -> TypeSpec:
    if spec.kind == "array":
        items = (
            spec.items
            if spec.items and spec.items.kind in ("object", "any")
            else TypeSpec("object")
        )
        return dataclasses.replace(spec, items=_attach(items, properties))
    return dataclasses.replace(spec, kind="object", properties=spec.properties + properties)


def _nullable(fields: list[Field], prose: Prose, method: str, path: str) -> list[Field]:
    """The fields, with null admitted where the docs allow it (see the module docstring)."""
    named: dict[str, Location] = {}
    every: Location | None = None
    for line, text in prose:
        flat = squeezed(text)
        for match in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", flat):
            sentence = match.group(0)
            if not _NULL_CLEARS.search(sentence):
                continue
            where = Location(path, line_at(text, line, match.start()))
            words = set(re.findall(r"[\w-]+", sentence))
            mentioned = {f.name for f in fields if f.name in words}
            for name in mentioned:
                named.setdefault(name, where)
            every = every or (where if not mentioned else None)
    # A page that names the fields null clears (a sentence, or "Can be null" on some rows) says
    # which may be null; one that says nothing lets every optional field of an update be cleared.
    singled_out = bool(named) or any(f.type.nullable for f in fields)
    out = []
    for field in fields:
        optional = not field.required and not field.required_when
        said = named.get(field.name) or (every if optional else None)
        if said is not None or (optional and method in _UPDATES and not singled_out):
            spec = dataclasses.replace(field.type, nullable=True)
            if said is not None:
                spec = dataclasses.replace(spec, origins=(*spec.origins, Origin("nullable", said)))
            field = dataclasses.replace(field, type=spec)
        out.append(field)
    return out


_LIMIT_KEYS = (
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
)


def _limit_values(spec: TypeSpec) -> set[float]:
    """Every limit `spec` states, on itself, its items and its fields."""
    values = {float(v) for v in (getattr(spec, k) for k in _LIMIT_KEYS) if v is not None}
    for inner in (spec.items, *(f.type for f in spec.properties)):
        if inner is not None:
            values |= _limit_values(inner)
    return values


def _check_unbound(prose: Prose, values: set[float], path: str, sink: Sink, what: str) -> None:
    for line, text in prose:
        flat = squeezed(text)
        for bound in find_bounds(flat):
            if bound.unit in ("time", "rate"):
                continue
            ends = {float(v) for v in (bound.low, bound.high) if v is not None}
            if ends and ends <= values:
                continue
            sink.warning(
                Location(path, line_at(text, line, bound.start)),
                f"this sentence states a limit ({bound.text!r}) that is not a limit of {what}; "
                "put it in the description of the field it limits",
            )


def _report(unread: list[Unread], prose: Prose, path: str, sink: Sink, what: str) -> None:
    for item in unread:
        line, text = prose[item.index]
        sink.warning(
            Location(path, line_at(text, line, item.offset)),
            f"this sentence states a limit ({item.phrase!r}) that is not in the schema of "
            f"{what}: {item.reason}",
        )
