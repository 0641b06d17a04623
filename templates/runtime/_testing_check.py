"""How the fake API (``<package>.testing``) reads a request, as the docs describe it.

The path, query and header values of an operation are validated together with its documented
parameters model, and the JSON body with its body model: the models the client validates
arguments with, so every documented limit (lengths, ranges, formats, enums, list sizes, not-null
marks) is checked here too. The fake is stricter than the client's own checks where a backend
is: a query integer is digits only (``take=50``, never ``50.0``), and the body is read as strict
JSON (``"5"`` is no integer, ``5.0`` no count, a date-time needs its time zone).

A request the docs do not allow raises ``Refused``, which the fake answers with the documented
error response of that status.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from typing import Any

import httpx
import pydantic

from ._models import _find_nulls, _options, _wire_path

__all__ = ["Refused", "read_body", "read_params"]

_INTEGER = re.compile(r"-?[0-9]+")
_LISTS = (list, tuple, set, frozenset)


class Refused(Exception):
    """A request the fake answers with the documented error of ``status``; ``reason`` says why
    (sent in the ``X-Fake-Reason`` header), ``missing`` the scopes a 403 lacks."""

    def __init__(
        self, status: int, reason: str, *, missing: tuple[str, ...] = ()
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.missing = missing


def read_params(
    model: type[pydantic.BaseModel] | None,
    request: httpx.Request,
    path: Mapping[str, str],
    query: tuple[str, ...],
    headers: tuple[str, ...],
) -> tuple[dict[str, Any], frozenset[str]]:
    """The operation's parameters as ``{wire name: JSON value}``, documented defaults filled
    in, and the wire names the request gave. ``path`` holds the values the route matched;
    ``query`` and ``headers`` name the documented query and header parameters."""
    raw: dict[str, Any] = dict(path)
    lists = _list_fields(model) if model is not None else frozenset()
    for name in query:
        if name in request.url.params:
            texts = request.url.params.get_list(name)
            raw[name] = texts if name in lists else texts[-1]
    for name in headers:
        if name in request.headers:
            raw[name] = request.headers[name]
    if model is None:
        return raw, frozenset(raw)
    try:
        instance = model.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise Refused(400, _describe(model, exc, "")) from None
    _check_integers(model, instance, raw)
    values = instance.model_dump(mode="json", by_alias=True)
    return values, frozenset(raw)


def read_body(model: type[pydantic.BaseModel] | None, content: bytes) -> Any:
    """The JSON body, validated with ``model`` (None: the docs describe no body, and any JSON
    is taken as it is). Returns the JSON as the request sent it."""
    if model is None:
        if not content:
            return None
        try:
            return json.loads(content)
        except ValueError:
            raise Refused(400, "body: not JSON") from None
    if not content:
        raise Refused(400, "body: the operation takes a JSON body, and none was sent")
    try:
        instance = model.model_validate_json(content, strict=True)
    except pydantic.ValidationError as exc:
        raise Refused(400, _describe(model, exc, "body")) from None
    nulls: list[str] = []
    _find_nulls(instance, "body", nulls)
    if nulls:
        raise Refused(400, f"{nulls[0]}: may not be null")
    return json.loads(content)


def _list_fields(model: type[pydantic.BaseModel]) -> frozenset[str]:
    """The wire names of the parameters that take a list (repeated in the query string)."""
    return frozenset(
        field.alias or name
        for name, field in model.model_fields.items()
        if any(typing.get_origin(o) in _LISTS for o in _options(field.annotation))
    )


def _check_integers(
    model: type[pydantic.BaseModel],
    instance: pydantic.BaseModel,
    raw: Mapping[str, Any],
) -> None:
    """Refuse an integer parameter whose text is not plain digits (pydantic reads ``50.0``,
    ``+50`` and ``1_000`` as integers; a backend parsing integers does not)."""
    for name, field in model.model_fields.items():
        wire = field.alias or name
        value = getattr(instance, name)
        text = raw.get(wire)
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        if isinstance(text, str) and not _INTEGER.fullmatch(text):
            raise Refused(400, f"{wire}: not an integer (got {text!r})")


def _describe(
    model: type[pydantic.BaseModel], error: pydantic.ValidationError, prefix: str
) -> str:
    """The first problem pydantic found, at its place as the API spells it."""
    first = error.errors(include_url=False)[0]
    where = _wire_path(model, first["loc"], prefix) or prefix or "request"
    return f"{where}: {first['msg']}"
