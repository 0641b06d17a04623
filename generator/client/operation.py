"""One planned operation -> its `generator.ir.client.Operation`: arguments, body, pages, errors.

Arguments accept what a caller naturally has: a UUID field takes `UUID | str`, an object body a
model or a plain mapping. Validation is the models' job, so an annotation only needs to be honest
about what is accepted.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.client import template_root
from generator.client.names import BATCH_ARGUMENTS, PAGE_ARGUMENTS, RUNTIME_HELPERS
from generator.client.schemas import schema_name
from generator.client.source import py_literal
from generator.ir.client import Body, ModelIndex, Operation, Page, Param
from generator.naming import identifier, unique_names

__all__ = ["PlannedOperation", "annotation", "build_operation", "status_errors"]

_FORMATS = {"uuid": "UUID | str", "date-time": "datetime | str", "date": "date | str"}
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_PAGE_SIZE = ("take", "limit", "per_page", "perPage", "pageSize", "page_size")
_OFFSET = ("skip", "offset")
_TAKEN = frozenset({"self"} | RUNTIME_HELPERS)
"""Names an argument may not take: `self`, and the runtime helpers the method bodies call."""


@dataclass(frozen=True, slots=True)
class PlannedOperation:
    """An operation as `generator.client.plan` found it: its names and the schemas it uses."""

    resource: str
    name: str
    method: str
    path: str
    operation: Mapping[str, Any]
    parameters: tuple[Mapping[str, Any], ...]
    body_schema: str | None
    response_schema: str | None
    params_schema: str | None


def annotation(schema: Any, index: ModelIndex, *, accept_mapping: bool = True) -> str:
    """The Python type an argument of this schema accepts."""
    if not isinstance(schema, Mapping) or not schema:
        return "Any"
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        name = index.classes.get(ref, "Any")
        if name in index.root_models or not accept_mapping:
            return name
        return f"{name} | Mapping[str, Any]"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = [annotation(s, index, accept_mapping=accept_mapping) for s in schema[key]]
            return " | ".join(dict.fromkeys(parts))
    if "enum" in schema:
        values = [v for v in schema["enum"] if v is None or isinstance(v, (str, int, bool))]
        literal = ", ".join(repr(v) for v in values if v is not None)
        text = f"Literal[{literal}]" if literal else "Any"
        return f"{text} | None" if None in values else text
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    parts = [_one(kind, schema, index) for kind in kinds] or ["Any"]
    return " | ".join(dict.fromkeys(parts))


def _one(kind: str, schema: Mapping[str, Any], index: ModelIndex) -> str:
    if kind == "string" and schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    if kind == "array":
        return f"Sequence[{annotation(schema.get('items', {}), index)}]"
    if kind == "object":
        return "Mapping[str, Any]"
    return _SCALARS.get(kind, "Any")


def build_operation(
    op: PlannedOperation, schemas: Mapping[str, Any], index: ModelIndex
) -> Operation:
    params = _params(op, index, _TAKEN)
    body = _body(op, schemas, index, {p.name for p in params})
    response = index.classes.get(op.response_schema) if op.response_schema else None
    page = _pagination(op, schemas, index, params)
    added = (BATCH_ARGUMENTS if body and body.max_items and response else set()) | (
        PAGE_ARGUMENTS if page else set()
    )
    if added & {p.name for p in params}:
        # A parameter named like an argument the batching or paging method adds: rename it.
        params = _params(op, index, _TAKEN | added)
        body = _body(op, schemas, index, {p.name for p in params})
        page = _pagination(op, schemas, index, params)
    return Operation(
        name=op.name,
        http_method=op.method.upper(),
        path=op.path,
        summary=str(op.operation.get("summary", "")),
        description=str(op.operation.get("description", "")),
        source=str(op.operation.get("x-source", "")),
        params=params,
        params_model=index.classes.get(op.params_schema) if op.params_schema else None,
        body=body,
        response=response,
        page=page,
        raises=_raises(op.operation),
        example_call=_example_call(op, params, body),
        example_response=_success_example(op.operation),
    )


def _params(op: PlannedOperation, index: ModelIndex, taken: frozenset[str]) -> tuple[Param, ...]:
    usable = [
        p for p in op.parameters if p.get("in") in ("path", "query", "header") and p.get("name")
    ]
    # Path parameters come first (positional), then the rest as keyword arguments.
    usable.sort(key=lambda p: p.get("in") != "path")
    names = [f"{n}_" if n in taken else n for n in (identifier(p["name"]) for p in usable)]
    names = unique_names(names)
    out = []
    for name, param in zip(names, usable, strict=True):
        schema = param.get("schema", {})
        required = bool(param.get("required")) or param.get("in") == "path"
        has_default = "default" in schema and not required
        text = annotation(schema, index)
        if not required and not has_default and "None" not in text.split(" | "):
            text += " | None"
        out.append(
            Param(
                wire=param["name"],
                name=name,
                location=param["in"],
                annotation=text,
                required=required,
                default=schema.get("default"),
                has_default=has_default,
                description=str(param.get("description", "")),
            )
        )
    return tuple(out)


def _body(
    op: PlannedOperation, schemas: Mapping[str, Any], index: ModelIndex, taken: set[str]
) -> Body | None:
    if not op.body_schema:
        return None
    schema = schemas.get(op.body_schema, {})
    model = index.classes[op.body_schema]
    if schema.get("type") == "array":
        items = schema.get("items", {})
        name = "ids" if items.get("format") == "uuid" else "items"
        item_ref = schema_name(items.get("$ref"))
        item_model = index.classes.get(item_ref) if item_ref is not None else None
        text = annotation(schema, index)
        max_items = schema.get("maxItems")
    else:
        name, item_model, max_items = "body", None, None
        text = f"{model} | Mapping[str, Any]" if model not in index.root_models else model
    if name in taken:
        name = unique_names([f"{name}_body"], taken)[0]
    return Body(name, text, model, item_model, max_items if isinstance(max_items, int) else None)


def _pagination(
    op: PlannedOperation, schemas: Mapping[str, Any], index: ModelIndex, params: tuple[Param, ...]
) -> Page | None:
    """How `list_all` pages through a GET with take/skip-style arguments (None: it can't)."""
    if op.method != "get" or not op.response_schema:
        return None
    size = next((p for p in params if p.wire in _PAGE_SIZE and p.location == "query"), None)
    offset = next((p for p in params if p.wire in _OFFSET and p.location == "query"), None)
    if size is None or offset is None:
        return None
    schema = schemas.get(op.response_schema, {})
    model = index.classes[op.response_schema]
    if schema.get("type") == "array":
        attr, items = "root", schema.get("items", {})
    else:
        arrays = [
            (k, v)
            for k, v in schema.get("properties", {}).items()
            if isinstance(v, Mapping) and v.get("type") == "array"
        ]
        if len(arrays) != 1 or arrays[0][0] not in index.fields.get(model, {}):
            return None
        attr, items = index.fields[model][arrays[0][0]], arrays[0][1].get("items", {})
    default = size.default if isinstance(size.default, int) and size.default > 0 else 100
    item = annotation(items, index, accept_mapping=False)
    return Page(size.name, offset.name, default, attr, item)


def _raises(operation: Mapping[str, Any]) -> tuple[tuple[int | str, str], ...]:
    """Each documented error status with the exception class the runtime raises for it."""
    table = status_errors()
    found: list[tuple[int | str, str]] = []
    for status in sorted(operation.get("responses", {}), key=str):
        text = str(status)
        if text.startswith("2"):
            continue
        code = int(text) if text.isdigit() else 0
        if code in table:
            found.append((code, table[code]))
        else:
            found.append((code or text, "InternalServerError" if code >= 500 else "APIStatusError"))
    return tuple(found)


@functools.cache
def status_errors() -> Mapping[int, str]:
    """The runtime's STATUS_ERRORS table (status -> exception class), read from its source."""
    source = (template_root() / "runtime" / "_exceptions.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Assign):
            targets = node.targets
        if any(isinstance(t, ast.Name) and t.id == "STATUS_ERRORS" for t in targets):
            table = next((d for d in ast.walk(node) if isinstance(d, ast.Dict)), None)
            if table is not None:
                return {
                    k.value: v.id
                    for k, v in zip(table.keys, table.values, strict=True)
                    if isinstance(k, ast.Constant)
                    and isinstance(k.value, int)
                    and isinstance(v, ast.Name)
                }
    return {}


def _example_call(op: PlannedOperation, params: tuple[Param, ...], body: Body | None) -> str:
    """`client.partners.delete(["550e..."])`: the docs' example body, other values elided."""
    args = [f"{p.name}=..." if p.location != "path" else "..." for p in params if p.required]
    args = [a for a in args if a == "..."] + [a for a in args if a != "..."]
    if body is not None:
        example = _media_example(op.operation.get("requestBody", {}))
        position = len([p for p in params if p.location == "path"])
        args.insert(position, py_literal(example) if example is not None else "...")
    return f"client.{op.resource}.{op.name}({', '.join(args)})"


def _success_example(operation: Mapping[str, Any]) -> Any:
    for status, response in sorted(operation.get("responses", {}).items()):
        if str(status).startswith("2"):
            return _media_example(response)
    return None


def _media_example(holder: Mapping[str, Any]) -> Any:
    media = holder.get("content", {}).get("application/json", {})
    if "example" in media:
        return media["example"]
    examples = media.get("examples") or {}
    first: Any = next(iter(examples.values()), {})
    return first.get("value") if isinstance(first, Mapping) else None
