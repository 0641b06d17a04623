"""OpenAPI document -> the client's shape: resources, methods, arguments, models.

Works from the document alone, so `generate --from-spec` renders any OpenAPI 3.0/3.1 file the same
way. `plan_client` picks names and the schemas each operation needs (adding a query model per
operation with query parameters); once the models exist, `client_spec` fills in the Python types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.naming import identifier, method_name, pascal, unique_names
from generator.render_models import ModelIndex, schema_name

__all__ = [
    "ClientSpec",
    "Plan",
    "PyOperation",
    "PyParam",
    "PyResource",
    "client_spec",
    "plan_client",
]

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
# Names the client classes already use: a resource may not shadow them.
_CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "max_retry_wait",
        "retry_non_idempotent",
        "with_options",
        "close",
        "aclose",
        "default_headers",
        "with_raw_response",
    }
)
# A resource's name is also a file name (resources/<name>.py, types/<name>.py): these are devices
# on Windows, whatever the extension, so a package holding one could not be checked out there.
_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
_REF = "#/components/schemas/"
# What every resource class has besides its operations, and the suffixes of the methods an
# operation may add (`delete_in_batches`, `list_all`).
_RESOURCE_MEMBERS = frozenset({"with_raw_response"})
_DERIVED_SUFFIXES = ("_in_batches", "_all")


@dataclass(frozen=True)
class PyParam:
    wire: str
    name: str
    location: str
    annotation: str
    required: bool
    default: Any
    has_default: bool
    description: str


@dataclass(frozen=True)
class PyBody:
    name: str
    annotation: str
    model: str
    item_model: str | None
    max_items: int | None


@dataclass(frozen=True)
class PyPage:
    """How `list_all` walks a take/skip list: the arguments and where a page keeps its items."""

    size_param: str
    offset_param: str
    default_size: int
    items_attr: str
    item_annotation: str


@dataclass(frozen=True)
class PyOperation:
    name: str
    http_method: str
    path: str
    summary: str
    description: str
    source: str
    params: tuple[PyParam, ...]
    params_model: str | None
    body: PyBody | None
    response: str | None
    page: PyPage | None
    example_call: str = ""
    """Python for a call with the docs' example body, for the package README."""
    example_response: Any = None
    """The docs' example success response (JSON), for the package README."""


@dataclass(frozen=True)
class PyResource:
    attr: str
    class_name: str
    module: str
    title: str
    operations: tuple[PyOperation, ...]
    models: tuple[str, ...]


@dataclass(frozen=True)
class ClientSpec:
    resources: tuple[PyResource, ...]
    models: ModelIndex


@dataclass(frozen=True)
class _PlannedOp:
    resource: str
    name: str
    method: str
    path: str
    operation: Mapping[str, Any]
    parameters: tuple[Mapping[str, Any], ...]
    body_schema: str | None
    response_schema: str | None
    params_schema: str | None


@dataclass
class Plan:
    """Operations with their names, and every schema the models renderer must produce."""

    operations: list[_PlannedOp] = field(default_factory=list)
    schemas: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    """Resource -> the name of its class (`PartnersResource`)."""
    reserved: frozenset[str] = frozenset()
    """Names a model class may not take: the resource classes and what their modules import."""


