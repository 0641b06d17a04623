"""How the Hoko emulator (``support.hoko_api``) reads a request: errors, query values, body fields.

Every page documents the same error body, ``{"error": {"en": ..., "ar": ...}}``
(tests/fixtures/README.md: "Error bodies are `{"error": {"en": ..., "ar": ...}}`; 403 adds
`missingScopes`, 429 adds `retryAfter`"). The messages below are the ones the pages print under
each status; a bad query answers "Invalid query parameters" (links-list.md, ### 400), a bad body
or path id "Invalid request" (links-create.md and links-get.md, ### 400).

Reading is strict, as a backend with a schema validator is:

- a query integer is an optional minus sign and digits, nothing else: ``50.0``, ``abc``, ``5e1``,
  `` 5`` and an empty value are 400; a query name given twice is 400;
- a UUID is the canonical 8-4-4-4-12 hex form (links-get.md: "Invalid link ID (not a UUID)");
- a date is ISO 8601 (analytics-clicks.md: "missing or malformed dates"); one without an offset
  is read as UTC;
- in a body, an integer is a JSON number without a fraction or exponent (``4999.0`` is refused,
  customers-create.md: "Must be a non-negative integer"; conversion-tracking-sale.md: "Decimal
  amounts are rejected"), a boolean is ``true`` or ``false`` (never ``1`` or ``"true"``), a
  string is a JSON string; ``null`` is accepted only where the page says "Can be null";
- a body field the page doesn't list is refused, so a client that misspells a field (``collection_id``)
  fails loudly instead of being ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "BAD_QUERY",
    "BAD_REQUEST",
    "ApiError",
    "Call",
    "Field",
    "Query",
    "bad_query",
    "bad_request",
    "check_array",
    "check_fields",
    "check_ids",
    "format_time",
    "is_email",
    "is_url",
    "is_uuid",
    "parse_time",
]

BAD_REQUEST = ("Invalid request", "طلب غير صالح")
BAD_QUERY = ("Invalid query parameters", "معلمات الاستعلام غير صالحة")

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_INTEGER = re.compile(r"-?[0-9]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class ApiError(Exception):
    """An answer other than success: its status, its documented message, and why (for the log)."""

    def __init__(self, status: int, message: tuple[str, str], reason: str, **extra: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.body: dict[str, Any] = {"error": {"en": message[0], "ar": message[1]}, **extra}


def bad_request(reason: str) -> ApiError:
    """A 400 for a body or a path id."""
    return ApiError(400, BAD_REQUEST, reason)


def bad_query(reason: str) -> ApiError:
    """A 400 for a query parameter."""
    return ApiError(400, BAD_QUERY, reason)


def format_time(moment: datetime) -> str:
    """A UTC time as the pages print it: ``2026-11-28T09:30:00.000Z``."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime (UTC when no offset is given)."""
    if not text or not text[0].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


def is_email(value: str) -> bool:
    return _EMAIL.fullmatch(value) is not None


class Query:
    """The query string of one request, read strictly; every failure is a 400 ``BAD_QUERY``."""

    def __init__(self, query: Mapping[str, list[str]]) -> None:
        self._query = query

    def _one(self, name: str) -> str | None:
        values = self._query.get(name)
        if values is None:
            return None
        if len(values) != 1:
            raise bad_query(f"{name} is given {len(values)} times")
        return values[0]

    def integer(self, name: str, *, default: int, minimum: int, maximum: int | None = None) -> int:
        text = self._one(name)
        if text is None:
            return default
        if _INTEGER.fullmatch(text) is None:
            raise bad_query(f"{name}={text!r} is not an integer")
        value = int(text)
        if value < minimum or (maximum is not None and value > maximum):
            raise bad_query(f"{name}={value} is outside {minimum}..{maximum}")
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        text = self._one(name)
        if text is None:
            return default
        if text not in choices:
            raise bad_query(f"{name}={text!r} is not one of {', '.join(choices)}")
        return text

    def text(self, name: str, *, maximum: int | None = None) -> str | None:
        text = self._one(name)
        if text is not None and maximum is not None and len(text) > maximum:
            raise bad_query(f"{name} is longer than {maximum} characters")
        return text

    def uuid(self, name: str) -> str | None:
        text = self._one(name)
        if text is not None and not is_uuid(text):
            raise bad_query(f"{name}={text!r} is not a UUID")
        return None if text is None else text.lower()

    def email(self, name: str) -> str | None:
        text = self._one(name)
        if text is not None and not is_email(text):
            raise bad_query(f"{name}={text!r} is not an email address")
        return text

    def time(self, name: str) -> datetime:
        """A required ISO 8601 date-time."""
        text = self._one(name)
        if text is None:
            raise bad_query(f"{name} is required")
        moment = parse_time(text)
        if moment is None:
            raise bad_query(f"{name}={text!r} is not an ISO 8601 date")
        return moment


