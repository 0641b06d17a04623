"""One page -> one `Endpoint`: assembles the route, parameters, body, responses and notes.

`route.py` reads the title, method, path, category and scopes; `responses.py` the status codes
and examples; `sections.py` enum lists, notes and coverage; this module the parameter sections.
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import Body, Endpoint, Example, Field, Response, TypeSpec
from generator.parse.blocks import Table
from generator.parse.body import check_parameter_prose, read_body
from generator.parse.enums import resolve_enums, unused_lists
from generator.parse.pages import Page
from generator.parse.responses import merge_responses, read_examples_section, read_status_codes
from generator.parse.route import (
    METHODS,
    TITLE,
    auth,
    auth_location,
    category_from_path,
    described_lines,
    endpoint_line,
    preamble,
)
from generator.parse.sections import (
    PARAM_SECTIONS,
    coverage,
    note_lines,
    note_prose,
    notes,
    prose_lines,
    response_fields,
)
from generator.parse.tables import is_value_table, nest_fields, read_table

__all__ = ["METHODS", "read_page"]


def read_page(page: Page, path: str, sink: Sink) -> Endpoint | None:
    """The endpoint a page documents, or None (with an error in `sink`) when it names none."""
    found = _route(page, path, sink)
    if found is None:
        return None
    title, method, url_path, description, route = found
    where = Location(path, page.line)
    tagline, category, category_source = preamble(page, path, sink)
    if not category:
        category = category_from_path(url_path)
        sink.warning(where, f"page has no '**Category:**' line; using {category!r} from the path")
    scopes, authenticated = auth(page, path, sink)
    parameters, body, rows_taken = _parameters(page, method, url_path, path, sink)
    parameters, enum_sections, used = resolve_enums(page, parameters, path, sink)
    body, body_sections, body_used = _body_enums(page, body, path, sink)
    enum_sections |= body_sections
    unused_lists(page, used | body_used, path, sink)
    check_parameter_prose(parameters, note_prose(page, enum_sections), path, sink, body)
    responses, requests, documented = _responses(page, (method, url_path), path, sink)
    rows_taken += documented
    return Endpoint(
        method=method,
        path=url_path,
        title=title or f"{method} {url_path}",
        tagline=tagline,
        description=description,
        category=category,
        scopes=scopes,
        authenticated=authenticated,
        parameters=tuple(parameters),
        body=_with_examples(body, requests),
        responses=responses,
        notes=notes(page, path, sink, enum_sections),
        source=where,
        route=route,
        coverage=coverage(page, rows_taken, responses, enum_sections),
        auth=auth_location(page, path, scopes),
        category_source=category_source if category else None,
        texts=tuple(described_lines(page) + note_lines(page, enum_sections)),
    )


def _responses(
    page: Page, route: tuple[str, str], path: str, sink: Sink
) -> tuple[tuple[Response, ...], list[Example], int]:
    """The responses (with their tables' fields), the request bodies the success and `## Examples`
    examples send, and how many response table rows became a field."""
    responses, requests = read_status_codes(page.section("status codes"), path, sink, route)
    examples = page.section("examples", "example")
    extra_responses, extra_requests = read_examples_section(examples, path, sink, route)
    responses = merge_responses(responses, extra_responses)
    documented = response_fields(page, path, sink)
    return _with_fields(responses, documented), requests + extra_requests, len(documented)


def _route(page: Page, path: str, sink: Sink) -> tuple[str, str, str, str, Location] | None:
    """(title, method, path, description, where the method and path are written)."""
    where = Location(path, page.line)
    title_match = TITLE.match(page.title)
    title_method = title_match.group("method").strip().upper() if title_match else None
    title = (title_match.group("title") if title_match else page.title).strip()
    if title_method is not None and title_method not in METHODS:
        expected = ", ".join(METHODS)
        sink.error(
            where, f"unknown HTTP method {title_method!r} in the title; expected one of {expected}"
        )
        return None
    endpoint_section = page.section("endpoint")
    if endpoint_section is None:
        sink.error(where, f"page {title!r} has no '## Endpoint' section naming its method and path")
        return None
    found = endpoint_line(endpoint_section, path, sink)
    if found is None:
        return None
    method, url_path, description, route = found
    if title_method and title_method != method:
        sink.error(where, f"title says {title_method} but '## Endpoint' says {method}")
        return None
    return title, method, url_path, description, route


def _parameters(
    page: Page, method: str, url_path: str, path: str, sink: Sink
) -> tuple[list[Field], Body | None, int]:
    """Parameters, the body, and how many table rows became a field."""
    fields: list[Field] = []
    body_prose: list[tuple[int, str]] = []
    param_prose: list[tuple[int, str]] = []
    for section in page.sections:
        key = section.title.lower()
        if key not in PARAM_SECTIONS:
            continue
        default = PARAM_SECTIONS[key]
        for block in section.blocks:
            if isinstance(block, Table) and not is_value_table(block):
                fields.extend(read_table(block, path, default, sink))
        prose = body_prose if default in ("body", None) else param_prose
        prose.extend(prose_lines(section.blocks))
    fields = _without_repeats([_locate(f, method, url_path) for f in fields], sink)
    params = [_not_null(f, sink) for f in fields if f.location != "body"]
    params += _missing_path_params(params, url_path, Location(path, page.line), sink)
    check_parameter_prose(params, param_prose, path, sink)
    body_fields = [f for f in fields if f.location == "body"]
    if not body_fields:
        check_parameter_prose(params, body_prose, path, sink)
    body = read_body(body_fields, body_prose, method, path, sink)
    return params, body, len(fields)


def _without_repeats(fields: list[Field], sink: Sink) -> list[Field]:
    """The fields without repeats: a name documented twice is an error at its second row (it would
    otherwise reach the document twice, or silently replace the first)."""
    seen: dict[tuple[str, str], Field] = {}
    out: list[Field] = []
    for field in fields:
        # Header names are case-insensitive on the wire.
        name = field.name.lower() if field.location == "header" else field.name
        first = seen.setdefault((name, field.location), field)
        if first is field:
            out.append(field)
        else:
            what = "body field" if field.location == "body" else f"{field.location} parameter"
            sink.error(
                field.source,
                f"{what} {field.name!r} is documented twice (first at line {first.source.line})",
            )
    return out


def _not_null(field: Field, sink: Sink) -> Field:
    """A parameter as it can be sent: a query string, a path or a header holds no null."""
    if not field.type.nullable:
        return field
    sink.warning(
        field.source,
        f"{field.location} parameter {field.name!r} is said to admit null, but a {field.location} "
        "value cannot be null; left out, it is not sent",
    )
    return dataclasses.replace(field, type=dataclasses.replace(field.type, nullable=False))


def _locate(field: Field, method: str, url_path: str) -> Field:
    if field.location:
        return field
    if "{" + field.name + "}" in url_path:
        return dataclasses.replace(field, location="path", required=True)
    return dataclasses.replace(
        field, location="query" if method in ("GET", "HEAD", "OPTIONS") else "body"
    )


def _missing_path_params(
    params: list[Field], url_path: str, where: Location, sink: Sink
) -> list[Field]:
    named = {f.name for f in params if f.location == "path"}
    missing = []
    for name in re.findall(r"\{([^}]+)\}", url_path):
        if name not in named:
            named.add(name)
            sink.warning(where, f"path parameter {name!r} has no table row; typed as string")
            missing.append(Field(name, "path", TypeSpec("string"), True, "", where))
    return missing


def _body_enums(
    page: Page, body: Body | None, path: str, sink: Sink
) -> tuple[Body | None, set[str], set[int]]:
    """The body with the enums its fields' descriptions refer to (see `resolve_enums`)."""
    if body is None:
        return None, set(), set()
    spec = body.type
    array = spec.kind == "array" and spec.items is not None
    holder = spec.items if array and spec.items is not None else spec
    fields, sections, lines = resolve_enums(page, list(holder.properties), path, sink)
    holder = dataclasses.replace(holder, properties=tuple(fields))
    spec = dataclasses.replace(spec, items=holder) if array else holder
    return dataclasses.replace(body, type=spec), sections, lines


def _with_fields(responses: tuple[Response, ...], fields: list[Field]) -> tuple[Response, ...]:
    """Response tables describe the first success response (the one the client returns)."""
    if not fields:
        return responses
    out = list(responses)
    for index, response in enumerate(out):
        if 200 <= response.status < 300:
            out[index] = dataclasses.replace(response, fields=tuple(nest_fields(fields)))
            break
    return tuple(out)


def _with_examples(body: Body | None, examples: list[Example]) -> Body | None:
    """The body with its request examples; a body only the examples show is typed by them."""
    if body is None:
        if not examples:
            return None
        unique = _unique(examples)
        return Body(TypeSpec("any"), True, "", unique, unique[0].source)
    return dataclasses.replace(body, examples=_unique(examples))


def _unique(examples: list[Example]) -> tuple[Example, ...]:
    seen: list[object] = []
    out: list[Example] = []
    for example in examples:
        if example.value not in seen:
            seen.append(example.value)
            out.append(example)
    return tuple(out)
