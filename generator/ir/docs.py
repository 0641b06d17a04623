"""The endpoint model: what the parser reads out of a Hoko page, before any OpenAPI exists.

Plain frozen dataclasses, no I/O and no behaviour. One `Endpoint` per page:

    Endpoint                     one `# (METHOD) Title` page
    ├── source                   where the page starts (file:line), for diagnostics and x-source
    ├── parameters: Field...     query, path and header parameters, from the tables
    ├── body: Body | None        the request body: its type, limits, fields and examples
    │   └── type: TypeSpec       e.g. array<string (UUID)> with min_items=1, max_items=10000
    └── responses: Response...   one per `### <status>` under `## Status Codes`
        └── examples: Example... the JSON bodies shown for that status

`TypeSpec` is the documented type of one value with the limits the prose gives it; `Field` names a
value and says where it goes. Everything carries a `Location` so later stages can point back at
the user's file; a constraint read away from its field's line says where (`Origin`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Location

Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]


class _Missing:
    """Marks "the doc gives no default" (None is a real default: null)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        # Unpickled (pages parsed by generator.helper), it is still the one MISSING.
        return "MISSING"


MISSING = _Missing()


@dataclass(frozen=True)
class Origin:
    """Where one constraint of a `TypeSpec` was read, when not on its field's own line: the
    sentence of a section that gave a body its item count, the list of values further down the
    page that gave a field its enum."""

    key: str
    """The constraint: a `TypeSpec` attribute (`max_items`, `enum`, `nullable`, ...)."""
    where: Location
    last: int = 0
    """The last line of what it was read from (a list of values); 0: `where`'s line alone."""


@dataclass(frozen=True)
class TypeSpec:
    """A documented type. `kind` is a JSON Schema type name, or "any" when the doc gives none."""

    kind: str
    format: str | None = None
    items: TypeSpec | None = None
    properties: tuple[Field, ...] = ()
    enum: tuple[Json, ...] = ()
    nullable: bool = False
    default: Json | _Missing = MISSING
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    origins: tuple[Origin, ...] = field(default=(), compare=False)
    """Where constraints read away from the field's own line came from (see `Origin`); the
    others come from that line. Not part of the type: two equal types may be read differently."""


@dataclass(frozen=True)
class Field:
    """A named value: a parameter (query, path, header) or a property of the request body."""

    name: str
    location: str
    type: TypeSpec
    required: bool
    description: str
    source: Location
    required_when: str = ""
    """The condition under which the doc requires the field ("Required when updating."); the
    field is then optional in the schema, and the condition stays in its description."""


@dataclass(frozen=True)
class Example:
    """A JSON value shown in the doc: `source` is the line where its text starts."""

    value: Json
    source: Location
    text: str = ""

    def line_of(self, path: tuple[str | int, ...]) -> Location:
        """The line of the value at `path` (keys followed in order through the text)."""
        offset = 0
        for key in path:
            if isinstance(key, str):
                found = self.text.find(json_key(key), offset)
                if found < 0:
                    break
                offset = found
        line = self.source.line + self.text.count("\n", 0, offset)
        return Location(self.source.path, line)


def json_key(key: str) -> str:
    import json

    return json.dumps(key, ensure_ascii=False) + ":"


@dataclass(frozen=True)
class Body:
    """The request body: its whole type (fields, if an object, live in `type.properties`)."""

    type: TypeSpec
    required: bool
    description: str
    examples: tuple[Example, ...]
    source: Location


@dataclass(frozen=True)
class Response:
    status: int
    description: str
    examples: tuple[Example, ...]
    source: Location
    fields: tuple[Field, ...] = ()
    """Fields a response table documents (`a.b`, `items[].c` name nested ones)."""
    implied: tuple[Field, ...] = ()
    """What the examples and the resource's request tables imply of the body's fields, beyond
    what the examples show: a field is nullable (`type.nullable`), may be left out (`required`
    False), or, where every example shows null, has the type `type` (`any`: unknown). Nested
    fields sit in `type.properties` (objects) and `type.items.properties` (arrays of objects)."""


@dataclass(frozen=True)
class Coverage:
    """What the parser found on a page against what it took into the endpoint."""

    rows: int = 0
    rows_taken: int = 0
    statuses: int = 0
    statuses_taken: int = 0
    sections: int = 0
    sections_mapped: int = 0

    def summary(self) -> str:
        return (
            f"{self.rows_taken}/{self.rows} table rows, "
            f"{self.statuses_taken}/{self.statuses} status codes, "
            f"{self.sections_mapped}/{self.sections} sections"
        )


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    title: str
    tagline: str
    description: str
    category: str
    scopes: tuple[tuple[str, ...], ...]
    """Scope sets, any one of which grants access (empty: any valid key)."""
    authenticated: bool
    parameters: tuple[Field, ...]
    body: Body | None
    responses: tuple[Response, ...]
    notes: tuple[str, ...]
    source: Location
    route: Location
    coverage: Coverage = Coverage()
    auth: Location | None = None
    """Where the page names its scopes (for messages across pages)."""
    category_source: Location | None = None
    """Where the page names its category (None: taken from the path)."""
    texts: tuple[tuple[int, int], ...] = ()
    """The lines (first, last) whose words the description keeps as they are: the tagline, the
    endpoint's description, the sections and callouts kept as notes."""