@dataclass(frozen=True)
class Field:
    """One row of a page's body table.

    ``kind`` is text, url, email, uuid, time, integer, number, boolean, choice (one of
    ``choices``), strings (an array of strings, each held to ``item_min``/``item_max``
    characters) or object (keys limited to ``keys`` when given). ``minimum``/``maximum`` bound a
    number's value or a text's length.
    """

    kind: str
    required: bool = False
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    item_min: int = 0
    item_max: int | None = None
    keys: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call:
    """One routed request: its path parameters, query, lower-case headers and JSON body (None
    when there is none)."""

    params: Mapping[str, str]
    query: Query
    headers: Mapping[str, str]
    body: Any

    def path_id(self) -> str:
        """The ``{id}`` of the path, which must be a UUID (links-get.md, ### 400: "Invalid
        link ID (not a UUID).")."""
        value = self.params["id"]
        if not is_uuid(value):
            raise bad_request(f"the path id {value!r} is not a UUID")
        return value.lower()


def check_ids(body: Any, *, maximum: int, what: str) -> list[str]:
    """A body that is an array of 1..maximum UUIDs; lower-cased, each once, in order."""
    ids = check_array(body, maximum=maximum, what=what)
    for index, value in enumerate(ids):
        if not is_uuid(value):
            raise bad_request(f"body[{index}]={value!r} is not a UUID")
    return list(dict.fromkeys(value.lower() for value in ids))


def check_array(body: Any, *, maximum: int, what: str) -> list[Any]:
    """A body that must be an array of 1..maximum items."""
    if not isinstance(body, list):
        raise bad_request(f"the body must be an array of {what}")
    if not 1 <= len(body) <= maximum:
        raise bad_request(f"the body holds {len(body)} {what}; 1..{maximum:,} are accepted")
    return body


def check_fields(item: Any, fields: Mapping[str, Field], where: str = "body") -> dict[str, Any]:
    """The fields of one body object, checked against its table: only those present, normalised
    (UUIDs in lower case, dates in the pages' format)."""
    if not isinstance(item, dict):
        raise bad_request(f"{where} must be an object")
    unknown = sorted(set(item) - set(fields))
    if unknown:
        raise bad_request(f"{where} has fields the docs don't list: {', '.join(unknown)}")
    for name, field in fields.items():
        if field.required and name not in item:
            raise bad_request(f"{where}.{name} is required")
    return {name: _check(f"{where}.{name}", value, fields[name]) for name, value in item.items()}


def _check(where: str, value: Any, field: Field) -> Any:
    if value is None:
        if not field.nullable:
            raise bad_request(f"{where} cannot be null")
        return None
    checker = _CHECKERS[field.kind]
    return checker(where, value, field)


def _text(where: str, value: Any, field: Field) -> str:
    if not isinstance(value, str):
        raise bad_request(f"{where} must be a string")
    _bounds(where, len(value), field, "characters")
    if field.pattern is not None and re.fullmatch(field.pattern, value) is None:
        raise bad_request(f"{where}={value!r} does not match {field.pattern}")
    return value


def _url(where: str, value: Any, field: Field) -> str:
    if not is_url(_text(where, value, field)):
        raise bad_request(f"{where}={value!r} is not an http(s) URL")
    return str(value)


def _email(where: str, value: Any, field: Field) -> str:
    if not is_email(_text(where, value, field)):
        raise bad_request(f"{where}={value!r} is not an email address")
    return str(value)


def _uuid(where: str, value: Any, field: Field) -> str:
    if not is_uuid(value):
        raise bad_request(f"{where}={value!r} is not a UUID")
    return str(value).lower()


def _time(where: str, value: Any, field: Field) -> str:
    moment = parse_time(value) if isinstance(value, str) else None
    if moment is None:
        raise bad_request(f"{where}={value!r} is not an ISO 8601 date")
    return format_time(moment)


def _integer(where: str, value: Any, field: Field) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{where}={value!r} is not an integer")
    _bounds(where, value, field, "")
    return value


def _number(where: str, value: Any, field: Field) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise bad_request(f"{where}={value!r} is not a number")
    _bounds(where, value, field, "")
    return value


def _boolean(where: str, value: Any, field: Field) -> bool:
    if not isinstance(value, bool):
        raise bad_request(f"{where}={value!r} is not true or false")
    return value


def _choice(where: str, value: Any, field: Field) -> str:
    if value not in field.choices:
        raise bad_request(f"{where}={value!r} is not one of {', '.join(field.choices)}")
    return str(value)


def _strings(where: str, value: Any, field: Field) -> list[str]:
    if not isinstance(value, list):
        raise bad_request(f"{where} must be an array of strings")
    item = Field("text", minimum=field.item_min, maximum=field.item_max)
    return [_text(f"{where}[{index}]", entry, item) for index, entry in enumerate(value)]


def _object(where: str, value: Any, field: Field) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{where} must be an object")
    unknown = sorted(set(value) - set(field.keys)) if field.keys else []
    if unknown:
        raise bad_request(f"{where} has keys the docs don't list: {', '.join(unknown)}")
    return value


def _bounds(where: str, size: float, field: Field, unit: str) -> None:
    low, high = field.minimum, field.maximum
    if (low is not None and size < low) or (high is not None and size > high):
        raise bad_request(f"{where} is {size} {unit}, outside {low}..{high}".replace("  ", " "))


_CHECKERS = {
    "text": _text,
    "url": _url,
    "email": _email,
    "uuid": _uuid,
    "time": _time,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "choice": _choice,
    "strings": _strings,
    "object": _object,
}
