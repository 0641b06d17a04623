"""Example code blocks -> JSON values.

Responses are `json` blocks. Request bodies are read from the curl example (`-d '...'`,
`--data ...`) and, failing that, from the JavaScript example (`body: JSON.stringify(...)`).
"""

from __future__ import annotations

import json
import re

from generator.diagnostics import Location, Sink
from generator.model import Example, Json
from generator.parse.blocks import Code

__all__ = ["JSON_LANGS", "json_example", "request_body_example"]

JSON_LANGS = ("json", "jsonc", "json5", "")
_CURL_DATA = re.compile(
    r"(?:-d|--data(?:-raw|-binary)?|--json)\s+(?P<q>['\"])(?P<body>.*?)(?P=q)", re.S
)
_JS_BODY = re.compile(r"body:\s*JSON\.stringify\(", re.S)
_CURL_ESCAPED_QUOTE = "'\\''"


def json_example(code: Code, path: str, sink: Sink, what: str) -> Example | None:
    """The JSON value of a `json` block; a syntax error is reported at its exact line."""
    try:
        value: Json = json.loads(code.content)
    except json.JSONDecodeError as err:
        # code.line is the opening fence; the content starts on the next line.
        sink.error(Location(path, code.line + err.lineno), f"{what} is not valid JSON: {err.msg}")
        return None
    return Example(value, Location(path, code.line + 1), code.content)


def request_body_example(code: Code, path: str) -> Example | None:
    """The JSON body a curl or JavaScript request example sends, if it sends one we can read."""
    if code.lang in ("bash", "sh", "shell", "curl", "console"):
        return _curl_body(code, path)
    if code.lang in ("javascript", "js", "typescript", "ts"):
        return _js_body(code, path)
    return None


def _curl_body(code: Code, path: str) -> Example | None:
    text = code.content.replace(_CURL_ESCAPED_QUOTE, "'")
    match = _CURL_DATA.search(text)
    if not match:
        return None
    body = match.group("body")
    if match.group("q") == '"':
        body = body.replace('\\"', '"')
    try:
        value: Json = json.loads(body)
    except json.JSONDecodeError:
        return None
    line = code.line + 1 + text[: match.start("body")].count("\n")
    return Example(value, Location(path, line), body)


def _js_body(code: Code, path: str) -> Example | None:
    match = _JS_BODY.search(code.content)
    if not match:
        return None
    start = match.end()
    end = _balanced_end(code.content, start)
    if end is None:
        return None
    try:
        value: Json = json.loads(code.content[start:end])
    except json.JSONDecodeError:
        return None
    line = code.line + 1 + code.content[:start].count("\n")
    return Example(value, Location(path, line), code.content[start:end])


def _balanced_end(text: str, start: int) -> int | None:
    """Index of the `)` closing the call whose arguments start at `start`, strings respected."""
    depth, quote, escaped = 1, "", False
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return None
