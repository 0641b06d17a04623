"""Doc text -> Python, TOML and markdown source text, always inert.

Doc text reaches generated source only through these: `py_literal` (repr of a JSON value),
`docstring` (an escaped literal, round-trip checked), `toml_string` and `fence`. Identifiers are
made by `generator.naming`.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["docstring", "fence", "py_literal", "toml_string"]


def py_literal(value: Any) -> str:
    """Python source for a JSON value (strings via repr, so any text is inert)."""
    if isinstance(value, float) and not math.isfinite(value):
        # repr() gives the names inf and nan, not literals; a YAML .inf default is one of these.
        return f'float("{value!r}")'
    if isinstance(value, (str, bool, int, float)) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def toml_string(text: str) -> str:
    """A TOML basic string whose value is `text` (JSON's escaping is not enough: TOML also
    refuses a raw DEL, and a lone surrogate cannot be written as UTF-8)."""
    out = []
    for char in str(text):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_NEEDS_ESCAPE = re.compile(r'[\\"]|[^\n -~]')


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted literal whose value is `text`: quotes, backslashes and controls escaped."""
    # Only a backslash, a quote or a character outside printable ASCII can need escaping.
    body = _NEEDS_ESCAPE.sub(lambda m: _escape(m.group()), text.replace("\r\n", "\n").strip())
    body = body.replace("\n", "\n" + indent)
    literal = '"""' + body + ("\n" + indent if "\n" in body else "") + '"""'
    # Emit nothing that does not say exactly the text (the added indent aside).
    if (
        ast.literal_eval(literal).replace("\n" + indent, "\n").strip()
        != text.replace("\r\n", "\n").strip()
    ):
        raise ValueError("docstring escaping did not round-trip")
    return literal


def fence(text: str, language: str = "") -> str:
    """A markdown code block holding `text`, its fence longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{text}\n{marker}"


def _escape(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    if (
        char == "\n"
        or (char.isprintable() and char.isascii())
        or (char.isprintable() and ord(char) > 0x9F)
    ):
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
