"""OpenAPI document -> the client's shape: resources, methods, arguments, and the models to render.

Works from the document alone, so `generate --from-spec` renders any OpenAPI 3.0/3.1 file the same
way. Two steps, because Python types come from the classes datamodel-code-generator writes:
`plan_client` picks names and the schemas each operation needs (adding a params model per
operation with path, query or header parameters); once the models exist, `client_ir` makes the
`generator.ir.client.Client` the templates render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.client.annotations import admits_null
from generator.client.fake import with_fake
from generator.client.names import (
    CLIENT_ATTRIBUTES,
    DEVICE_NAMES,
    MODEL_MODULE_IMPORTS,
    RESOURCE_IMPORTS,
    flavours,
    method_names,
    resource_classes,
)
from generator.client.operation import PlannedOperation, build_operation
from generator.client.schemas import deref, refs, schema_name
from generator.ir.client import Client, ModelIndex, Resource
from generator.naming import identifier, method_name, pascal

__all__ = ["Plan", "PlannedOperation", "client_ir", "plan_client"]

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass(frozen=True, slots=True)
class Plan:
    """Operations with their names, and every schema the models renderer must produce."""

    operations: tuple[PlannedOperation, ...]
    schemas: Mapping[str, Any]
    owners: Mapping[str, frozenset[str]]
    """Schema -> the resources whose operations use it (its module: one owner, else shared)."""
    titles: Mapping[str, str]
    classes: Mapping[str, str]
    """Resource -> the name of its class (`PartnersResource`)."""
    reserved: frozenset[str]
    """Names a model class may not take: the resource classes and what their modules import."""
    not_null: Mapping[str, tuple[str, ...]]
    """Schema -> the optional properties (wire names) that may not be null, for each object
    schema a request sends (bodies, parameters and what they refer to): the runtime refuses
    None there before sending."""


def plan_client(document: Mapping[str, Any]) -> Plan:
    """Names for every operation, grouped by resource (the first tag), collisions settled."""
    schemas: dict[str, Any] = dict(document.get("components", {}).get("schemas", {}))
    titles: dict[str, str] = {}
    raw: list[tuple[str, str, str, Mapping[str, Any], tuple[Mapping[str, Any], ...]]] = []
    for path, item in sorted(document.get("paths", {}).items()):
        shared = tuple(deref(document, p) for p in item.get("parameters", ()))
        for method in _METHODS:
            if method in item:
                operation = _resolve_operation(document, item[method])
                tag = (operation.get("tags") or [_first_segment(path)])[0]
                resource = identifier(tag, attribute=True)
                taken = resource in CLIENT_ATTRIBUTES or resource in DEVICE_NAMES
                resource = f"{resource}_" if taken else resource
                titles.setdefault(resource, tag)
                params = _merge_params(shared, tuple(operation.get("parameters", ())))
                raw.append((resource, method, path, operation, params))
    by_resource: dict[str, list[int]] = {}
    for index, entry in enumerate(raw):
        by_resource.setdefault(entry[0], []).append(index)
    names: dict[int, str] = {}
    for indices in by_resource.values():
        wanted = [method_name(raw[i][1], raw[i][2]) for i in indices]
        names.update(zip(indices, method_names(wanted), strict=True))
    owners: dict[str, set[str]] = {}
    operations = tuple(
        _plan_op(schemas, owners, resource, names[index], method, path, resolved, params)
        for index, (resource, method, path, resolved, params) in enumerate(raw)
    )
    _own_nested(schemas, owners)
    imported = RESOURCE_IMPORTS | MODEL_MODULE_IMPORTS
    classes = resource_classes(sorted(titles), imported)
    reserved = imported | {n for c in classes.values() for n in flavours(c)}
    return Plan(
        operations,
        schemas,
        {name: frozenset(users) for name, users in owners.items()},
        titles,
        classes,
        frozenset(reserved),
        _not_null(schemas, operations),
    )


def _not_null(
    schemas: Mapping[str, Any], operations: tuple[PlannedOperation, ...]
) -> dict[str, tuple[str, ...]]:
    """Each object schema a request sends, with its optional properties that may not be null."""
    todo = [n for op in operations for n in (op.body_schema, op.params_schema) if n]
    seen: set[str] = set()
    marks: dict[str, tuple[str, ...]] = {}
    while todo:
        name = todo.pop()
        if name in seen or not isinstance(schemas.get(name), Mapping):
            continue
        seen.add(name)
        schema = schemas[name]
        todo.extend(refs(schema))
        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            required = set(schema.get("required") or ())
            names = tuple(
                str(k) for k, v in properties.items() if k not in required and not admits_null(v)
            )
            if names:
                marks[name] = names
    return marks


def _resolve_operation(document: Mapping[str, Any], operation: Mapping[str, Any]) -> dict[str, Any]:
    """The operation with its parameters, request body and responses `$ref`s followed."""
    out = dict(operation)
    out["parameters"] = [deref(document, p) for p in operation.get("parameters", ())]
    if "requestBody" in operation:
        out["requestBody"] = deref(document, operation["requestBody"])
    out["responses"] = {k: deref(document, v) for k, v in operation.get("responses", {}).items()}
    return out


def _first_segment(path: str) -> str:
    segments = [s for s in path.split("/") if s and s != "api" and not s.startswith("{")]
    return segments[0] if segments else "default"


def _merge_params(
    shared: tuple[Mapping[str, Any], ...], own: tuple[Mapping[str, Any], ...]
) -> tuple[Mapping[str, Any], ...]:
    names = {(p.get("name"), p.get("in")) for p in own}
    return tuple(p for p in shared if (p.get("name"), p.get("in")) not in names) + own


def _plan_op(
    schemas: dict[str, Any],
    owners: dict[str, set[str]],
    resource: str,
    name: str,
    method: str,
    path: str,
    operation: Mapping[str, Any],
    params: tuple[Mapping[str, Any], ...],
) -> PlannedOperation:
    stem = pascal(name) + pascal(resource)
    body = _json_schema(operation.get("requestBody", {}))
    response = _success_schema(operation.get("responses", {}))
    params_schema = _params_schema(schemas, stem, params)
    used = [
        _named(schemas, body, f"{stem}Request"),
        _named(schemas, response, f"{stem}Response"),
        params_schema,
    ]
    for schema in used:
        if schema:
            owners.setdefault(schema, set()).add(resource)
    return PlannedOperation(
        resource, name, method, path, operation, params, used[0], used[1], params_schema
    )


def _params_schema(
    schemas: dict[str, Any], stem: str, params: tuple[Mapping[str, Any], ...]
) -> str | None:
    """A model of the operation's path, query and header parameters, which the generated
    method validates before sending: limits, enums and formats are checked in one place."""
    usable = [p for p in params if p.get("in") in ("path", "query", "header") and p.get("name")]
    if not usable:
        return None
    name = _unused_name(schemas, f"{stem}Params")
    schemas[name] = {
        "type": "object",
        "properties": {p["name"]: p.get("schema", {}) for p in usable},
        "required": sorted(p["name"] for p in usable if p.get("required") or p.get("in") == "path"),
    }
    return name


def _json_schema(holder: Mapping[str, Any]) -> Any:
    content = holder.get("content", {})
    media = content.get("application/json") or next(
        (v for k, v in content.items() if k.endswith("json")), None
    )
    return media.get("schema") if media else None


def _success_schema(responses: Mapping[str, Any]) -> Any:
    for status in sorted(responses):
        if status.startswith("2"):
            return _json_schema(responses[status])
    return None


def _named(schemas: dict[str, Any], schema: Any, fallback: str) -> str | None:
    """The component a schema refers to, or a new component holding an inline schema."""
    if not isinstance(schema, Mapping) or not schema:
        return None
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        return ref
    name = _unused_name(schemas, fallback)
    schemas[name] = dict(schema)
    return name


def _unused_name(schemas: Mapping[str, Any], name: str) -> str:
    candidate, n = name, 2
    while candidate in schemas:
        candidate, n = f"{name}{n}", n + 1
    return candidate


def _own_nested(schemas: Mapping[str, Any], owners: dict[str, set[str]]) -> None:
    """A schema referred to only from one resource's schemas belongs to that resource too."""
    changed = True
    while changed:
        changed = False
        for name, users in list(owners.items()):
            for ref in refs(schemas.get(name, {})):
                before = set(owners.get(ref, set()))
                owners.setdefault(ref, set()).update(users)
                changed |= before != owners[ref]


def client_ir(plan: Plan, index: ModelIndex) -> Client:
    """The client to render, with Python types taken from the models that were generated."""
    built = [build_operation(op, plan.schemas, index) for op in plan.operations]
    faked, collections = with_fake(plan.operations, built, plan.schemas)
    resources: list[Resource] = []
    for resource in sorted({op.resource for op in plan.operations}):
        planned = [op for op in plan.operations if op.resource == resource]
        ops = tuple(
            f for f, op in zip(faked, plan.operations, strict=True) if op.resource == resource
        )
        used = sorted({index.classes[s] for op in planned for s in _op_schemas(op, plan.schemas)})
        resources.append(
            Resource(
                resource,
                plan.classes[resource],
                resource,
                plan.titles[resource],
                ops,
                tuple(used),
            )
        )
    return Client(tuple(resources), index, collections)


def _op_schemas(op: PlannedOperation, schemas: Mapping[str, Any]) -> list[str]:
    direct = [s for s in (op.body_schema, op.response_schema, op.params_schema) if s]
    return direct + [r for s in direct for r in refs(schemas.get(s, {}))]
