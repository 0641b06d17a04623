"""Prepared values on the wire: the path, the query string, header values and the body's extras.

The values come from ``prepare`` (JSON values keyed by wire name) and from the per-call options
(``extra_query``, ``extra_body``), so a value here is a string, a number, a boolean, None or a
list of those; UUIDs, dates and enums from ``extra_query`` are spelled as the API expects too.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from urllib.parse import quote

from ._exceptions import ValidationError

__all__ = [
    "Content",
    "encode_cookies",
    "encode_path",
    "encode_query",
    "encode_value",
    "form_fields",
    "merge_body",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Content:
    """A body as httpx takes it: raw ``content`` with its ``content_type``, or form ``data``
    with ``files`` (httpx then writes the content type, and the multipart boundary)."""

    content: bytes | None = None
    content_type: str | None = None
    data: Mapping[str, str | list[str]] | None = None
    files: Sequence[tuple[str, tuple[str | None, bytes, str | None]]] | None = None

    def with_fields(self, extra: Mapping[str, object], operation: str) -> Content:
        """The body with a call's ``extra_body`` added to its form fields."""
        if self.data is None and self.files is None:
            raise ValidationError(
                operation,
                "extra_body",
                "cannot add fields to a body that is not a form",
            )
        return Content(
            data={**(self.data or {}), **form_fields(extra)}, files=self.files
        )


def form_fields(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Form fields as text: None is left out, a list repeated, an object sent as JSON."""
    out: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out[name] = [_form_text(item) for item in value if item is not None]
        else:
            out[name] = _form_text(value)
    return out


def _form_text(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return encode_value(value)


def encode_path(template: str, values: Mapping[str, object], operation: str) -> str:
    """``template`` with each ``{name}`` replaced by its percent-encoded value (``/`` too)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if values.get(name) is None:
            raise ValidationError(operation, name, "a path parameter is required")
        text = encode_value(values[name])
        # "", "." and ".." would quietly address another resource (/partners/ or /).
        if text in ("", ".", ".."):
            raise ValidationError(
                operation, name, f"a path parameter cannot be {text!r}"
            )
        return quote(text, safe="")

    return _PLACEHOLDER.sub(fill, template)


def encode_query(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Query parameters as strings: None is left out, lists become repeated keys."""
    params: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, AbstractSet)):
            params[name] = [encode_value(item) for item in value if item is not None]
        else:
            params[name] = encode_value(value)
    return params


def encode_cookies(values: Mapping[str, object]) -> str:
    """A ``Cookie`` header's value (``a=1; b=2``): None is left out, lists joined by commas,
    and what a cookie value may not hold percent-encoded."""
    pairs = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, AbstractSet)):
            text = ",".join(encode_value(item) for item in value if item is not None)
        else:
            text = encode_value(value)
        pairs.append(f"{name}={quote(text, safe=_COOKIE_SAFE)}")
    return "; ".join(pairs)


# RFC 6265's cookie-octets, less "%" (so that an encoded value reads back the same).
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def encode_value(value: object) -> str:
    """One query, path or header value as the API spells it: ``true``, ``50`` (never ``50.0``),
    ISO dates, enum values; an object as JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, enum.Enum):
        return encode_value(value.value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def merge_body(
    body: bytes | None, extra: Mapping[str, object], operation: str
) -> bytes:
    """``extra`` (a call's ``extra_body``) added to a JSON object body, or as the whole body.

    A body that is an array has no place for fields: that is an error, not a silent drop.
    """
    data = json.loads(body) if body is not None else {}
    if not isinstance(data, dict):
        raise ValidationError(
            operation, "extra_body", "cannot add fields to a body that is a JSON array"
        )
    data.update(extra)
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValidationError(operation, "extra_body", f"is not JSON: {exc}") from exc
