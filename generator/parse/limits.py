"""Limits written in words -> `Bound`s: a lower and/or upper end, and what they bound.

The phrases Hoko's pages use, and the usual ways of writing a limit in English:

    range   between 1 and 100, from 1 to 100, (1-100), 1-255 characters, 1 to 255 characters
    lower   at least N, no fewer than N, no less than N, minimum (of) N, min: N, >= N, N or more
    upper   at most N, up to N, no more than N, maximum (of) N, max: N, <= N, N or fewer,
            cannot exceed N, must not exceed N
    strict  greater than N, more than N, > N, less than N, fewer than N, < N
    refusal "Requests above 1,000 links are rejected" (an upper end of 1,000)
    sign    non-negative, not negative, cannot be negative (>= 0), positive (> 0)

The word after the number is its unit: characters bound a length, days or hours a span of time
(which no schema keyword states), "per minute" a rate; any other word names what is counted. Which
constraint a bound becomes depends on the value it describes (see `generator.parse.prose`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["NUM", "Bound", "find_bounds", "parse_number"]

Number = int | float

# A number as prose writes one; a run of digits too long to be a limit (it would overflow a float
# or Python's int conversion) is not read as a number at all, rather than cut or rounded.
_CORE = r"-?(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,18})(?:\.\d{1,18})?"
NUM = r"(?<![\w.#/-])" + _CORE + r"(?![\d.]*\d)(?![\w-])"
_LO = r"(?<![\w.#/-])" + _CORE + r"(?![\d.]*\d)"
_HI = _CORE + r"(?![\d.]*\d)(?![\w-])"
_WORDS = {
    "zero": 0,
    "one": 1,
    "a single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_N = r"(?:" + NUM + r"|\b(?:" + "|".join(_WORDS) + r")\b)"
_UNIT = r"(?:\s+(?P<unit>[A-Za-z]+)(?:\s+(?P<per>per)\b)?)?"

LENGTH_UNITS = frozenset({"character", "characters", "char", "chars", "letter", "letters"})
TIME_UNITS = frozenset(
    {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks"}
    | {"month", "months", "year", "years", "ms", "milliseconds", "millisecond"}
)
# Words that may follow a number without naming what it counts ("up to 1,000 in one request").
_NOT_UNITS = frozenset(
    {"in", "at", "a", "an", "the", "and", "or", "for", "to", "of", "is", "are", "per", "with"}
    | {"by", "on", "from", "inclusive", "exclusive", "each", "total", "if", "when", "so"}
)


@dataclass(frozen=True)
class Bound:
    """One limit phrase: its ends, and the unit of what it bounds.

    `unit` is "length" (characters), "time" (a span of time), "rate" ("per minute"), a counted
    noun as written ("links", "IDs"), or "" when the number stands alone."""

    text: str
    start: int
    low: Number | None = None
    high: Number | None = None
    low_exclusive: bool = False
    high_exclusive: bool = False
    unit: str = ""


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_RANGES = [
    _p(r"\bbetween\s+(?P<lo>" + _N + r")\s+and\s+(?P<hi>" + _N + r")" + _UNIT),
    _p(r"\bfrom\s+(?P<lo>" + _N + r")\s+(?:to|through)\s+(?P<hi>" + _N + r")" + _UNIT),
    _p(r"\(\s*(?P<lo>" + _LO + r")\s*[-\u2013]\s*(?P<hi>" + _HI + r")" + _UNIT + r"\s*\)"),
    _p(
        r"(?<!ISO )(?<!RFC )(?P<lo>"
        + _LO
        + r")\s*(?:[-\u2013]|\s+to\s+)\s*(?P<hi>"
        + _HI
        + r")\s+(?P<unit>characters?|chars?|letters?)\b"
    ),
]
# (pattern, end it sets, exclusive)
_ENDS = [
    (_p(r"\bat least\s+(?P<n>" + _N + r")" + _UNIT), "low", False),
    (_p(r"\bno (?:fewer|less) than\s+(?P<n>" + _N + r")" + _UNIT), "low", False),
    (_p(r"\bnot (?:fewer|less) than\s+(?P<n>" + _N + r")" + _UNIT), "low", False),
    (_p(r"\bgreater than or equal to\s+(?P<n>" + _N + r")" + _UNIT), "low", False),
    (
        _p(r"\b(?:a\s+)?min(?:imum)?(?:\s+of|\s+is)?\s*[:=]?\s*(?P<n>" + NUM + r")" + _UNIT),
        "low",
        False,
    ),
    (_p(r"(?:>=|\u2265)\s*(?P<n>" + NUM + r")" + _UNIT), "low", False),
    (_p(r"(?P<n>" + NUM + r")\s+or\s+(?:more|greater|above|higher)\b"), "low", False),
    (_p(r"\b(?:at most|up to)\s+(?P<n>" + _N + r")" + _UNIT), "high", False),
    (_p(r"\bno (?:more|greater) than\s+(?P<n>" + _N + r")" + _UNIT), "high", False),
    (_p(r"\bnot (?:more|greater) than\s+(?P<n>" + _N + r")" + _UNIT), "high", False),
    (_p(r"\bless than or equal to\s+(?P<n>" + _N + r")" + _UNIT), "high", False),
    (
        _p(
            r"\b(?:cannot|can't|must not|may not|does not|should not) exceed\s+(?P<n>"
            + _N
            + r")"
            + _UNIT
        ),
        "high",
        False,
    ),
    (
        _p(r"\b(?:a\s+)?max(?:imum)?(?:\s+of|\s+is)?\s*[:=]?\s*(?P<n>" + NUM + r")" + _UNIT),
        "high",
        False,
    ),
    (_p(r"(?:<=|\u2264)\s*(?P<n>" + NUM + r")" + _UNIT), "high", False),
    (_p(r"(?P<n>" + NUM + r")\s+or\s+(?:fewer|less|below|lower)\b"), "high", False),
    (_p(r"\b(?:greater|more|larger|higher) than\s+(?P<n>" + _N + r")" + _UNIT), "low", True),
    (_p(r"\b(?:less|fewer|smaller|lower) than\s+(?P<n>" + _N + r")" + _UNIT), "high", True),
    (_p(r"(?<![<>=-])>\s*(?P<n>" + NUM + r")" + _UNIT), "low", True),
    (_p(r"<\s*(?P<n>" + NUM + r")(?![\w-])" + _UNIT), "high", True),
]
# "Requests above 1,000 links are rejected": the number is the last one allowed.
_REFUSED = _p(
    r"\b(?P<dir>above|more than|over|exceeding|greater than|below|fewer than|less than|under)\s+"
    r"(?P<n>" + NUM + r")" + _UNIT + r"[^.;]{0,80}?\b(?:are|is|get|gets|will be)?\s*"
    r"(?:rejected|refused|not allowed|not accepted|fail|fails)\b"
)
_NON_NEGATIVE = _p(r"\bnon-?negative\b|\b(?:not|never|cannot|can't|must not|may not) be negative\b")
_POSITIVE = _p(r"(?<![\w-])positive\b")


def parse_number(text: str) -> Number:
    """`10,000` -> 10000, `1.5` -> 1.5, `one` -> 1."""
    word = _WORDS.get(text.lower())
    if word is not None:
        return word
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def find_bounds(text: str) -> list[Bound]:
    """Every limit phrase in `text` (one space between words), in the order written. A phrase
    found first (a refusal, then a range) hides the shorter ones inside it."""
    found: list[Bound] = []
    taken: list[tuple[int, int]] = []
    readers = [
        (_REFUSED, _refused),
        *((pattern, _range) for pattern in _RANGES),
        *((pattern, _ender(end, exclusive)) for pattern, end, exclusive in _ENDS),
        (_NON_NEGATIVE, _sign(exclusive=False)),
        (_POSITIVE, _sign(exclusive=True)),
    ]
    for pattern, read in readers:
        for match in pattern.finditer(text):
            if all(match.end() <= a or match.start() >= b for a, b in taken):
                taken.append(match.span())
                found.append(read(match))
    return sorted(found, key=lambda b: b.start)


def _refused(match: re.Match[str]) -> Bound:
    value = parse_number(match.group("n"))
    low = match.group("dir").lower() in ("below", "fewer than", "less than", "under")
    return Bound(
        _phrase(match),
        match.start(),
        low=value if low else None,
        high=None if low else value,
        unit=_unit(match),
    )


def _range(match: re.Match[str]) -> Bound:
    low, high = parse_number(match.group("lo")), parse_number(match.group("hi"))
    return Bound(_phrase(match), match.start(), low=low, high=high, unit=_unit(match))


def _sign(*, exclusive: bool) -> Callable[[re.Match[str]], Bound]:
    def read(match: re.Match[str]) -> Bound:
        return Bound(match.group(0), match.start(), low=0, low_exclusive=exclusive)

    return read


def _ender(end: str, exclusive: bool) -> Callable[[re.Match[str]], Bound]:
    def read(match: re.Match[str]) -> Bound:
        return _end(match, end, exclusive)

    return read


def _end(match: re.Match[str], end: str, exclusive: bool) -> Bound:
    value = parse_number(match.group("n"))
    unit = _unit(match)
    text = _phrase(match)
    if end == "low":
        return Bound(text, match.start(), low=value, low_exclusive=exclusive, unit=unit)
    return Bound(text, match.start(), high=value, high_exclusive=exclusive, unit=unit)


def _phrase(match: re.Match[str]) -> str:
    """The phrase as written, without a word after the number that names no unit."""
    word = match.groupdict().get("unit")
    if word and word.lower() in _NOT_UNITS and match.end("unit") == match.end():
        return match.string[match.start() : match.start("unit")].rstrip()
    return match.group(0)


def _unit(match: re.Match[str]) -> str:
    groups = match.groupdict()
    word = (groups.get("unit") or "").lower()
    if not word or word in _NOT_UNITS:
        return "rate" if word == "per" else ""
    if groups.get("per"):
        return "rate"
    if word in LENGTH_UNITS:
        return "length"
    if word in TIME_UNITS:
        return "time"
    return word
