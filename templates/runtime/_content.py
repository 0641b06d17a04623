"""Request bodies that are not JSON: form fields, multipart with files, raw bytes and text.

A generated method calls one of these where it would call ``encode_body`` for JSON:

- ``encode_form``: an ``application/x-www-form-urlencoded`` body, validated with its model;
- ``encode_multipart``: a ``multipart/form-data`` body; the fields named in ``files`` are
  files (bytes, a binary file object, or a ``(filename, content[, content_type])`` tuple; a
  list of those is one part each), the others are validated with the model and sent as text;
- ``encode_content``: bytes, a binary file object or text, sent as the documented type.

Each returns a ``Content``, which the client hands to httpx as it is. A file object is read when
the call is made, so a retried request sends the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import pydantic

from ._encoding import Content, form_fields
from ._exceptions import ValidationError
from ._models import check_body
from ._types import FileTypes, NotGiven

if TYPE_CHECKING:
    from ._operation import Operation

__all__ = ["FileTypes", "encode_content", "encode_form", "encode_multipart"]


def encode_form(
    op: Operation[Any], model: type[pydantic.BaseModel], values: Mapping[str, object]
) -> Content:
    """Form fields, validated with ``model``; a list is repeated, an object sent as JSON."""
    return Content(data=form_fields(_validated(op, model, values)))


def encode_multipart(
    op: Operation[Any],
    model: type[pydantic.BaseModel],
    values: Mapping[str, object],
    files: Sequence[str],
) -> Content:
    """A multipart body: the ``files`` fields as file parts, the rest validated as fields."""
    given = {k: v for k, v in values.items() if not isinstance(v, NotGiven)}
    parts = [
        (name, _file(op, name, item))
        for name in files
        if name in given
        for item in _each(given[name])
    ]
    fields = {k: v for k, v in given.items() if k not in files}
    data = form_fields(_validated(op, model, fields))
    return Content(data=data, files=parts or [])


def encode_content(
    op: Operation[Any], value: bytes | IO[bytes] | str, content_type: str
) -> Content:
    """Raw bytes (or what a binary file object holds), or text as UTF-8."""
    if isinstance(value, str):
        charset = "" if "charset" in content_type else "; charset=utf-8"
        text_type = (
            content_type + charset if content_type.startswith("text/") else content_type
        )
        return Content(value.encode(), text_type)
    return Content(_bytes(op, "body", value), content_type)


def _validated(
    op: Operation[Any], model: type[pydantic.BaseModel], values: Mapping[str, object]
) -> dict[str, Any]:
    instance = check_body(op, model, values)
    dumped: dict[str, Any] = instance.model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    return dumped


def _each(value: object) -> list[object]:
    """A field's files: a list (or a tuple that is not one file's) is several."""
    one_file = (
        isinstance(value, tuple)
        and 2 <= len(value) <= 3
        and (value[0] is None or isinstance(value[0], str))
    )
    if isinstance(value, list) or (isinstance(value, tuple) and not one_file):
        return list(value)
    return [value]


def _file(
    op: Operation[Any], name: str, value: object
) -> tuple[str | None, bytes, str | None]:
    """A file part: (filename, bytes, content type)."""
    if isinstance(value, tuple) and 2 <= len(value) <= 3:
        filename, content = value[0], value[1]
        content_type = value[2] if len(value) == 3 else None
        return (filename, _bytes(op, name, content), content_type)
    filename = getattr(value, "name", None)
    filename = filename.rsplit("/", 1)[-1] if isinstance(filename, str) else name
    return (filename, _bytes(op, name, value), None)


def _bytes(op: Operation[Any], name: str, value: object) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    read = getattr(value, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, bytes):
            return data
    raise ValidationError(
        op.name, name, f"must be bytes or a binary file, got {type(value).__name__}"
    )
