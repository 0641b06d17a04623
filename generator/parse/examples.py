"""Example code blocks -> JSON values.

Responses are `json` blocks. Request bodies are read from the curl example (`-d '...'`,
`--data ...`) and, failing that, from the JavaScript example (`body: JSON.stringify(...)`).
"""

from __future__ import annotations

import json
import math
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import Example, Json
from generator.parse.blocks import Code

__all__ = ["JSON_LANGS", "MAX_DEPTH", "json_example", "load_json", "request_body_example"]

JSON_LANGS = ("json", "jsonc", "json5", "")
_CURL_DATA = re.compile(
    r"(?:-d|--data(?:-raw|-binary)?|--json)\s+(?P<q>['\"])(?P<body>.*?)(?P=q)", re.S
)
_JS_BODY = re.compile(r"body:\s*JSON\.stringify\(", re.S)
_CURL_ESCAPED_QUOTE = "'\\''"
# Deeper examples than this are refused: every later stage walks them recursively (and a real
# API's examples nest a handful of levels).
MAX_DEPTH = 32


class _Unusable(ValueError):
    """JSON that parses (or nearly) but that no later stage could hold."""


def load_json(text: str) -> Json:
    """`json.loads`, refusing what the later stages cannot hold: NaN and Infinity, numbers too
    long for Python to convert, nesting deeper than MAX_DEPTH, unpaired surrogate escapes
    (`"\\ud800"`, which no UTF-8 file can hold). Raises JSONDecodeError or ValueError."""
    try:
        value: Json = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as err:
        # int("1" * 5000) and deep nesting fail inside the decoder, not as a syntax error.
        raise _Unusable(_reason(err)) from None
    _check(value, 1)
    return value


def _no_constant(name: str) -> Json:
    raise _Unusable(f"{name} is not a JSON value")


def _reason(err: Exception) -> str:
    if isinstance(err, RecursionError):
        return f"it nests deeper than {MAX_DEPTH} levels"
    if "digits" in str(err):
        return "it holds a number with too many digits"
    return str(err)


def _check(value: Json, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _Unusable(f"it nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Unusable("it holds a number too large for a float")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise _Unusable(
            f"it holds an unpaired surrogate escape (\\u{ord(text[err.start]):04x})"
        ) from None


def json_example(code: Code, path: str, sink: Sink, what: str) -> Example | None:
    """The JSON value of a `json` block; a syntax error is reported at its exact line."""
    try:
        value = load_json(code.content)
    except json.JSONDecodeError as err:
        # code.line is the opening fence; the content starts on the next line.
        sink.error(Location(path, code.line + err.lineno), f"{what} is not valid JSON: {err.msg}")
        return None
    except ValueError as err:
        sink.error(Location(path, code.line + 1), f"{what} cannot be used: {err}")
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
        value = load_json(body)
    except ValueError:  # JSONDecodeError too: a body we cannot read is no example
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
        value = load_json(code.content[start:end])
    except ValueError:  # JSONDecodeError too: a body we cannot read is no example
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
