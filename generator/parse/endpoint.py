"""One page -> one `Endpoint`: the title, the `## Endpoint` line, auth scope and parameter sections.

Status codes and examples are read by `generator.parse.responses`; this module assembles the rest.
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.model import Body, Coverage, Endpoint, Example, Field, Response, TypeSpec
from generator.parse.blocks import Block, Callout, Code, Heading, ListBlock, Paragraph, Table
from generator.parse.pages import Page, Section
from generator.parse.prose import apply_item_limits
from generator.parse.responses import merge_responses, read_examples_section, read_status_codes
from generator.parse.tables import nest_fields, read_table

__all__ = ["METHODS", "read_page"]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_TITLE = re.compile(r"^\((?P<method>[^)]*)\)\s*(?P<title>.*)$", re.S)
# `DELETE /api/partners`, also written with the host (`DELETE https://hoko.to/api/partners`)
_ENDPOINT = re.compile(r"^`?(?P<method>[A-Za-z]+)\s+(?:https?://[^/\s`]+)?(?P<path>/[^\s`]*)`?$")
_NAME = r"[`\"']?[A-Za-z][\w.:-]*[`\"']?"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_NAME})*"
# "the linksWrite scope", "linksRead or linksWrite scope", "scopes: a, b"
_SCOPES = re.compile(
    rf"(?P<before>{_NAMES})\s+scopes?\b|\bscopes?\s*:\s*(?P<after>{_NAMES})", re.IGNORECASE
)
_NOT_SCOPES = {
    "the",
    "a",
    "an",
    "any",
    "required",
    "following",
    "this",
    "that",
    "with",
    "has",
    "api",
}
_NO_AUTH = re.compile(
    r"\bno authentication\b|\bdoes not require authentication\b|\bpublic endpoint\b", re.I
)
_PARAM_SECTIONS = {
    "query parameters": "query",
    "query": "query",
    "path parameters": "path",
    "headers": "header",
    "header parameters": "header",
    "request headers": "header",
    "request body": "body",
    "body parameters": "body",
    "body": "body",
    "parameters": None,
    "request parameters": None,
}
_KNOWN = {"endpoint", "authentication", "status codes", "examples", "example", *_PARAM_SECTIONS}


def read_page(page: Page, path: str, sink: Sink) -> Endpoint | None:
    """The endpoint a page documents, or None (with an error in `sink`) when it names none."""
    where = Location(path, page.line)
    title_match = _TITLE.match(page.title)
    title_method = title_match.group("method").strip().upper() if title_match else None
    title = (title_match.group("title") if title_match else page.title).strip()
    if title_method is not None and title_method not in METHODS:
        sink.error(
            where,
            f"unknown HTTP method {title_method!r} in the title; expected one of {', '.join(METHODS)}",
        )
        return None
    endpoint_section = page.section("endpoint")
    if endpoint_section is None:
        sink.error(where, f"page {title!r} has no '## Endpoint' section naming its method and path")
        return None
    found = _endpoint_line(endpoint_section, path, sink)
    if found is None:
        return None
    method, url_path, description, route = found
    if title_method and title_method != method:
        sink.error(where, f"title says {title_method} but '## Endpoint' says {method}")
        return None
    tagline, category = _preamble(page, path, sink)
    if not category:
        category = _category_from_path(url_path)
        sink.warning(where, f"page has no '**Category:**' line; using {category!r} from the path")
    scopes, authenticated = _auth(page, path, sink)
    parameters, body, rows_taken = _parameters(page, method, url_path, path, sink)
    parameters, enum_sections = _list_enums(page, parameters)
    responses, requests = read_status_codes(page.section("status codes"), path, sink)
    extra_responses, extra_requests = read_examples_section(
        page.section("examples", "example"), path, sink
    )
    responses = merge_responses(responses, extra_responses)
    if body is not None:
        body = _with_examples(body, requests + extra_requests)
    elif requests or extra_requests:
        examples = _unique(requests + extra_requests)
        body = Body(TypeSpec("any"), True, "", examples, examples[0].source)
    coverage = _coverage(page, rows_taken, responses, enum_sections)
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
        body=body,
        responses=responses,
        notes=_notes(page, path, sink, enum_sections),
        source=where,
        route=route,
        coverage=coverage,
    )


def _endpoint_line(
    section: Section, path: str, sink: Sink
) -> tuple[str, str, str, Location] | None:
    found: tuple[str, str, Location] | None = None
    description: list[str] = []
    for block in section.blocks:
        candidates: list[str] = []
        first_line = block.line
        if isinstance(block, Paragraph):
            candidates = block.text.plain.splitlines()
        elif isinstance(block, Code):
            candidates, first_line = block.content.splitlines(), block.line + 1
        for offset, line in enumerate(candidates):
            match = _ENDPOINT.match(line.strip())
            if match and found is None:
                method = match.group("method").upper()
                where = Location(path, first_line + offset)
                if method not in METHODS:
                    sink.error(
                        where,
                        f"unknown HTTP method {method!r}; expected one of {', '.join(METHODS)}",
                    )
                    return None
                found = (method, _normalise_path(match.group("path")), where)
            elif not match and isinstance(block, Paragraph) and block.text.plain != "Endpoint":
                description.append(line)
    if found is None:
        sink.error(
            Location(path, section.line),
            "'## Endpoint' does not name a method and path (e.g. 'GET /api/links')",
        )
        return None
    return found[0], found[1], "\n".join(description).strip(), found[2]


def _normalise_path(path: str) -> str:
    """`/api/links/:id`, `/api/links/<id>` and `/api/links/{id}` all become `/api/links/{id}`."""
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
    path = re.sub(r"/<([A-Za-z_]\w*)>", r"/{\1}", path)
    return re.sub(r"/:([A-Za-z_]\w*)", r"/{\1}", path)


def _category_from_path(path: str) -> str:
    segments = [s for s in path.split("/") if s and s != "api" and not s.startswith("{")]
    return segments[0].replace("-", " ").title() if segments else "Default"


def _preamble(page: Page, path: str, sink: Sink) -> tuple[str, str]:
    tagline: list[str] = []
    category = ""
    for block in page.preamble:
        if not isinstance(block, Paragraph):
            continue
        for line in block.text.plain.splitlines():
            label, sep, value = line.partition(":")
            if sep and label.strip().lower() == "category":
                category = value.strip()
            elif line.strip():
                tagline.append(line.strip())
    return " ".join(tagline), category


def _auth(page: Page, path: str, sink: Sink) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """(the scope sets any one of which grants access, whether a key is needed at all)."""
    section = page.section("authentication")
    if section is None:
        sink.warning(
            Location(path, page.line),
            "no '## Authentication' section; assuming an API key is required",
        )
        return (), True
    text = " ".join(_texts(section.blocks))
    if _NO_AUTH.search(text):
        return (), False
    scopes = _scope_sets(text)
    if not scopes:
        sink.warning(
            Location(path, section.line),
            "'## Authentication' names no scope; requiring an API key without one",
        )
    return scopes, True


def _scope_sets(text: str) -> tuple[tuple[str, ...], ...]:
    """ "a or b scope" -> ((a,), (b,)); "a and b scopes" -> ((a, b),); "the a scope" -> ((a,),)."""
    match = _SCOPES.search(text)
    if match is None:
        return ()
    listed = match.group("before") or match.group("after")
    alternatives = re.split(r"\s+or\s+|,\s*or\s+", listed)
    sets = []
    for alternative in alternatives:
        names = [n.strip("`\"' ") for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", alternative)]
        names = [n for n in names if n and n.lower() not in _NOT_SCOPES]
        if names:
            sets.append(tuple(names))
    return tuple(sets)


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text.plain)
        elif isinstance(block, Callout):
            texts.append(f"{block.title}: {block.text}")
        elif isinstance(block, ListBlock):
            texts.extend(item.text.plain for item in block.items)
    return texts


def _parameters(
    page: Page, method: str, url_path: str, path: str, sink: Sink
) -> tuple[list[Field], Body | None, int]:
    """Parameters, the body, and how many table rows became a field."""
    fields: list[Field] = []
    body_prose: list[str] = []
    for section in page.sections:
        key = section.title.lower()
        if key not in _PARAM_SECTIONS:
            continue
        default = _PARAM_SECTIONS[key]
        for block in section.blocks:
            if isinstance(block, Table):
                fields.extend(read_table(block, path, default, sink))
        if default in ("body", None):
            body_prose.extend(_texts(section.blocks))
    fields = [_locate(f, method, url_path) for f in fields]
    params = [f for f in fields if f.location != "body"]
    params += _missing_path_params(params, url_path, Location(path, page.line), sink)
    body = _body([f for f in fields if f.location == "body"], body_prose, method)
    return params, body, len(fields)


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
            sink.warning(where, f"path parameter {name!r} has no table row; typed as string")
            missing.append(Field(name, "path", TypeSpec("string"), True, "", where))
    return missing


def _body(fields: list[Field], prose: list[str], method: str) -> Body | None:
    if not fields:
        return None
    whole = next((f for f in fields if f.name.lower() == "body"), None)
    rest = nest_fields([f for f in fields if f is not whole])
    if whole is not None:
        spec = whole.type
        if rest:
            spec = _attach(spec, tuple(rest))
    else:
        spec = TypeSpec("object", properties=tuple(rest))
        if any(re.search(r"\barray of\b|\blist of\b", p, re.I) for p in prose):
            spec = TypeSpec("array", items=spec)
    if spec.kind == "array":
        spec = apply_item_limits(spec, prose + ([whole.description] if whole else []))
    source = (whole or fields[0]).source
    required = whole.required if whole is not None else any(f.required for f in fields)
    return Body(
        spec,
        required or method in ("POST", "PUT", "PATCH"),
        whole.description if whole else "",
        (),
        source,
    )


def _attach(spec: TypeSpec, properties: tuple[Field, ...]) -> TypeSpec:
    if spec.kind == "array":
        items = (
            spec.items
            if spec.items and spec.items.kind in ("object", "any")
            else TypeSpec("object")
        )
        return dataclasses.replace(spec, items=_attach(items, properties))
    return dataclasses.replace(spec, kind="object", properties=spec.properties + properties)


def _with_examples(body: Body, examples: list[Example]) -> Body:
    return dataclasses.replace(body, examples=_unique(examples))


def _unique(examples: list[Example]) -> tuple[Example, ...]:
    seen: list[object] = []
    out: list[Example] = []
    for example in examples:
        if example.value not in seen:
            seen.append(example.value)
            out.append(example)
    return tuple(out)


def _coverage(
    page: Page, rows_taken: int, responses: tuple[Response, ...], consumed: set[str]
) -> Coverage:
    rows = sum(
        len(b.rows)
        for s in page.sections
        if s.title.lower() in _PARAM_SECTIONS
        for b in s.blocks
        if isinstance(b, Table)
    )
    status_section = page.section("status codes")
    headings = (
        [b for b in status_section.blocks if isinstance(b, Heading)] if status_section else []
    )
    mapped = [s for s in page.sections if s.title.lower() in _KNOWN or s.title in consumed]
    return Coverage(
        rows=rows,
        rows_taken=rows_taken,
        statuses=len(headings),
        statuses_taken=len([r for r in responses if r.status]),
        sections=len(page.sections),
        sections_mapped=len(mapped),
    )


def _list_enums(page: Page, params: list[Field]) -> tuple[list[Field], set[str]]:
    """Enums written as a bullet list in a section of their own (`## Sort Fields` for `sort`).

    A list whose items each start with a code span gives the enum of the string parameter that
    the section's title names, or whose description names the section."""
    used: set[str] = set()
    out = list(params)
    for section in page.sections:
        if section.title.lower() in _KNOWN:
            continue
        values = _code_list(section.blocks)
        if len(values) < 2:
            continue
        title = section.title.lower()
        for index, field in enumerate(out):
            named = field.name.lower() in title.split() or title in field.description.lower()
            if named and field.type.kind == "string" and not field.type.enum:
                out[index] = dataclasses.replace(
                    field, type=dataclasses.replace(field.type, enum=tuple(values))
                )
                used.add(section.title)
    return out, used


def _code_list(blocks: tuple[Block, ...]) -> list[str]:
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    if len(lists) != 1:
        return []
    values = []
    for item in lists[0].items:
        codes = item.text.codes
        if not codes or not item.text.plain.startswith(codes[0]):
            return []
        values.append(codes[0])
    return list(dict.fromkeys(values))


def _notes(page: Page, path: str, sink: Sink, consumed: set[str]) -> tuple[str, ...]:
    notes: list[str] = []
    for section in page.sections:
        if section.title in consumed:
            notes.append(f"{section.title}: " + "; ".join(_texts(section.blocks)))
            continue
        if section.title.lower() in _KNOWN:
            notes.extend(f"{b.title}: {b.text}" for b in section.blocks if isinstance(b, Callout))
            continue
        sink.warning(
            Location(path, section.line),
            f"section '## {section.title}' is not one hoko-codegen maps; kept as a note in the description",
        )
        notes.append(f"{section.title}: " + " ".join(_texts(section.blocks)))
    return tuple(notes)
