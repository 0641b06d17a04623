"""OpenAPI document -> the client's shape: resources, methods, arguments, and the models to render.

Works from the document alone, so `generate --from-spec` renders any OpenAPI 3.0/3.1 file the same
way. Two steps, because Python types come from the classes datamodel-code-generator writes:
`plan_client` picks names and the schemas each operation needs (adding a params model per
operation with path, query, header or cookie parameters, generator.client.requests); once the models exist, `client_ir` makes the
`generator.ir.client.Client` the templates render.
"""

from __future__ import annotations

import re
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
    client_identity,
    flavours,
    method_names,
    operation_method,
    resource_classes,
)
from generator.client.operation import PlannedOperation, build_operation
from generator.client.requests import UNDECLARED, kept_parameters, operation_schemas, stem_of
from generator.client.schemas import deref, refs
from generator.client.security import default_security, requirement, schemes
from generator.ir.client import Client, ModelIndex, Resource
from generator.naming import identifier, method_name

__all__ = ["Identity", "Plan", "PlannedOperation", "client_ir", "plan_client"]

_VERSION = re.compile(r"(?i)api|v\d+(\.\d+)*")
"""Path segments that name no resource (`/api/links`, `/v2/droplets`)."""
_DOCS_MARK = "x-source"
"""The extension the docs build puts on each operation (generator.openapi.build)."""
_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


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
    identity: Identity
    warnings: tuple[str, ...] = ()
    """What the client does not render as the document says, each naming its operation."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the client is: its classes' stem, its environment prefix, its security."""

    name: str
    env_prefix: str
    schemes: tuple[tuple[str, str, str], ...]
    security: tuple[tuple[str, ...], ...]


def plan_client(
    document: Mapping[str, Any], *, from_spec: bool = False, client_name: str | None = None
) -> Plan:
    """Names for every operation, grouped by resource (the first tag), collisions settled.

    A document given with --from-spec (`from_spec`) names its methods after the operationIds
    (`operation_method`). Hoko's own keeps its verb-and-path names (`client.links.list`, not
    `list_links` after its operationId `listLinks`): without --from-spec, and for an operation
    the docs build made (it carries `x-source`, the page it came from), given with --from-spec
    too, so that the committed spec renders the same client as the docs."""
    schemas: dict[str, Any] = dict(document.get("components", {}).get("schemas", {}))
    titles: dict[str, str] = {}
    raw: list[tuple[str, str, str, Mapping[str, Any], tuple[Mapping[str, Any], ...]]] = []
    for path, item in sorted(document.get("paths", {}).items()):
        if str(path).startswith("x-"):
            continue  # an extension, not a path
        item = deref(document, item)  # a path item may be a ref (3.1: components/pathItems)
        if not isinstance(item, Mapping):
            raise ValueError(f"{path}: the path item is not a mapping")
        shared = _resolve_operation(document, {"parameters": item.get("parameters")}, path)
        for method in _METHODS:
            if method in item:
                where = f"{method.upper()} {path}"
                operation = _resolve_operation(document, item[method], where)
                tag = (operation.get("tags") or [_first_segment(path)])[0]
                resource = identifier(str(tag), attribute=True)
                taken = resource in CLIENT_ATTRIBUTES or resource in DEVICE_NAMES
                resource = f"{resource}_" if taken else resource
                titles.setdefault(resource, str(tag))
                params = _merge_params(tuple(shared["parameters"]), tuple(operation["parameters"]))
                raw.append((resource, method, path, operation, _with_path_params(path, params)))
    by_resource: dict[str, list[int]] = {}
    for index, entry in enumerate(raw):
        by_resource.setdefault(entry[0], []).append(index)
    names: dict[int, str] = {}
    for indices in by_resource.values():
        wanted = [
            operation_method(raw[i][3].get("operationId"), raw[i][1], raw[i][2])
            if from_spec and _DOCS_MARK not in raw[i][3]
            else method_name(raw[i][1], raw[i][2])
            for i in indices
        ]
        names.update(zip(indices, method_names(wanted), strict=True))
    owners: dict[str, set[str]] = {}
    known, problems = schemes(document)
    operations = tuple(
        _plan_op(document, schemas, owners, resource, names[index], method, path, resolved, params)
        for index, (resource, method, path, resolved, params) in enumerate(raw)
    )
    _own_nested(schemas, owners)
    imported = RESOURCE_IMPORTS | MODEL_MODULE_IMPORTS
    classes = resource_classes(sorted(titles), imported)
    reserved = imported | {n for c in classes.values() for n in flavours(c)}
    security = default_security(document, [op.security for op in operations])
    title = str(document.get("info", {}).get("title") or "")
    stem, prefix = client_identity(title, client_name) if from_spec else ("Hoko", "HOKO")
    warnings = problems + [
        f"{op.method.upper()} {op.path} ({op.resource}.{op.name}): {problem}"
        for op in operations
        for problem in op.schemas.problems
    ]
    return Plan(
        operations,
        schemas,
        {name: frozenset(users) for name, users in owners.items()},
        titles,
        classes,
        frozenset(reserved),
        _not_null(schemas, operations),
        Identity(stem, prefix, tuple((n, *v) for n, v in known.items()), security),
        tuple(warnings),
    )