class _Last:
    """The last answer of a function, for the same argument objects (compared by identity: the
    documents, plans and indexes a build makes are not changed once made)."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] = ()
        self._value: Any = None

    def get(self, *objects: Any, make: Callable[[], Any]) -> Any:
        if len(objects) != len(self._key) or any(
            a is not b for a, b in zip(objects, self._key, strict=True)
        ):
            self._key, self._value = objects, make()
        return self._value


_LAST_PLAN = _Last()
_LAST_SPEC = _Last()


def plan_client(document: Mapping[str, Any]) -> Plan:
    """Names for every operation, grouped by resource (the first tag), collisions settled.

    A build asks twice for the plan of one document (for the API diff, then to render), the
    second time with a new `info`: the answer is remembered for the same `paths` and
    `components` objects, and only `info` may differ."""
    paths, components = document.get("paths"), document.get("components")
    plan: Plan = _LAST_PLAN.get(paths, components, make=lambda: _plan_client(document))
    return plan


def _plan_client(document: Mapping[str, Any]) -> Plan:
    plan = Plan(schemas=dict(document.get("components", {}).get("schemas", {})))
    raw: list[tuple[str, str, str, Mapping[str, Any], tuple[Mapping[str, Any], ...]]] = []
    for path, item in sorted(document.get("paths", {}).items()):
        shared = tuple(_deref(document, p) for p in item.get("parameters", ()))
        for method in _METHODS:
            if method in item:
                operation = _resolve_operation(document, item[method])
                tag = (operation.get("tags") or [_first_segment(path)])[0]
                resource = identifier(tag, attribute=True)
                taken = resource in _CLIENT_ATTRIBUTES or resource in _DEVICE_NAMES
                resource = f"{resource}_" if taken else resource
                plan.titles.setdefault(resource, tag)
                params = _merge_params(shared, tuple(operation.get("parameters", ())))
                raw.append((resource, method, path, operation, params))
    by_resource: dict[str, list[int]] = {}
    for index, entry in enumerate(raw):
        by_resource.setdefault(entry[0], []).append(index)
    names: dict[int, str] = {}
    for indices in by_resource.values():
        wanted = [method_name(raw[i][1], raw[i][2]) for i in indices]
        names.update(zip(indices, _method_names(wanted), strict=True))
    for index, (resource, method, path, resolved, params) in enumerate(raw):
        plan.operations.append(
            _plan_op(plan, resource, names[index], method, path, resolved, params)
        )
    _own_nested(plan)
    imported = _imported_names()
    plan.classes = _resource_classes(sorted(plan.titles), imported)
    plan.reserved = imported | {n for c in plan.classes.values() for n in _flavours(c)}
    return plan


def _method_names(wanted: list[str]) -> list[str]:
    """One resource's method names, unique, and none that a resource class already has: its
    `with_raw_response` property, or the `X_in_batches` / `X_all` method of another operation X
    (two `def`s of one name in a class body: the later one silently wins)."""
    names = unique_names(wanted, _RESOURCE_MEMBERS)
    derived = {f"{name}{suffix}" for name in names for suffix in _DERIVED_SUFFIXES}
    clashing = {name for name in names if name in derived}
    if not clashing:
        return names
    taken = set(names) | derived | _RESOURCE_MEMBERS
    return [unique_names([n], taken)[0] if n in clashing else n for n in names]


def _imported_names() -> frozenset[str]:
    """What the modules that import models and resource classes import themselves."""
    from generator.render_client import imported_names

    return imported_names("package/resources/resource.py.jinja") | imported_names(
        "package/types/__init__.py.jinja"
    )


def _flavours(class_name: str) -> tuple[str, ...]:
    return (
        class_name,
        f"{class_name}WithRawResponse",
        f"Async{class_name}",
        f"Async{class_name}WithRawResponse",
    )


def _resource_classes(resources: list[str], taken: frozenset[str]) -> dict[str, str]:
    """Resource -> class name, so that no class of one (in any of its four flavours) has the name
    of another's or of something its module imports (`Async` must not make `AsyncResource`)."""
    used = set(taken)
    classes: dict[str, str] = {}
    for resource in resources:
        stem, n = pascal(resource), 2
        name = f"{stem}Resource"
        while used.intersection(_flavours(name)):
            name, n = f"{stem}{n}Resource", n + 1
        used.update(_flavours(name))
        classes[resource] = name
    return classes


def _deref(document: Mapping[str, Any], node: Any) -> Any:
    """`node` with a local `$ref` (`#/components/...`) followed, through chains of them."""
    for _ in range(32):  # a cycle of refs is cut off rather than followed forever
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if not isinstance(ref, str) or not ref.startswith("#/") or ref.startswith(_REF):
            return node
        target: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        if target is None:
            return node
        node = target
    return node


