"""What a description says of its value -> TypeSpec constraints, and what it says that we cannot use.

Hoko's docs give limits in words: `Must be between 1 and 100.`, `(1-255 characters)`,
`Defaults to "usd".`, `non-negative integer`, `"asc" for oldest first, "desc" for newest first`,
"You can delete up to 10,000 partners", "at least one" (`generator.parse.limits` finds the limit
phrases). Each phrase maps to one constraint, and numbers keep their exact value (10,000 is 10000).
A phrase that states a limit the value's type cannot take (a length without "characters" on a
string, "at least 2 characters" on a number) comes back as `Unread`, for a warning at its line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.ir.docs import Json, TypeSpec
from generator.parse.limits import NUM, Bound, find_bounds, parse_number

__all__ = [
    "Taken",
    "Unread",
    "apply_item_limits",
    "apply_prose",
    "described_keys",
    "parse_number",
    "read_item_limits",
    "read_item_limits_at",
    "read_prose",
    "squeezed",
    "unstated",
]

_DEFAULT = re.compile(
    r"\bdefault(?:s)?(?:\s+(?:to|is|of|value(?: is)?))?\s*[:=]?\s*"
    r"(?P<v>\"(?:[^\"\\]|\\.)*\"|'[^']*'|`[^`]*`|" + NUM + r"|true\b|false\b|null\b)",
    re.IGNORECASE,
)
_NULLABLE = re.compile(
    r"\bcan be null\b|\bnullable\b|\bor null\b|\bmay be null\b|\bsend (?:it )?(?:explicitly )?"
    r"(?:as )?null\b|\bset (?:it )?to null\b|\bnull to clear\b",
    re.I,
)
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)+)\"")
_ENUM_CUE = re.compile(
    r"\bone of\b|\beither\b|\bor\b|\bvalues?\s*:|\boptions?\s*:|\ballowed\b|\"[^\"]+\"\s+(?:for|means|=|:|-|\u2013)",
    re.I,
)
# "One of: hour, day, week or month" (bare words after a colon or "one of").
_BARE_LIST = re.compile(
    r"\b(?:one of|values?|options?)\s*:\s*(?P<list>[\w.-]+(?:\s*,\s*[\w.-]+){0,30},?\s+(?:or|and)\s+[\w.-]+)",
    re.I,
)
_KEYS_LIST = re.compile(
    r"\b(?:supports?|supported keys(?: are)?|keys?(?: are)?|fields?(?: are)?|accepts?|such as|including)"
    r"\s*:?\s*(?P<list>[A-Za-z_][\w]*(?:\s*,\s*[A-Za-z_][\w]*)*,?\s+(?:and|or)\s+[A-Za-z_][\w]*)",
    re.I,
)
_LIMIT_NAMES = {
    "minimum": "minimum",
    "maximum": "maximum",
    "min_length": "minimum length",
    "max_length": "maximum length",
    "min_items": "minimum number of items",
    "max_items": "maximum number of items",
}


@dataclass(frozen=True)
class Taken:
    """A limit phrase that became a constraint: which one, and where the phrase is."""

    key: str
    """The `TypeSpec` attribute it set (`max_items`; `items.max_length` for its items')."""
    index: int
    """Which of the texts read it is in (for its line)."""
    offset: int
    """Where it starts in that text, with each run of whitespace as one space."""


@dataclass(frozen=True)
class Unread:
    """A phrase that states a constraint the schema does not get, and why."""

    phrase: str
    reason: str
    index: int = 0
    """Which of the texts read it is in (for its line)."""
    offset: int = 0
    """Where it starts in that text, with each run of whitespace as one space."""


def squeezed(text: str) -> str:
    """`text` with each run of whitespace as one space, as a rendered page shows it.

    The patterns allow whitespace around their words (`default \\s* : \\s* 50`); the ways to
    split a long run of spaces among them grow quadratically, so no pattern is shown one.
    """
    return " ".join(text.split())


def apply_prose(spec: TypeSpec, text: str, codes: Iterable[str] = ()) -> TypeSpec:
    """`spec` with every limit that `text` (a field's description) states."""
    return read_prose(spec, text, codes)[0]


def read_prose(
    spec: TypeSpec, text: str, codes: Iterable[str] = ()
) -> tuple[TypeSpec, list[Unread]]:
    """`spec` with what `text` states, and the limit phrases it could not take."""
    text = squeezed(text)
    changes: dict[str, object] = {}
    if _NULLABLE.search(text):
        changes["nullable"] = True
    default = _DEFAULT.search(text)
    if default:
        changes["default"] = _literal(default.group("v"), spec.kind)
    blanked = _DEFAULT.sub(lambda m: " " * len(m.group(0)), text)
    limits, unread = _bounds_for(spec, [(0, b) for b in find_bounds(blanked)])
    changes.update(limits)
    if spec.kind == "string":
        enum = _enum(text, tuple(codes))
        if enum:
            changes["enum"] = enum
    out = dataclasses.replace(spec, **changes) if changes else spec  # type: ignore[arg-type]
    return out, unread


_OBLIGATION = re.compile(r"\b(?:must|should|cannot|can't|may not|only|required to be)\b", re.I)
_STATED_VALUE = re.compile(r"(?<!ISO )(?<!RFC )(?<!e\.g\. )" + NUM + r"|\"[^\"]+\"|`[^`]+`", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def unstated(text: str) -> list[Unread]:
    """Sentences that oblige a value to a number or a literal ("Must be 7 or 9 digits", "must
    start with \"hk_\"") without a phrase hoko-codegen reads into the schema."""
    text = squeezed(text)
    out: list[Unread] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if not (_OBLIGATION.search(sentence) and _STATED_VALUE.search(sentence)):
            continue
        if find_bounds(sentence) or _DEFAULT.search(sentence) or _enum(sentence, ()):
            continue
        out.append(Unread(sentence, "hoko-codegen reads no constraint from it", 0, match.start()))
    return out


def apply_item_limits(spec: TypeSpec, texts: Iterable[str]) -> TypeSpec:
    """`spec` (an array) with the item counts the section's prose and callouts state."""
    return read_item_limits(spec, texts)[0]


def read_item_limits(spec: TypeSpec, texts: Iterable[str]) -> tuple[TypeSpec, list[Unread]]:
    """`spec` with the limits sentences about the whole value state (a body's section prose), and
    the phrases it could not take (`Unread.index` says in which text)."""
    spec, unread, _taken = read_item_limits_at(spec, texts)
    return spec, unread


def read_item_limits_at(
    spec: TypeSpec, texts: Iterable[str]
) -> tuple[TypeSpec, list[Unread], list[Taken]]:
    """`read_item_limits`, with where each limit it set was read (`Taken`)."""
    bounds = [(i, b) for i, text in enumerate(texts) for b in find_bounds(squeezed(text))]
    taken: list[Taken] = []
    limits, unread = _bounds_for(spec, bounds, taken)
    out = dataclasses.replace(spec, **limits) if limits else spec  # type: ignore[arg-type]
    return out, unread, taken


def described_keys(text: str, codes: Iterable[str] = ()) -> tuple[str, ...]:
    """Keys an object's description lists ("Supports source, medium, and campaign")."""
    text = squeezed(text)
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
        if kind in ("integer", "number") and re.fullmatch(NUM, value):
            return parse_number(value)
        return value
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    number = parse_number(raw)
    return float(number) if kind == "number" and isinstance(number, int) else number


def _target(spec: TypeSpec, unit: str) -> str | None:
    """Which limits a bound with `unit` sets on `spec`: "value", "length", "items",
    "item length", "" (none: spans of time and rates are no schema constraint), or None (a limit
    this type cannot take)."""
    if unit in ("time", "rate") and spec.kind not in ("integer", "number"):
        return ""
    if spec.kind in ("integer", "number"):
        return None if unit == "length" else "value"
    if spec.kind == "string":
        return "length" if unit == "length" else None
    if spec.kind == "array":
        if unit == "length":
            return "item length" if spec.items and spec.items.kind == "string" else None
        return "items"
    return None


_KEYS = {
    "value": ("minimum", "maximum"),
    "length": ("min_length", "max_length"),
    "items": ("min_items", "max_items"),
    "item length": ("min_length", "max_length"),
}


def _bounds_for(
    spec: TypeSpec, bounds: list[tuple[int, Bound]], taken: list[Taken] | None = None
) -> tuple[dict[str, object], list[Unread]]:
    """The TypeSpec changes `bounds` (each with the index of its text) make on `spec`, and the
    ones it cannot take; each one taken is added to `taken`."""
    changes: dict[str, object] = {}
    item_changes: dict[str, object] = {}
    unread: list[Unread] = []
    for index, bound in bounds:
        target = _target(spec, bound.unit)
        if target == "":
            continue
        if target is None:
            unread.append(Unread(bound.text, _misfit(spec), index, bound.start))
            continue
        into = item_changes if target == "item length" else changes
        problem = _set_ends(into, _KEYS[target], bound, spec.kind if target == "value" else "count")
        if problem:
            unread.append(Unread(bound.text, problem, index, bound.start))
        elif taken is not None:
            prefix = "items." if target == "item length" else ""
            keys = [k for k in _set_keys(_KEYS[target], bound) if k in into]
            taken.extend(Taken(prefix + k, index, bound.start) for k in keys)
    if item_changes and spec.items is not None:
        changes["items"] = dataclasses.replace(spec.items, **item_changes)  # type: ignore[arg-type]
    return changes, unread


def _set_keys(keys: tuple[str, str], bound: Bound) -> list[str]:
    """The keys a bound sets (an exclusive end of a number sets `exclusive_...`)."""
    found = []
    for key, value, exclusive in (
        (keys[0], bound.low, bound.low_exclusive),
        (keys[1], bound.high, bound.high_exclusive),
    ):
        if value is not None:
            found.extend([key, "exclusive_" + key] if exclusive else [key])
    return found


def _set_ends(into: dict[str, object], keys: tuple[str, str], bound: Bound, kind: str) -> str:
    """Set the bound's ends in `into`; a reason when they cannot be set, else ""."""
    ends = [
        (keys[0], bound.low, bound.low_exclusive, 1),
        (keys[1], bound.high, bound.high_exclusive, -1),
    ]
    for key, value, exclusive, step in ends:
        if value is None:
            continue
        if kind != "number" and not float(value).is_integer():
            return f"a {_LIMIT_NAMES[key]} must be a whole number"
        if kind == "number" and exclusive:
            key = "exclusive_" + key
        elif exclusive:
            value = int(value) + step
        elif kind != "number":
            value = int(value)
        known = into.get(key)
        if known is not None and known != value:
            return f"it contradicts the {_LIMIT_NAMES.get(key, key.replace('_', ' '))} stated before ({known})"
        into[key] = value
    return ""


def _misfit(spec: TypeSpec) -> str:
    if spec.kind == "string":
        return "a string takes a length in characters (write '... characters')"
    if spec.kind in ("integer", "number"):
        return "a number takes no length"
    if spec.kind == "array":
        return "its items are not strings, so they take no length"
    return f"a value of type {spec.kind} takes no such limit"


def _enum(text: str, codes: tuple[str, ...]) -> tuple[Json, ...]:
    if not _ENUM_CUE.search(text):
        return ()
    without_default = _DEFAULT.sub("", text)
    quoted = [q.replace('\\"', '"') for q in _QUOTED.findall(without_default)]
    values = quoted if len(set(quoted)) >= 2 else list(codes)
    if len(set(values)) < 2:
        bare = _BARE_LIST.search(without_default)
        if bare:
            listed = bare.group("list").rstrip(".")
            values = re.split(r"\s*,\s*(?:(?:or|and)\s+)?|\s+(?:or|and)\s+", listed)
    distinct = tuple(dict.fromkeys(v for v in values if v))
    return distinct if len(distinct) >= 2 else ()