def _not_null(
    schemas: Mapping[str, Any], operations: tuple[PlannedOperation, ...]
) -> dict[str, tuple[str, ...]]:
    """Each object schema a request sends, with its optional properties that may not be null."""
    todo = [n for op in operations for n in (op.schemas.body, op.schemas.params) if n]
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


def _resolve_operation(document: Mapping[str, Any], operation: Any, where: str) -> dict[str, Any]:
    """The operation with its parameters, request body and responses `$ref`s followed.

    Raises ValueError naming the operation (`GET /pets: 'responses' is not a mapping`) where
    the document's structure is not OpenAPI's, which nothing could render."""
    if not isinstance(operation, Mapping):
        raise ValueError(f"{where}: the operation is not a mapping")
    out = dict(operation)
    parameters = operation.get("parameters") or []
    if not isinstance(parameters, list):
        raise ValueError(f"{where}: 'parameters' is not a list")
    out["parameters"] = [deref(document, p) for p in parameters]
    if any(not isinstance(p, Mapping) for p in out["parameters"]):
        raise ValueError(f"{where}: a parameter is not a mapping")
    if "requestBody" in operation:
        out["requestBody"] = deref(document, operation["requestBody"])
        if not isinstance(out["requestBody"], Mapping):
            raise ValueError(f"{where}: 'requestBody' is not a mapping")
    responses = operation.get("responses") or {}
    if not isinstance(responses, Mapping):
        raise ValueError(f"{where}: 'responses' is not a mapping")
    out["responses"] = {str(k): deref(document, v) for k, v in responses.items()}
    if any(not isinstance(r, Mapping) for r in out["responses"].values()):
        raise ValueError(f"{where}: a response is not a mapping")
    return out


def _first_segment(path: str) -> str:
    segments = [s for s in path.split("/") if s and not _VERSION.fullmatch(s) and s[0] != "{"]
    return segments[0] if segments else "default"


def _with_path_params(
    path: str, params: tuple[Mapping[str, Any], ...]
) -> tuple[Mapping[str, Any], ...]:
    """`params` with a string parameter for each `{name}` of the path it does not declare (the
    plan warns of each: generator.client.requests)."""
    declared = {p.get("name") for p in params if p.get("in") == "path"}
    missing = [n for n in re.findall(r"\{([^}]+)\}", path) if n not in declared]
    undeclared = {"in": "path", "required": True, "schema": {"type": "string"}, UNDECLARED: True}
    return params + tuple({**undeclared, "name": n} for n in dict.fromkeys(missing))


def _merge_params(
    shared: tuple[Mapping[str, Any], ...], own: tuple[Mapping[str, Any], ...]
) -> tuple[Mapping[str, Any], ...]:
    names = {(p.get("name"), p.get("in")) for p in own}
    return tuple(p for p in shared if (p.get("name"), p.get("in")) not in names) + own


def _plan_op(
    document: Mapping[str, Any],
    schemas: dict[str, Any],
    owners: dict[str, set[str]],
    resource: str,
    name: str,
    method: str,
    path: str,
    operation: Mapping[str, Any],
    params: tuple[Mapping[str, Any], ...],
) -> PlannedOperation:
    found = operation_schemas(document, schemas, stem_of(name, resource), operation, params)
    for schema in (found.body, found.response, found.params):
        if schema:
            owners.setdefault(schema, set()).add(resource)
    known = schemes(document)[0]
    security = requirement(operation.get("security"), known)
    kept = kept_parameters(params)
    return PlannedOperation(resource, name, method, path, operation, kept, found, security)


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
    default = plan.identity.security
    built = [build_operation(op, plan.schemas, index, default) for op in plan.operations]
    faked, collections = with_fake(plan.operations, built, plan.schemas)
    resources: list[Resource] = []
    for resource in sorted({op.resource for op in plan.operations}):
        planned = [op for op in plan.operations if op.resource == resource]
        ops = tuple(
            f for f, op in zip(faked, plan.operations, strict=True) if op.resource == resource
        )
        used = sorted(
            {index.classes[s] for op in planned for s in _op_schemas(op, plan.schemas, index)}
        )
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
    who = plan.identity
    return Client(
        tuple(resources),
        index,
        collections,
        who.name,
        who.env_prefix,
        who.schemes,
        who.security,
        plan.warnings,
    )


def _op_schemas(op: PlannedOperation, schemas: Mapping[str, Any], index: ModelIndex) -> list[str]:
    """The schemas whose classes an operation's annotations may name: its own, those they refer
    to, and through a RootModel those its root refers to (an argument accepts what the root
    accepts)."""
    found = op.schemas
    direct = [s for s in (found.body, found.response, found.params) if s]
    named = direct + [r for s in direct for r in refs(schemas.get(s, {}))]
    todo = [n for n in named if index.classes.get(n) in index.root_models]
    seen = set(todo)
    while todo:
        for ref in refs(schemas.get(todo.pop(), {})):
            named.append(ref)
            if ref not in seen and index.classes.get(ref) in index.root_models:
                seen.add(ref)
                todo.append(ref)
    return named
