"""`## Status Codes` and `## Examples` -> `Response`s and request-body examples.

Under each `### <status>` heading the doc gives a description, then **Request** and **Response**
examples. The label before a code block says what it shows; without one, a `json` block is a
response and a shell or JavaScript block a request.
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import Example, Response
from generator.parse.blocks import Block, Callout, Code, Heading, Paragraph
from generator.parse.examples import JSON_LANGS, json_example
from generator.parse.pages import Section
from generator.parse.requests import request_example

__all__ = ["merge_responses", "read_examples_section", "read_status_codes"]

_STATUS = re.compile(r"^\D{0,3}(?P<code>[1-5]\d\d)\b")
_LABELS = {
    "request": "request",
    "response": "response",
    "example request": "request",
    "example response": "response",
}


@dataclasses.dataclass
class _Status:
    code: int
    line: int
    description: list[str] = dataclasses.field(default_factory=list)
    examples: list[Example] = dataclasses.field(default_factory=list)
    requests: list[Example] = dataclasses.field(default_factory=list)


Route = tuple[str, str] | None


def read_status_codes(
    section: Section | None, path: str, sink: Sink, route: Route = None
) -> tuple[tuple[Response, ...], list[Example]]:
    """Responses in doc order, and the request bodies the success examples send. Request
    examples are checked against `route` (the endpoint line's method and path)."""
    if section is None:
        return (), []
    statuses: list[_Status] = []
    current: _Status | None = None
    label = ""
    for block in section.blocks:
        if isinstance(block, Heading):
            current, label = _status_heading(block, path, sink, statuses), ""
        elif current is None:
            continue
        else:
            label = _read_block(block, current, label, path, sink, route)
    _check_duplicates(statuses, path, sink)
    responses = tuple(
        Response(s.code, " ".join(s.description).strip(), tuple(s.examples), Location(path, s.line))
        for s in statuses
    )
    requests = [r for s in statuses if 200 <= s.code < 300 for r in s.requests]
    return responses, requests


def read_examples_section(
    section: Section | None, path: str, sink: Sink, route: Route = None
) -> tuple[tuple[Response, ...], list[Example]]:
    """The `## Examples` section: its responses count as success examples."""
    if section is None:
        return (), []
    status = _Status(0, section.line)
    label = ""
    for block in section.blocks:
        label = _read_block(block, status, label, path, sink, route)
    response = Response(0, "", tuple(status.examples), Location(path, section.line))
    return ((response,) if status.examples else ()), status.requests


def merge_responses(
    responses: tuple[Response, ...], extra: tuple[Response, ...]
) -> tuple[Response, ...]:
    """Attach `## Examples` responses to the first success status (when they add anything)."""
    examples = [e for r in extra for e in r.examples]
    if not examples:
        return responses
    out = list(responses)
    for index, response in enumerate(out):
        if 200 <= response.status < 300:
            known = [e.value for e in response.examples]
            added = tuple(e for e in examples if e.value not in known)
            out[index] = dataclasses.replace(response, examples=response.examples + added)
            break
    return tuple(out)


def _status_heading(
    block: Heading, path: str, sink: Sink, statuses: list[_Status]
) -> _Status | None:
    match = _STATUS.match(block.text.strip())
    if match is None:
        sink.warning(
            Location(path, block.line),
            f"heading {block.text!r} under '## Status Codes' is not a status code; skipped",
        )
        return None
    status = _Status(int(match.group("code")), block.line)
    rest = block.text[match.end() :].strip(" -\u2013—:")
    if rest:
        status.description.append(rest)
    statuses.append(status)
    return status


def _read_block(
    block: Block, status: _Status, label: str, path: str, sink: Sink, route: Route
) -> str:
    if isinstance(block, Paragraph):
        text = block.text.plain.strip().rstrip(":")
        if text.lower() in _LABELS:
            return _LABELS[text.lower()]
        status.description.append(block.text.plain)
        return label
    if isinstance(block, Callout):
        status.description.append(f"{block.title}: {block.text}".strip(": "))
    if isinstance(block, Code):
        _read_code(block, status, label, path, sink, route)
    return label


def _read_code(
    block: Code, status: _Status, label: str, path: str, sink: Sink, route: Route
) -> None:
    kind = label or ("response" if block.lang in JSON_LANGS else "request")
    if kind == "response":
        if block.lang not in JSON_LANGS:
            sink.warning(
                Location(path, block.line), f"response example in {block.lang!r}, not json; skipped"
            )
            return
        what = f"the {status.code} response example" if status.code else "the response example"
        example = json_example(block, path, sink, what)
        if example is not None:
            status.examples.append(example)
    else:
        context = " ".join(status.description)
        request = request_example(block, route, path, sink, status=status.code, context=context)
        if request is not None:
            status.requests.append(request)


def _check_duplicates(statuses: list[_Status], path: str, sink: Sink) -> None:
    seen: dict[int, int] = {}
    for status in statuses:
        if status.code in seen:
            sink.error(
                Location(path, status.line),
                f"status {status.code} is documented twice (first at line {seen[status.code]})",
            )
        seen.setdefault(status.code, status.line)
