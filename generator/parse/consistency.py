"""Pages that contradict each other: warnings at both places, each naming the other as file:line.

- Scopes: the pages of one category that read (GET) name one scope set, and the pages that write
  (POST, PUT, PATCH, DELETE) another; a page naming a different set than the first page of its
  kind is reported (Hoko's partners pages name `linksWrite` on PUT and DELETE, `partnersWrite` on
  POST: a client cannot tell which key to ask for).
- Fields: a body field of one resource (the pages whose paths differ only in a trailing `{id}`)
  has one type, format and set of limits on every page that documents it.
- Shared objects: the objects a resource's success responses return (one shared component, e.g.
  `Partner`) show each field with one JSON type on every page.

What most pages say is the reference (the first page's, on a tie); each page that says something
else is reported at its line, and the first page that says the reference at its own, each
message naming the other place.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Location, Sink
from generator.ir.docs import Endpoint, Field, Json, TypeSpec
from generator.naming import pascal, singular
from generator.parse.resources import resource_key

__all__ = ["check_consistency"]

_READS = ("GET", "HEAD", "OPTIONS")


def check_consistency(endpoints: list[Endpoint], sink: Sink) -> None:
    """Warnings at both places for each contradiction between pages (see the module docstring)."""
    _scopes(endpoints, sink)
    _fields(endpoints, sink)
    _shared_objects(endpoints, sink)


def _pair(sink: Sink, here: Location, there: Location, said_here: str, said_there: str) -> None:
    sink.warning(here, f"{said_here} (at {there})", related=(there,))
    sink.warning(there, f"{said_there} (at {here})", related=(here,))


def _odd_ones(entries: list[tuple[str, Location, str]]) -> Iterator[tuple[int, int]]:
    """(index of an entry that differs, index of the reference it differs from), for `entries` of
    (value, place, words): the reference holds the value most entries share (the first, on a tie)."""
    counts: dict[str, int] = {}
    for value, _, _ in entries:
        counts[value] = counts.get(value, 0) + 1
    common = max(counts, key=lambda v: counts[v])  # max keeps the first of equal counts
    reference = next(i for i, entry in enumerate(entries) if entry[0] == common)
    for index, entry in enumerate(entries):
        if entry[0] != common:
            yield index, reference


def _report(sink: Sink, groups: dict[object, list[tuple[str, Location, str]]], what: str) -> None:
    """For each group of entries, the odd ones out and their reference, as warnings at both."""
    for key, entries in groups.items():
        label = what.format(*key) if isinstance(key, tuple) else what.format(key)
        for odd, ref in _odd_ones(entries):
            (_, here, said), (_, there, said_there) = entries[odd], entries[ref]
            _pair(
                sink,
                here,
                there,
                f"{label}: {said}, {said_there}",
                f"{label}: {said_there}, {said}",
            )


def _scopes(endpoints: list[Endpoint], sink: Sink) -> None:
    groups: dict[object, list[tuple[str, Location, str]]] = {}
    for endpoint in endpoints:
        if not endpoint.authenticated or not endpoint.scopes:
            continue
        kind = "reads" if endpoint.method in _READS else "writes"
        names = _scope_names(endpoint.scopes)
        said = f"{endpoint.method} {endpoint.path} needs {names}"
        where = endpoint.auth or endpoint.source
        groups.setdefault((endpoint.category, kind), []).append((names, where, said))
    _report(sink, groups, "the {0} pages name different scopes for {1}")


def _scope_names(scopes: tuple[tuple[str, ...], ...]) -> str:
    return " or ".join(" and ".join(sorted(s)) for s in sorted(scopes))


def _fields(endpoints: list[Endpoint], sink: Sink) -> None:
    groups: dict[object, list[tuple[str, Location, str]]] = {}
    for endpoint in endpoints:
        for field in _body_fields(endpoint):
            described = _describe(field.type)
            said = f"{endpoint.method} {endpoint.path} says {described}"
            key = (field.name, resource_key(endpoint))
            groups.setdefault(key, []).append((described, field.source, said))
    _report(sink, groups, "the field {0!r} of {1} differs between pages")


def _body_fields(endpoint: Endpoint) -> tuple[Field, ...]:
    if endpoint.body is None:
        return ()
    spec = endpoint.body.type
    holder = spec.items if spec.kind == "array" and spec.items is not None else spec
    return holder.properties


def _describe(spec: TypeSpec) -> str:
    """The type and limits of `spec` in words (nullability and defaults left out: an update
    admits null where a create does not, and only a create has defaults)."""
    text = spec.kind + (f" ({spec.format})" if spec.format else "")
    if spec.items is not None and spec.kind == "array":
        text += f" of {_describe(spec.items)}"
    limits = [
        f"{name} {value}"
        for name, value in (
            ("minimum", spec.minimum),
            ("maximum", spec.maximum),
            ("above", spec.exclusive_minimum),
            ("below", spec.exclusive_maximum),
            ("min length", spec.min_length),
            ("max length", spec.max_length),
            ("min items", spec.min_items),
            ("max items", spec.max_items),
        )
        if value is not None
    ]
    if spec.enum:
        limits.append("one of " + ", ".join(repr(v) for v in spec.enum))
    return text + (f" [{'; '.join(limits)}]" if limits else "")


def _shared_objects(endpoints: list[Endpoint], sink: Sink) -> None:
    groups: dict[object, list[tuple[str, Location, str]]] = {}
    for endpoint in endpoints:
        name = pascal(singular(endpoint.category))
        for key, kind, where in _object_fields(endpoint):
            said = f"{endpoint.method} {endpoint.path} returns {kind}"
            groups.setdefault((name, key, resource_key(endpoint)), []).append((kind, where, said))
    _report(sink, groups, "the {0} object's {1!r} differs between pages")


def _object_fields(endpoint: Endpoint) -> Iterator[tuple[str, str, Location]]:
    """(key, JSON type, line) of each field of the objects the success examples return: the body,
    each item of an array body, each item of an array one level down (`{"links": [...]}`)."""
    seen: set[str] = set()
    for response in endpoint.responses:
        if not (response.status == 0 or 200 <= response.status < 300):
            continue
        for example in response.examples:
            for path, obj in _resource_objects(example.value):
                for key, value in obj.items():
                    if value is None or key in seen:
                        continue
                    seen.add(key)
                    yield key, _json_type(value), example.line_of((*path, key))


def _resource_objects(value: Json) -> Iterator[tuple[tuple[str | int, ...], dict[str, Json]]]:
    tops: list[tuple[tuple[str | int, ...], Json]] = [((), value)]
    if isinstance(value, list):
        tops = [((i,), v) for i, v in enumerate(value)]
    for path, top in tops:
        if not isinstance(top, dict):
            continue
        yield path, top
        for key, inner in top.items():
            if isinstance(inner, list):
                for i, item in enumerate(inner):
                    if isinstance(item, dict):
                        yield (*path, key, i), item


def _json_type(value: Json) -> str:
    """The JSON type of an example value (whole and fractional numbers alike: examples of one
    amount may show 50 and 49.99)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
