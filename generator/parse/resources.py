"""What a response carries, as a real backend answers: nulls for unset fields, unset fields left out.

A page's response examples show one answer, with every field set. The request tables of the same
resource (the pages whose paths differ only in a trailing `{id}`: `/api/links` and
`/api/links/{id}`) say which fields a client may leave unset, and so which ones the backend may
answer with null or leave out. Each success response gets `Response.implied`:

- A field the request tables (this page's, then its resource's create and upsert pages') mark
  optional, with nothing that fills it in (no default, not "generated"), or that may be null, is
  nullable and not required in the response. Required fields, fields required under a condition
  ("Required when updating": `id`), and optional ones with a default stay as the examples show.
  A PATCH table marks everything optional because a partial update may leave it alone, which says
  nothing of the resource: only what it says may be null counts.
- A field some example shows as null is nullable and not required.
- A field every example shows as null gets the type a response table or the request tables give
  it, else any JSON value, with a warning at the example's line.

The hints apply to the resource objects: the body, each item of an array body, and the objects one
level down (`{"links": [...]}`, `{"customer": {...}}`, where `name` also finds `customerName`).
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Sink
from generator.ir.docs import MISSING, Endpoint, Example, Field, Json, Response, TypeSpec

__all__ = ["resource_key", "with_implied"]

_FILLED = re.compile(
    r"\bdefaults? to\b|\bdefault(?: value)? is\b|\bis generated\b|\bgenerated when\b"
    r"|\bis assigned\b|\bset automatically\b",
    re.I,
)
_SAYS_NULL = re.compile(r"\bnull\b|\bnullable\b", re.I)
_WRITES = ("POST", "PUT")
_UPDATES = ("PATCH", "PUT")
Hints = dict[str, Field]
_HINTED_DEPTH = 1


def resource_key(endpoint: Endpoint) -> str:
    """The resource a page works on: its path without trailing `{param}` segments."""
    segments = endpoint.path.split("/")
    while segments and segments[-1].startswith("{"):
        segments.pop()
    return "/".join(segments) or "/"


def with_implied(endpoints: list[Endpoint], sink: Sink) -> list[Endpoint]:
    """Every endpoint with `implied` set on its success responses (see the module docstring)."""
    by_resource: dict[str, list[Endpoint]] = {}
    for endpoint in endpoints:
        by_resource.setdefault(resource_key(endpoint), []).append(endpoint)
    out = []
    for endpoint in endpoints:
        hints = _hints(endpoint, by_resource[resource_key(endpoint)])
        responses = tuple(_implied(r, hints, sink) for r in endpoint.responses)
        out.append(dataclasses.replace(endpoint, responses=responses))
    return out


def _hints(endpoint: Endpoint, pages: list[Endpoint]) -> Hints:
    """What the request tables say of each field of the resource, the page's own first."""
    first = () if endpoint.method == "PATCH" else (endpoint,)
    others = sorted(
        (p for p in pages if p is not endpoint or not first),
        key=lambda p: (p.method not in _WRITES, p.method, p.path),
    )
    hints: Hints = {}
    for page in (*first, *others):
        for field in _body_fields(page):
            hints.setdefault(field.name, _as_hint(field, page.method))
    return hints


def _body_fields(endpoint: Endpoint) -> tuple[Field, ...]:
    if endpoint.body is None:
        return ()
    spec = endpoint.body.type
    holder = spec.items if spec.kind == "array" and spec.items is not None else spec
    return holder.properties


def _as_hint(field: Field, method: str) -> Field:
    """The field as the resource has it: `required` if always set, `nullable` if maybe null."""
    spec = field.type
    if method in _UPDATES:
        # Every optional field of an update admits null (to clear it): only the prose says
        # whether the resource's field may be null.
        spec = dataclasses.replace(spec, nullable=bool(_SAYS_NULL.search(field.description)))
    if method == "PATCH":
        return dataclasses.replace(field, type=spec, required=True)
    filled = spec.default is not MISSING or bool(_FILLED.search(field.description))
    always = field.required or bool(field.required_when) or filled
    return dataclasses.replace(
        field,
        required=always and not spec.nullable,
        type=dataclasses.replace(spec, nullable=spec.nullable or not always),
    )


