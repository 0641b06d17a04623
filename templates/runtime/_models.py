"""The base of every generated model, and the encoders for request bodies and query strings."""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from urllib.parse import quote

import pydantic
from pydantic import ConfigDict

__all__ = [
    "HokoModel",
    "encode_body",
    "encode_headers",
    "encode_params",
    "encode_path",
    "encode_value",
    "pick",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class HokoModel(pydantic.BaseModel):
    """Base of the generated models.

    Unknown fields are kept rather than rejected, so an older client keeps working when the API
    adds a field; fields can be set by their Python name or by the API's (camelCase) alias.
    A field may start with `model_` (`model_dump_`, `model_validated_at`): the generator keeps
    field names off BaseModel's own attributes, so pydantic's prefix guard would only warn.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
    )


def encode_body(model: type[pydantic.BaseModel], value: object) -> bytes:
    """Validate ``value`` against ``model`` and return it as JSON bytes, keys by alias.

    ``value`` is an instance of ``model`` or the plain data it is made from (a dict, or a list
    for a RootModel). Fields left unset or set to None are left out. Validation errors raise
    pydantic's ValidationError (a ValueError) before any request is made. Both steps run in
    pydantic-core, so a body of 10,000 IDs costs milliseconds.
    """
    instance = model.model_validate(value)
    return instance.model_dump_json(by_alias=True, exclude_unset=True, exclude_none=True).encode()


def encode_params(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Turn query parameters into strings: None is dropped, sequences become repeated keys."""
    params: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (Sequence, AbstractSet)) and not isinstance(value, (str, bytes)):
            params[name] = [encode_value(item) for item in value if item is not None]
        else:
            params[name] = encode_value(value)
    return params


def pick(values: Mapping[str, object], *names: str) -> dict[str, object]:
    """The entries of ``values`` named ``names`` (validated arguments, split by location)."""
    return {name: values[name] for name in names if name in values}


def encode_headers(values: Mapping[str, object]) -> dict[str, str]:
    """Documented header parameters as strings; None (not given) is left out."""
    return {name: encode_value(value) for name, value in values.items() if value is not None}


def encode_path(template: str, values: Mapping[str, object], operation: str) -> str:
    """``template`` with each ``{name}`` replaced by its percent-encoded value (``/`` too)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if values.get(name) is None:
            raise ValueError(f"{operation}: missing path parameter {name!r}")
        text = encode_value(values[name])
        # "", "." and ".." would quietly address another resource (/partners/ or /).
        if text in ("", ".", ".."):
            raise ValueError(f"{operation}: path parameter {name!r} cannot be {text!r}")
        return quote(text, safe="")

    return _PLACEHOLDER.sub(fill, template)


def encode_value(value: object) -> str:
    """One query or path value as the API spells it (``true``, ISO dates, enum values)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return encode_value(value.value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
