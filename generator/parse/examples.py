"""Example code blocks -> JSON values.

Responses are `json` blocks; request bodies come from curl and fetch examples
(`generator.parse.requests`). Both go through `load_json`.
"""

from __future__ import annotations

import json
import math

from generator.diagnostics import Location, Sink
from generator.ir.docs import Example, Json
from generator.parse.blocks import Code

__all__ = ["JSON_LANGS", "MAX_DEPTH", "json_example", "load_json"]

JSON_LANGS = ("json", "jsonc", "json5", "")
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