def _implied(response: Response, hints: Hints, sink: Sink) -> Response:
    if not (response.status == 0 or 200 <= response.status < 300) or not response.examples:
        return response
    documented = {f.name: f for f in response.fields}
    values = [e.value for e in response.examples]
    nodes: list[Node] = [(i, (), v) for i, v in enumerate(values)]
    if all(isinstance(v, list) for v in values):
        nodes = _items(nodes)
    if not nodes or not all(isinstance(v, dict) for _, _, v in nodes):
        return response
    fields = _Walk(response.examples, hints, sink).objects(nodes, documented, 0, "")
    return dataclasses.replace(response, implied=tuple(fields))


Node = tuple[int, tuple[str | int, ...], Json]
"""A value in an example: (which example, the keys and indexes leading to it, the value)."""


def _items(nodes: list[Node]) -> list[Node]:
    return [
        (i, (*path, n), x) for i, path, v in nodes if isinstance(v, list) for n, x in enumerate(v)
    ]


class _Walk:
    """The implied fields of the objects at some nodes, and below them."""

    def __init__(self, examples: tuple[Example, ...], hints: Hints, sink: Sink) -> None:
        self._examples = examples
        self._hints = hints
        self._sink = sink

    def objects(
        self, nodes: list[Node], documented: dict[str, Field], depth: int, prefix: str
    ) -> list[Field]:
        """Implied fields of the objects at `nodes`, `depth` levels below the body's resource
        objects (the hints apply at depth 0 and 1); `prefix` the key of an object at depth 1."""
        keys: dict[str, None] = {}
        for _, _, value in nodes:
            if isinstance(value, dict):
                keys.update(dict.fromkeys(value))
        out = []
        for key in keys:
            children: list[Node] = [
                (i, (*path, key), value[key])
                for i, path, value in nodes
                if isinstance(value, dict) and key in value
            ]
            hint = self._hint(prefix, key) if depth <= _HINTED_DEPTH else None
            field = self._field(key, children, documented.get(key), hint, depth)
            if field is not None:
                out.append(field)
        return out

    def _hint(self, prefix: str, key: str) -> Field | None:
        if prefix:
            found = self._hints.get(prefix + key[:1].upper() + key[1:])
            if found is not None:
                return found
        return self._hints.get(key)

    def _field(
        self,
        key: str,
        children: list[Node],
        documented: Field | None,
        hint: Field | None,
        depth: int,
    ) -> Field | None:
        present = [c for c in children if c[2] is not None]
        nulls = len(present) < len(children)
        if present:
            spec = self._nested(key, present, documented, depth + 1)
        else:
            spec = self._null_only(children, documented or hint)
        nullable = nulls or (hint is not None and hint.type.nullable)
        required = not nulls and (hint is None or hint.required)
        if required and not nullable and present and not (spec.properties or spec.items):
            return None
        where = self._examples[children[0][0]].line_of(children[0][1])
        return Field(key, "body", dataclasses.replace(spec, nullable=nullable), required, "", where)

    def _nested(
        self, key: str, present: list[Node], documented: Field | None, depth: int
    ) -> TypeSpec:
        """The JSON type of the values, with the implied fields of the objects they hold
        (`depth` levels below the resource objects)."""
        kinds = {_kind(v) for _, _, v in present}
        kind = kinds.pop() if len(kinds) == 1 else "any"
        inner = _inner(documented)
        if kind == "object":
            fields = self.objects(present, inner, depth, key)
            return TypeSpec("object", properties=tuple(fields))
        if kind == "array":
            items = _items(present)
            if items and all(isinstance(x, dict) for _, _, x in items):
                fields = self.objects(items, inner, depth, "")
                return TypeSpec("array", items=TypeSpec("object", properties=tuple(fields)))
            return TypeSpec("array", items=TypeSpec("any"))
        return TypeSpec(kind)

    def _null_only(self, children: list[Node], typed: Field | None) -> TypeSpec:
        if typed is not None:
            return dataclasses.replace(typed.type, default=MISSING, enum=())
        index, path = children[0][0], children[0][1]
        dotted = "".join(f".{p}" if isinstance(p, str) else "[]" for p in path).lstrip(".")
        self._sink.warning(
            self._examples[index].line_of(path),
            f"every example shows {dotted!r} as null and no table gives its type; the schema "
            "accepts any JSON value there (document the field in a response or request table)",
        )
        return TypeSpec("any")


def _inner(field: Field | None) -> dict[str, Field]:
    if field is None:
        return {}
    spec = field.type
    holder = spec.items if spec.kind == "array" and spec.items is not None else spec
    return {f.name: f for f in holder.properties}


def _kind(value: Json) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "any"