def _resolve_operation(document: Mapping[str, Any], operation: Mapping[str, Any]) -> dict[str, Any]:
    """The operation with its parameters, request body and responses `$ref`s followed."""
    out = dict(operation)
    out["parameters"] = [_deref(document, p) for p in operation.get("parameters", ())]
    if "requestBody" in operation:
        out["requestBody"] = _deref(document, operation["requestBody"])
    out["responses"] = {k: _deref(document, v) for k, v in operation.get("responses", {}).items()}
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
    plan: Plan,
    resource: str,
    name: str,
    method: str,
    path: str,
    operation: Mapping[str, Any],
    params: tuple[Mapping[str, Any], ...],
) -> _PlannedOp:
    stem = pascal(name) + pascal(resource)
    body = _json_schema(operation.get("requestBody", {}))
    response = _success_schema(operation.get("responses", {}))
    params_schema = _params_schema(plan, stem, params)
    names = [
        _named(plan, body, f"{stem}Request"),
        _named(plan, response, f"{stem}Response"),
        params_schema,
    ]
    for used in names:
        if used:
            plan.owners.setdefault(used, set()).add(resource)
    return _PlannedOp(
        resource, name, method, path, operation, params, names[0], names[1], params_schema
    )


def _params_schema(plan: Plan, stem: str, params: tuple[Mapping[str, Any], ...]) -> str | None:
    """A model of the operation's path, query and header parameters, which the generated
    method validates before sending: limits, enums and formats are checked in one place."""
    usable = [p for p in params if p.get("in") in ("path", "query", "header") and p.get("name")]
    if not usable:
        return None
    name = _unused_name(plan, f"{stem}Params")
    plan.schemas[name] = {
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


def _named(plan: Plan, schema: Any, fallback: str) -> str | None:
    """The component a schema refers to, or a new component holding an inline schema."""
    if not isinstance(schema, Mapping) or not schema:
        return None
    ref = schema_name(schema.get("$ref"))
    if ref is not None:
        return ref
    name = _unused_name(plan, fallback)
    plan.schemas[name] = dict(schema)
    return name


def _unused_name(plan: Plan, name: str) -> str:
    candidate, n = name, 2
    while candidate in plan.schemas:
        candidate, n = f"{name}{n}", n + 1
    return candidate


def _own_nested(plan: Plan) -> None:
    """A schema referred to only from one resource's schemas belongs to that resource too."""
    changed = True
    while changed:
        changed = False
        for name, owners in list(plan.owners.items()):
            for ref in _refs(plan.schemas.get(name, {})):
                before = set(plan.owners.get(ref, set()))
                plan.owners.setdefault(ref, set()).update(owners)
                changed |= before != plan.owners[ref]


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, Mapping):
        ref = schema_name(schema.get("$ref"))
        own = [ref] if ref is not None else []
        return own + [r for v in schema.values() for r in _refs(v)]
    if isinstance(schema, list):
        return [r for v in schema for r in _refs(v)]
    return []


def client_spec(plan: Plan, index: ModelIndex) -> ClientSpec:
    """The client to render, with Python types taken from the models that were generated
    (remembered for the last plan and index it was asked for, see `plan_client`)."""
    spec: ClientSpec = _LAST_SPEC.get(plan, index, make=lambda: _client_spec(plan, index))
    return spec


def _client_spec(plan: Plan, index: ModelIndex) -> ClientSpec:
    from generator.client_types import build_operation

    resources: list[PyResource] = []
    for resource in sorted({op.resource for op in plan.operations}):
        ops = [
            build_operation(op, plan, index) for op in plan.operations if op.resource == resource
        ]
        used = sorted(
            {
                index.classes[s]
                for op in plan.operations
                if op.resource == resource
                for s in _op_schemas(op, plan)
            }
        )
        resources.append(
            PyResource(
                resource,
                plan.classes[resource],
                resource,
                plan.titles[resource],
                tuple(ops),
                tuple(used),
            )
        )
    return ClientSpec(tuple(resources), index)


def _op_schemas(op: _PlannedOp, plan: Plan) -> list[str]:
    direct = [s for s in (op.body_schema, op.response_schema, op.params_schema) if s]
    return direct + [r for s in direct for r in _refs(plan.schemas.get(s, {}))]
