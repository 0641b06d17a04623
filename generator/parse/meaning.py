"""What a row means beyond its cells: counts typed `number`, requirements stated in prose.

- A `number` that counts or offsets (take, skip, limit, page, pageSize, per_page, count, ...;
  or a description that starts "Number of ...") and whose default and limits are whole numbers is
  an `integer`: a backend reading `?take=50.0` refuses it.
- "Required when updating", "Required if ...", "Omit it to create a new link": the field is
  required only sometimes, so it is optional in the schema, the condition kept in its description.
- A description that says "Required." of a row whose Required cell says No, or "Optional." of
  one that says Yes, contradicts the table: a warning at the row (the Required cell is kept).
"""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import MISSING, TypeSpec
from generator.parse.prose import squeezed

__all__ = ["counted", "requirement"]

_COUNT_NAMES = frozenset(
    {"take", "skip", "limit", "offset", "page", "pagesize", "perpage", "pagenumber", "pageindex"}
    | {"count", "size", "top", "first", "last", "maxresults", "numresults", "pagelimit"}
)
_COUNTS_IN_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:maximum|total)\s+)?number of\b|^how many\b|^(?:the\s+)?count of\b"
    r"|^(?:the\s+)?(?:page|item) (?:number|index)\b|^(?:the\s+)?index of\b"
    r"|^(?:the\s+)?(?:max(?:imum)?\s+)?(?:page size|results per page|items per page)\b",
    re.I,
)
_CONDITIONAL = re.compile(
    r"\b(?:required|mandatory|needed)\s+(?:only\s+)?(?:when|if|for|unless|on)\b"
    r"|\bonly required\b|\bomit(?:ted)?(?:\s+(?:it|this(?:\s+field)?|the\s+\w+))?\s+(?:to|when)\s+"
    r"(?:create|creating|add|adding|insert)\b",
    re.I,
)
_SAYS_REQUIRED = re.compile(
    r"(?:^|[.!;]\s|\()(?:this (?:field|parameter|value) is )?required\s*(?:[.!;)]|$)"
    r"|\b(?:is|are) (?:always )?required\b(?!\s+(?:when|if|for|unless|only|on)\b)",
    re.I,
)
_SAYS_OPTIONAL = re.compile(
    r"(?:^|[.!;]\s|\()(?:this (?:field|parameter|value) is )?optional\s*(?:[.!;)]|$)"
    r"|\b(?:is|are) optional\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"`(])")


def counted(spec: TypeSpec, name: str, description: str) -> TypeSpec:
    """`spec` as an integer when it is a `number` that counts and all its limits are whole."""
    if spec.kind != "number" or not _counts(name, description):
        return spec
    limits = (spec.minimum, spec.maximum, spec.exclusive_minimum, spec.exclusive_maximum)
    default = None if spec.default is MISSING else spec.default
    values = [v for v in (*limits, default) if v is not None]
    if not all(_whole(v) for v in values):
        return spec
    changes: dict[str, object] = {"kind": "integer"}
    for key in ("minimum", "maximum", "default"):
        value = getattr(spec, key)
        if isinstance(value, float):
            changes[key] = int(value)
    # An exclusive end of a whole number is an inclusive one next to it.
    if spec.exclusive_minimum is not None:
        changes["exclusive_minimum"] = None
        changes["minimum"] = _max(spec.minimum, int(spec.exclusive_minimum) + 1)
    if spec.exclusive_maximum is not None:
        changes["exclusive_maximum"] = None
        changes["maximum"] = _min(spec.maximum, int(spec.exclusive_maximum) - 1)
    return dataclasses.replace(spec, **changes)  # type: ignore[arg-type]


def _counts(name: str, description: str) -> bool:
    plain = re.sub(r"[\W_]", "", name).lower()
    if plain in _COUNT_NAMES or plain.endswith("count"):
        return True
    return bool(_COUNTS_IN_WORDS.match(squeezed(description)))


def _whole(value: object) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    )


def _max(a: int | float | None, b: int) -> int:
    return b if a is None else max(int(a), b)


def _min(a: int | float | None, b: int) -> int:
    return b if a is None else min(int(a), b)


def requirement(
    required: bool, description: str, name: str, where: Location, sink: Sink
) -> tuple[bool, str]:
    """(whether the field is required in the schema, the condition the prose requires it on)."""
    text = squeezed(description)
    condition = next((s for s in _sentences(text) if _CONDITIONAL.search(s)), "")
    if condition:
        return False, condition
    if not required and _SAYS_REQUIRED.search(text):
        sink.warning(
            where,
            f"the Required cell of {name!r} says No but its description says it is required; "
            "kept optional (make the cell Yes, or say when it is required)",
        )
    elif required and _SAYS_OPTIONAL.search(text):
        sink.warning(
            where,
            f"the Required cell of {name!r} says Yes but its description says it is optional; "
            "kept required (make the cell No, or say when it is required)",
        )
    return required, ""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
