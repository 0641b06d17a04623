"""One planned operation -> its `generator.ir.client.Operation`: arguments, body, pages, errors.

A method's arguments, in order: the path parameters (positional, in the order of the path), a
list or value body (positional), then keyword-only arguments: the body's fields when the body is
one object, and the query and header parameters, required ones first. Every optional argument
defaults to NOT_GIVEN (left out of the request); None is an argument's value only where the docs
allow null, and is then sent as JSON null.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.client.annotations import admits_null, argument_type, response_type
from generator.client.documented import description, doc_url, media_example, raises, success_example
from generator.client.names import ARGUMENT_NAMES_TAKEN, BATCH_ARGUMENTS
from generator.client.pages import pagination
from generator.client.requests import PARAMETER_PLACES, OperationSchemas, parameter_schema
from generator.client.schemas import schema_name
from generator.client.source import py_literal
from generator.ir.client import Body, ModelIndex, Operation, Param
from generator.naming import identifier, unique_names

__all__ = ["PlannedOperation", "build_operation"]

_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True, slots=True)
class PlannedOperation:
    """An operation as `generator.client.plan` found it: its names and the schemas it uses."""

    resource: str
    name: str
    method: str
    path: str
    operation: Mapping[str, Any]
    parameters: tuple[Mapping[str, Any], ...]
    schemas: OperationSchemas
    security: tuple[tuple[str, ...], ...] | None = None
    """What the operation states it needs (None: the document's default)."""


def build_operation(
    op: PlannedOperation,
    schemas: Mapping[str, Any],
    index: ModelIndex,
    security: tuple[tuple[str, ...], ...] = (),
) -> Operation:
    """The operation to render; `security` is the client's default."""
    usable = _usable(op)
    found = op.schemas
    body_schema = _flattened(schemas.get(found.body, {}), schemas) if found.body else None
    kind = _body_kind(body_schema, found.body, index, found)
    # Keywords are escaped, builtins are not: `id` and `type` make fine argument names.
    wanted = [identifier(p["name"], attribute=True) for p in usable]
    fields = _fields(body_schema, found) if kind == "fields" else []
    # A body field's argument is named as its model's attribute (`class_`, `foo_bar_1`).
    attributes = index.fields.get(index.classes.get(found.body or "", ""), {})
    wanted += [attributes.get(wire) or identifier(wire, attribute=True) for wire, _s, _r in fields]
    positional_body = {"list": _list_name(body_schema), "value": "body"}.get(kind or "", "")
    taken = set(ARGUMENT_NAMES_TAKEN)
    if kind == "list" and isinstance((body_schema or {}).get("maxItems"), int):
        taken |= BATCH_ARGUMENTS
    names = unique_names([positional_body, *wanted] if positional_body else wanted, taken)
    if positional_body:
        positional_body, names = names[0], names[1:]
    params = tuple(
        _param(p, name, index, schemas)
        for p, name in zip(usable, names[: len(usable)], strict=True)
    )
    body = None
    if kind is not None:
        body_fields = tuple(
            _field(wire, schema, required, name, index, schemas)
            for (wire, schema, required), name in zip(fields, names[len(usable) :], strict=True)
        )
        body = _body(kind, op, body_schema or {}, positional_body, body_fields, index, schemas)
    defaults = {
        str(p["name"]): p.get("schema", {}).get("default")
        for p in usable
        if isinstance(p.get("schema"), Mapping)
    }
    response = _response(found, schemas, index)
    return Operation(
        name=op.name,
        http_method=op.method.upper(),
        path=op.path,
        summary=str(op.operation.get("summary", "")),
        description=description(op.operation),
        params=params,
        params_model=index.classes.get(found.params) if found.params else None,
        body=body,
        response=response,
        page=pagination(op.method, found.response, schemas, index, params, defaults)
        if found.response_kind == "json"
        else None,
        raises=raises(op.operation),
        doc_url=doc_url(op.operation),
        example_call=_example_call(op, params, body),
        example_response=success_example(op.operation),
        security=op.security if op.security is not None and op.security != security else None,
        stream=found.response_kind == "binary",
    )


def _response(found: OperationSchemas, schemas: Mapping[str, Any], index: ModelIndex) -> str:
    """The parsed response's type: from the model, `str` for text, `bytes` for the rest."""
    if found.response_kind == "text":
        return "str"
    if found.response_kind == "binary":
        return "bytes"
    if found.response is None:
        return "Any" if found.response_kind == "json" else "None"
    return response_type({"$ref": f"#/components/schemas/{found.response}"}, schemas, index)


def _usable(op: PlannedOperation) -> list[Mapping[str, Any]]:
    """Path parameters in the order of the path, then query, header and cookie ones, required
    first."""
    usable = [p for p in op.parameters if p.get("in") in PARAMETER_PLACES and p.get("name")]
    # A name in two places is one argument, the first (the plan warns of the other).
    usable = [p for i, p in enumerate(usable) if p["name"] not in [q["name"] for q in usable[:i]]]
    order = {name: i for i, name in enumerate(_PLACEHOLDER.findall(op.path))}
    path = sorted(
        (p for p in usable if p["in"] == "path"), key=lambda p: order.get(p["name"], len(order))
    )
    rest = [p for p in usable if p["in"] != "path"]
    rest.sort(key=lambda p: not p.get("required"))
    return [*path, *rest]


def _param(
    param: Mapping[str, Any], name: str, index: ModelIndex, schemas: Mapping[str, Any]
) -> Param:
    schema = parameter_schema(param)
    required = bool(param.get("required")) or param.get("in") == "path"
    return Param(
        wire=str(param["name"]),
        name=name,
        location=str(param["in"]),
        annotation=argument_type(schema, index, schemas=schemas),
        required=required,
        nullable=False,  # a query string, a path or a header cannot carry a JSON null
        description=str(param.get("description", "")),
    )


def _flattened(schema: Any, schemas: Mapping[str, Any], depth: int = 0) -> Any:
    """An object schema made of `allOf` parts (refs followed) as one: the parts' properties and
    required names merged, so that its fields are keyword arguments like any object's."""
    if not isinstance(schema, Mapping) or not isinstance(schema.get("allOf"), list) or depth > 8:
        return schema
    if "oneOf" in schema or "anyOf" in schema:
        return schema
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
        name = schema_name(part.get("$ref")) if isinstance(part, Mapping) else None
        part = _flattened(schemas.get(name, {}) if name is not None else part, schemas, depth + 1)
        if not isinstance(part, Mapping) or "oneOf" in part or "anyOf" in part:
            return schema
        properties.update(part.get("properties") or {})
        required += [r for r in part.get("required") or () if r not in required]
    return {**schema, "type": "object", "properties": properties, "required": required}


def _body_kind(
    schema: Any, name: str | None, index: ModelIndex, found: OperationSchemas
) -> str | None:
    if found.media is not None and found.media.encoding == "content":
        return "value"
    if name is None or not isinstance(schema, Mapping):
        return None
    if found.files:
        return "fields"
    if schema.get("type") == "array" and found.media and found.media.encoding == "json":
        return "list"
    model = index.classes.get(name, "")
    if isinstance(schema.get("properties"), Mapping) and schema["properties"]:
        return "fields" if model not in index.root_models else "value"
    return "value"


def _fields(schema: Any, found: OperationSchemas) -> list[tuple[str, Any, bool]]:
    """(wire name, schema, required) of each property of an object body, a multipart body's
    files with them (their schema a stand-in marked `_FILE`)."""
    required = set(schema.get("required") or ())
    properties = schema.get("properties") or {}
    # The server's own fields (readOnly) are not sent: no argument for them.
    fields = [
        (str(k), v, k in required)
        for k, v in properties.items()
        if not (isinstance(v, Mapping) and v.get("readOnly"))
    ]
    files = [
        (wire, {_FILE: "many" if many else "one", "description": said}, needed)
        for wire, many, needed, said in found.files
    ]
    return fields + files


_FILE = "x-hoko-file"
"""The key that marks a file field's stand-in schema among an object body's fields."""


def _field(
    wire: str,
    schema: Any,
    required: bool,
    name: str,
    index: ModelIndex,
    schemas: Mapping[str, Any],
) -> Param:
    if isinstance(schema, Mapping) and _FILE in schema:
        annotation = "FileTypes" if schema[_FILE] == "one" else "Sequence[FileTypes]"
        return Param(wire, name, "body", annotation, required, False, schema["description"])
    description = schema.get("description", "") if isinstance(schema, Mapping) else ""
    return Param(
        wire=wire,
        name=name,
        location="body",
        annotation=argument_type(schema, index, schemas=schemas),
        required=required,
        nullable=admits_null(schema),
        description=str(description),
    )


def _list_name(schema: Any) -> str:
    items = schema.get("items", {}) if isinstance(schema, Mapping) else {}
    return "ids" if isinstance(items, Mapping) and items.get("format") == "uuid" else "items"


def _body(
    kind: str,
    op: PlannedOperation,
    schema: Mapping[str, Any],
    name: str,
    fields: tuple[Param, ...],
    index: ModelIndex,
    schemas: Mapping[str, Any],
) -> Body:
    found = op.schemas
    media = found.media
    holder = op.operation.get("requestBody", {})
    description = str(holder.get("description", "") or schema.get("description", ""))
    if media is not None and media.encoding == "content":
        annotation = "str | bytes | IO[bytes]"
        return Body(
            "value",
            "",
            name,
            annotation,
            description,
            (),
            None,
            None,
            "content",
            media.content_type,
        )
    assert found.body is not None and media is not None
    model = index.classes[found.body]
    encoding, content_type = media.encoding, media.content_type
    if kind == "fields":
        files = tuple(wire for wire, *_rest in found.files)
        return Body(
            "fields",
            model,
            "",
            "",
            description,
            fields,
            encoding=encoding,
            content_type=content_type,
            files=files,
        )
    if kind == "list":
        items = schema.get("items", {})
        accepted = argument_type(items, index, schemas=schemas)
        if isinstance(items, Mapping) and items.get("type") == "string":
            annotation = f"SequenceNotStr[{accepted}]"
        else:
            annotation = f"Iterable[{accepted}]"
        most = schema.get("maxItems")
        most = most if isinstance(most, int) and not isinstance(most, bool) else None
        ref = schema_name(items.get("$ref")) if isinstance(items, Mapping) else None
        item = index.classes.get(ref) if ref is not None else None
        return Body(
            "list",
            model,
            name,
            annotation,
            description,
            max_items=most,
            item=item,
            encoding=encoding,
            content_type=content_type,
        )
    accepted = f"{model} | Mapping[str, Any]"
    if model in index.root_models:
        # A union's members (or a mapping) are accepted as they are, besides the RootModel.
        inner = argument_type(schema, index, schemas=schemas)
        accepted = model if inner == "Any" else f"{model} | {inner}"
    return Body(
        "value", model, name, accepted, description, encoding=encoding, content_type=content_type
    )


def _example_call(op: PlannedOperation, params: tuple[Param, ...], body: Body | None) -> str:
    """`client.partners.delete(["550e..."])`: the docs' example body, other values elided."""
    args = ["..." for p in params if p.location == "path"]
    example = media_example(op.operation.get("requestBody", {}))
    if body is not None and body.kind != "fields":
        args.append(py_literal(example) if example is not None else "...")
    if body is not None and body.kind == "fields":
        given = example if isinstance(example, Mapping) else {}
        for field in body.fields:
            if field.wire in given:
                args.append(f"{field.name}={py_literal(given[field.wire])}")
            elif field.required:
                args.append(f"{field.name}=...")
    args += [f"{p.name}=..." for p in params if p.location != "path" and p.required]
    return f"client.{op.resource}.{op.name}({', '.join(args)})"
