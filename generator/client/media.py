"""What an operation sends and gets back, by media type, and what the renderer cannot render.

A request body is sent in the first of its media types the client knows, in this order:

    JSON (`application/json`, `*/*+json`)          `encoding` "json": a model, dumped as JSON
    `application/x-www-form-urlencoded`            "form": a model, sent as form fields
    `multipart/form-data`                          "multipart": a model, and file fields
    anything else (`application/octet-stream`,     "content": bytes, a binary file or text,
      `text/plain`, `image/png`, `application/xml`)   sent as they are, with that type

A success response (the first 2xx) is parsed from JSON when it has a JSON media type, read as
text (`str`) for `text/*`, and kept as bytes for anything else (with a streaming twin method).

`problems` lists, for the operation, what the client cannot do as the document says; the plan
makes each a warning naming the operation (and `--strict` fails on it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["RequestMedia", "file_fields", "parameter_problems", "request_media", "response_media"]

_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class RequestMedia:
    encoding: str
    """json, form, multipart or content."""
    content_type: str
    schema: Any


def _is_json(media_type: str) -> bool:
    kind = media_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json") or kind == "*/*+json"


def request_media(body: Mapping[str, Any]) -> RequestMedia | None:
    """How the request body is sent (None: the operation has none)."""
    content = body.get("content")
    if not isinstance(content, Mapping) or not content:
        return None
    types = {str(k).split(";", 1)[0].strip().lower(): k for k in content}
    for kind, original in types.items():
        if _is_json(kind):
            return RequestMedia("json", "application/json", _schema(content[original]))
    for encoding, wanted in (("form", _FORM), ("multipart", _MULTIPART)):
        if wanted in types:
            return RequestMedia(encoding, wanted, _schema(content[types[wanted]]))
    kind = sorted(types)[0]
    return RequestMedia("content", "application/octet-stream" if "*" in kind else kind, None)


def response_media(responses: Mapping[str, Any]) -> tuple[str, Any]:
    """("json", schema), ("text", None), ("binary", None) or ("none", None): how the first
    success response's body is read (the `default` response's, when no 2xx is documented)."""
    statuses = [s for s in sorted(responses, key=str) if str(s).startswith("2")]
    for status in statuses or [s for s in responses if s == "default"]:
        response = responses[status]
        content = response.get("content") if isinstance(response, Mapping) else None
        if not isinstance(content, Mapping) or not content:
            return ("none", None)
        for kind, media in content.items():
            if _is_json(str(kind)):
                return ("json", _schema(media))
        kinds = [str(k).lower() for k in content]
        return ("text", None) if all(k.startswith("text/") for k in kinds) else ("binary", None)
    return ("none", None)


def _schema(media: Any) -> Any:
    return media.get("schema") if isinstance(media, Mapping) else None


def file_fields(schema: Any) -> dict[str, bool]:
    """The properties of a multipart body that are files: wire name -> whether a list of them.

    A file is a string of format `binary` (OpenAPI 3.0), or one with a `contentMediaType` or
    no type and format at all (3.1's way)."""
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    if not isinstance(properties, Mapping):
        return {}
    found: dict[str, bool] = {}
    for name, value in properties.items():
        if _is_file(value):
            found[str(name)] = False
        elif isinstance(value, Mapping) and _is_file(value.get("items")):
            found[str(name)] = True
    return found


def _is_file(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("format") == "binary" or "contentMediaType" in schema:
        return True
    return schema.get("type") == "string" and schema.get("contentEncoding") == "binary"


_QUERY_STYLES = {"form"}
_PATH_STYLES = {"simple"}


def parameter_problems(param: Mapping[str, Any]) -> list[str]:
    """What the client cannot send of this parameter as the document says it is sent."""
    name, where = param.get("name"), param.get("in")
    if where not in ("path", "query", "header", "cookie") or not name:
        return [f"parameter {name!r} in {where!r} is not one OpenAPI 3 has: it is not sent"]
    if "content" in param and "schema" not in param:
        return [f"{where} parameter {name!r} is given as `content`, which is sent as JSON text"]
    style = param.get("style")
    allowed = _QUERY_STYLES if where == "query" else _PATH_STYLES if where == "path" else None
    if style is not None and allowed is not None and style not in allowed:
        return [f"{where} parameter {name!r} has style {style!r}, which is sent as the default"]
    schema = param.get("schema")
    kinds = schema.get("type") if isinstance(schema, Mapping) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if param.get("explode") is False and "array" in kinds and where == "query":
        return [f"query parameter {name!r} has explode: false, which is sent exploded"]
    if "object" in kinds and where in ("query", "path", "header", "cookie"):
        return [f"{where} parameter {name!r} is an object, which is sent as JSON text"]
    return []
