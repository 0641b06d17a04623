"""Names: doc text -> safe Python identifiers, and the naming rules for resources and methods.

Every identifier that reaches generated code is made here. The result is ASCII, never a keyword,
a builtin, or a dunder, never starts with a digit, is at most 64 characters long (a name is a file
name too: `resources/<category>.py`), and `unique_names` settles collisions.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "identifier",
    "method_name",
    "pascal",
    "singular",
    "snake",
    "unique_names",
]

_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_RESERVED = _KEYWORDS | frozenset(dir(builtins))
_MAX_LENGTH = 64
_VERBS = {"GET": "list", "POST": "create", "PUT": "upsert", "PATCH": "update", "DELETE": "delete"}


_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = _LOWER_UPPER.sub(r"\1 \2", ascii_text)
    spaced = _ACRONYM_WORD.sub(r"\1 \2", spaced)
    return tuple(w for w in _SEPARATORS.split(spaced) if w)


def snake(text: str) -> str:
    """`deletedIds` -> `deleted_ids`, `Conversion Tracking` -> `conversion_tracking`."""
    return "_".join(w.lower() for w in _words(text))


def pascal(text: str) -> str:
    """`conversion tracking` -> `ConversionTracking`; `deletedIds` -> `DeletedIds`."""
    return "".join(w[:1].upper() + w[1:] for w in _words(text))


def identifier(text: str, *, style: str = "snake", attribute: bool = False) -> str:
    """A safe identifier for `text` in the given style ("snake" or "pascal").

    `attribute=True` is for names only ever reached through a dot (methods, client attributes),
    which may be builtins' names (`client.links.list`) but never keywords or dunders.
    """
    name = snake(text) if style == "snake" else pascal(text)
    if not name:
        name = "value" if style == "snake" else "Value"
    if name[0].isdigit():
        name = ("n_" if style == "snake" else "N") + name
    reserved = _KEYWORDS if attribute else _RESERVED
    if name in reserved or name.startswith("__"):
        name = name.strip("_") + "_"
    if len(name) > _MAX_LENGTH:
        # Cut, and keep long names that differ only at their end apart with a digest of the whole.
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = name[: _MAX_LENGTH - 9].rstrip("_") + ("_" if style == "snake" else "") + digest
    return name


def unique_names(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """The names in order, a collision getting `_2`, `_3`... (or `2`, `3` for class names).

    A name in `taken` (one the generated code already uses for something else) is a collision too.
    """
    seen: set[str] = set(taken)
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate = f"{name}_{n}" if "_" in name or name.islower() else f"{name}{n}"
            n += 1
        seen.add(candidate)
        out.append(candidate)
    return out


def singular(word: str) -> str:
    """`Partners` -> `Partner`, `Categories` -> `Category`, `Analytics` stays."""
    lower = word.lower()
    if lower.endswith(("ics", "ss", "us", "is", "data", "info")):
        return word
    if lower.endswith("ies") and len(word) > 3:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s"):
        return word[:-1]
    return word


def method_name(http_method: str, path: str) -> str:
    """The client method for an operation (before collisions are settled).

    DELETE -> delete, GET on a collection -> list, GET on one item -> get, POST -> create,
    PUT -> upsert, PATCH -> update; a path with a further literal segment after the resource
    (`POST /api/track/lead`, `GET /api/analytics/clicks`) is named after that segment.
    """
    segments = [s for s in path.strip("/").split("/") if s]
    if segments and segments[0] == "api":
        segments = segments[1:]
    literals = [s for s in segments[1:] if not s.startswith("{")]
    if literals:
        return identifier(literals[-1], attribute=True)
    verb = _VERBS.get(http_method.upper(), http_method.lower())
    if verb == "list" and segments and segments[-1].startswith("{"):
        verb = "get"
    return identifier(verb, attribute=True)
