"""Limits written in prose -> TypeSpec constraints.

Hoko's docs give limits in words: `(default: 50, min: 1, max: 10,000)`, `Defaults to "usd".`,
`(1-255 characters)`, `non-negative integer`, `"asc" for oldest first, "desc" for newest first`,
"You can delete up to 10,000 partners", "at least one". Each phrase maps to one constraint; numbers
keep their exact value (10,000 is 10000).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from generator.ir.docs import MISSING, Json, TypeSpec

__all__ = ["apply_item_limits", "apply_prose", "described_keys", "parse_number", "unread_limit"]

# A number as prose writes one; a run of digits too long to be a limit (it would overflow a float
# or Python's int conversion) is not read as a number at all, rather than cut or rounded.
_NUM = r"(?<![\d.])-?(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,18})(?:\.\d{1,18})?(?![\d.]*\d)"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "a single": 1}
_COUNT = _NUM + "|" + "|".join(_WORDS)
_LENGTH_UNIT = r"(?:characters?|chars?|letters?)"

_DEFAULT = re.compile(
    r"\bdefault(?:s)?(?:\s+(?:to|is|of|value(?: is)?))?\s*[:=]?\s*"
    r"(?P<v>\"(?:[^\"\\]|\\.)*\"|'[^']*'|`[^`]*`|" + _NUM + r"|true\b|false\b|null\b)",
    re.IGNORECASE,
)
_MIN = re.compile(r"\bmin(?:imum)?(?:\s+of)?\s*[:=]?\s*(?P<n>" + _NUM + r")(?P<unit>\s+\w+)?", re.I)
_MAX = re.compile(r"\bmax(?:imum)?(?:\s+of)?\s*[:=]?\s*(?P<n>" + _NUM + r")(?P<unit>\s+\w+)?", re.I)
_RANGE = re.compile(
    r"(?:between\s+)?(?P<lo>"
    + _NUM
    + r")\s*(?:-|\u2013|to|and)\s*(?P<hi>"
    + _NUM
    + r")\s*"
    + _LENGTH_UNIT,
    re.I,
)
_UP_TO_LENGTH = re.compile(
    r"\b(?:up to|at most|no more than)\s+(?P<n>" + _NUM + r")\s*" + _LENGTH_UNIT, re.I
)
_NON_NEGATIVE = re.compile(r"\bnon-?negative\b", re.I)
_POSITIVE = re.compile(r"(?<!non-)(?<!non)\bpositive\b", re.I)
_NULLABLE = re.compile(r"\bcan be null\b|\bnullable\b|\bor null\b|\bmay be null\b", re.I)
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)+)\"")
_ENUM_CUE = re.compile(
    r"\bone of\b|\beither\b|\bor\b|\bvalues?\s*:|\boptions?\s*:|\ballowed\b|\"[^\"]+\"\s+(?:for|means|=|:|-|\u2013)",
    re.I,
)
_ITEM_MAX = [
    re.compile(r"\bup to\s+(?P<n>" + _COUNT + r")\b(?!\s*" + _LENGTH_UNIT + ")", re.I),
    re.compile(
        r"\b(?:above|more than|over|exceeding)\s+(?P<n>"
        + _NUM
        + r")\b[^.]*\b(?:rejected|not allowed|fail)",
        re.I,
    ),
    re.compile(
        r"\b(?:at most|a maximum of|maximum of|max(?:imum)?\s*:?)\s*(?P<n>"
        + _NUM
        + r")\b(?!\s*"
        + _LENGTH_UNIT
        + ")",
        re.I,
    ),
]
_ITEM_MIN = [
    re.compile(r"\bat least\s+(?P<n>" + _COUNT + r")\b", re.I),
    re.compile(r"\b(?:non-empty|must not be empty|cannot be empty|can't be empty)\b", re.I),
]
_KEYS_LIST = re.compile(
    r"\b(?:supports?|supported keys(?: are)?|keys?(?: are)?|fields?(?: are)?|accepts?|such as|including)"
    r"\s*:?\s*(?P<list>[A-Za-z_][\w]*(?:\s*,\s*[A-Za-z_][\w]*)*,?\s+(?:and|or)\s+[A-Za-z_][\w]*)",
    re.I,
)


_LIMIT_CUE = re.compile(
    r"\b(?:defaults?\b|min(?:imum)?\b|max(?:imum)?\b|up to\b|at least\b|at most\b|between\b"
    r"|\d[\d,]*\s*characters?\b|one of\b)",
    re.IGNORECASE,
)


def _squeezed(text: str) -> str:
    """`text` with each run of whitespace as one space, as a rendered page shows it.

    The patterns allow whitespace around their words (`default \\s* : \\s* 50`); the ways to
    split a long run of spaces among them grow quadratically, so no pattern is shown one.
    """
    return " ".join(text.split())


def unread_limit(text: str) -> str | None:
    """The limit-like phrase in `text`, for a warning when no constraint came of it."""
    match = _LIMIT_CUE.search(_squeezed(text))
    return match.group(0) if match else None


def parse_number(text: str) -> int | float:
    """`10,000` -> 10000, `1.5` -> 1.5, `one` -> 1."""
    word = _WORDS.get(text.lower())
    if word is not None:
        return word
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def apply_prose(spec: TypeSpec, text: str, codes: Iterable[str] = ()) -> TypeSpec:
    """`spec` with every limit that `text` (a field's description) states."""
    text = _squeezed(text)
    changes: dict[str, object] = {}
    if _NULLABLE.search(text):
        changes["nullable"] = True
    default = _DEFAULT.search(text)
    if default:
        changes["default"] = _literal(default.group("v"), spec.kind)
    if spec.kind == "array":
        changes.update(_item_limits([text]))
    elif spec.kind in ("integer", "number"):
        changes.update(_number_limits(text, spec.kind))
    elif spec.kind == "string":
        changes.update(_length_limits(text))
        enum = _enum(text, tuple(codes))
        if enum:
            changes["enum"] = enum
    return dataclasses.replace(spec, **changes) if changes else spec  # type: ignore[arg-type]


def apply_item_limits(spec: TypeSpec, texts: Iterable[str]) -> TypeSpec:
    """`spec` (an array) with the item counts the section's prose and callouts state."""
    limits = _item_limits(_squeezed(t) for t in texts)
    return dataclasses.replace(spec, **limits) if limits else spec  # type: ignore[arg-type]


def described_keys(text: str, codes: Iterable[str] = ()) -> tuple[str, ...]:
    """Keys an object's description lists ("Supports source, medium, and campaign")."""
    text = _squeezed(text)
    codes = tuple(dict.fromkeys(c for c in codes if re.fullmatch(r"[A-Za-z_]\w*", c)))
    if len(codes) >= 2 and re.search(r"support|key|field|propert|accept|includ", text, re.I):
        return codes
    match = _KEYS_LIST.search(text)
    if not match:
        return ()
    names = re.split(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", match.group("list"))
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def _literal(raw: str, kind: str) -> Json:
    if raw[0] in "\"'`":
        value = raw[1:-1].replace('\\"', '"')
        if kind in ("integer", "number") and re.fullmatch(_NUM, value):
            return parse_number(value)
        return value
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    number = parse_number(raw)
    return float(number) if kind == "number" and isinstance(number, int) else number


def _number_limits(text: str, kind: str) -> dict[str, object]:
    out: dict[str, object] = {}
    low = _MIN.search(text)
    high = _MAX.search(text)
    if low:
        out["minimum"] = parse_number(low.group("n"))
    if high:
        out["maximum"] = parse_number(high.group("n"))
    if "minimum" not in out and _NON_NEGATIVE.search(text):
        out["minimum"] = 0
    elif "minimum" not in out and kind == "integer" and _POSITIVE.search(text):
        out["minimum"] = 1
    return out


def _length_limits(text: str) -> dict[str, object]:
    out: dict[str, object] = {}
    span = _RANGE.search(text)
    if span:
        out["min_length"] = int(parse_number(span.group("lo")))
        out["max_length"] = int(parse_number(span.group("hi")))
    for pattern, key in ((_MIN, "min_length"), (_MAX, "max_length")):
        match = pattern.search(text)
        unit = (match.group("unit") or "") if match else ""
        if match and key not in out and re.fullmatch(r"\s*" + _LENGTH_UNIT, unit, re.I):
            out[key] = int(parse_number(match.group("n")))
    up_to = _UP_TO_LENGTH.search(text)
    if up_to and "max_length" not in out:
        out["max_length"] = int(parse_number(up_to.group("n")))
    return out


def _enum(text: str, codes: tuple[str, ...]) -> tuple[Json, ...]:
    if not _ENUM_CUE.search(text):
        return ()
    without_default = _DEFAULT.sub("", text)
    quoted = [q.replace('\\"', '"') for q in _QUOTED.findall(without_default)]
    values = quoted if len(set(quoted)) >= 2 else list(codes)
    distinct = tuple(dict.fromkeys(values))
    return distinct if len(distinct) >= 2 else ()


def _item_limits(texts: Iterable[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for text in texts:
        for pattern in _ITEM_MAX:
            for match in pattern.finditer(text):
                value = int(parse_number(match.group("n")))
                out["max_items"] = min(value, int(out.get("max_items", value)))  # type: ignore[call-overload]
        for pattern in _ITEM_MIN:
            found = pattern.search(text)
            if found and "min_items" not in out:
                count = found.groupdict().get("n")
                out["min_items"] = int(parse_number(count)) if count else 1
    return out


def has_default(spec: TypeSpec) -> bool:
    return spec.default is not MISSING
