"""JSON Schemas for the OpenAPI document: documented types, inferred examples, named components.

`schema_for` turns a `TypeSpec` into a schema, filling object shapes the doc leaves open from the
examples. `Components` hoists every object with properties into `components/schemas` under a
readable name, and gives one name to one shape: the same Partner returned by three endpoints is one
`Partner` component.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from generator.ir.docs import MISSING, Field, Json, TypeSpec
from generator.naming import pascal, singular
from generator.openapi.infer import Schema, infer_schema, merge_schemas

__all__ = [
    "Components",
    "nullable",
    "renamed_refs",
    "schema_for",
    "with_documented",
    "with_implied",
]


def schema_for(spec: TypeSpec, examples: Sequence[Json] = ()) -> Schema:
    """The schema of a documented type; where the doc gives no shape, the examples give it."""
    inferred = merge_schemas([infer_schema(v) for v in examples]) if examples else {}
    if spec.kind == "any":
        return inferred
    schema: Schema = {"type": spec.kind}
    if spec.format:
        schema["format"] = spec.format
    if spec.kind == "array":
        items = [v for e in examples if isinstance(e, list) for v in e]
        schema["items"] = schema_for(spec.items or TypeSpec("any"), items)
    elif spec.kind == "object":
        schema.update(
            _object(spec.properties, [e for e in examples if isinstance(e, dict)], inferred)
        )
    _limits(schema, spec)
    return schema


def _object(
    properties: tuple[Field, ...], examples: list[dict[str, Json]], inferred: Schema
) -> Schema:
    if not properties:
        # Keys only an example shows are what that example sent, not what every value must
        # have ("metadata": custom data, returned as sent): none of them is required.
        return {k: v for k, v in inferred.items() if k == "properties"}
    props: dict[str, Schema] = {}
    for field in properties:
        values = [e[field.name] for e in examples if field.name in e]
        prop = schema_for(field.type, values)
        if field.description:
            prop["description"] = field.description
        props[field.name] = prop
    out: Schema = {"properties": props}
    required = sorted(f.name for f in properties if f.required)
    if required:
        out["required"] = required
    return out


def _limits(schema: Schema, spec: TypeSpec) -> None:
    for key, value in (
        ("minimum", spec.minimum),
        ("maximum", spec.maximum),
        ("exclusiveMinimum", spec.exclusive_minimum),
        ("exclusiveMaximum", spec.exclusive_maximum),
        ("minLength", spec.min_length),
        ("maxLength", spec.max_length),
        ("minItems", spec.min_items),
        ("maxItems", spec.max_items),
    ):
        if value is not None:
            schema[key] = value
    if spec.enum:
        schema["enum"] = list(spec.enum) + ([None] if spec.nullable else [])
    if spec.default is not MISSING:
        schema["default"] = spec.default
    if spec.nullable:
        schema["type"] = [schema["type"], "null"]


def with_documented(schema: Schema, fields: tuple[Field, ...]) -> Schema:
    """An inferred object schema (or array of them) with what a response table says of each field:
    its description, its documented type and limits, and required-ness. Fields the examples never
    show are added as documented."""
    if not fields:
        return schema
    if schema.get("type") == "array":
        return {**schema, "items": with_documented(schema.get("items") or {}, fields)}
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", ()))
    for field in fields:
        merged = _merge(properties.get(field.name, {}), schema_for(field.type))
        nested = field.type.items.properties if field.type.items else field.type.properties
        merged = with_documented(merged, nested)
        if field.description:
            merged["description"] = field.description
        properties[field.name] = merged
        # The table decides: a field it marks optional may be missing from other responses.
        if field.required:
            required.add(field.name)
        else:
            required.discard(field.name)
    out = {**schema, "type": "object", "properties": properties}
    out.pop("required", None)
    if required:
        out["required"] = sorted(required)
    return out


def _merge(seen: Schema, documented: Schema) -> Schema:
    """The documented keys over the inferred ones; nested shapes merged, not replaced. A value an
    example shows as null stays nullable."""
    out = dict(seen)
    for key, value in documented.items():
        if key == "items" and isinstance(value, dict):
            out["items"] = _merge(seen.get("items", {}), value)
        elif key not in ("properties", "required"):
            out[key] = value
    if _allows_null(seen) and "type" in documented:
        out = nullable(out)
    return out


def with_implied(schema: Schema, fields: tuple[Field, ...]) -> Schema:
    """An inferred object schema (or array of them) with what `Response.implied` says of its
    fields: nullable, not always present, or (shown only as null) typed."""
    if not fields:
        return schema
    if schema.get("type") == "array":
        return {**schema, "items": with_implied(schema.get("items") or {}, fields)}
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", ()))
    for field in fields:
        prop = properties.get(field.name)
        if prop is None:
            continue
        if prop.get("type") == "null":
            prop = schema_for(dataclasses.replace(field.type, nullable=False, properties=()))
        nested = field.type.items.properties if field.type.items else field.type.properties
        prop = with_implied(prop, nested)
        if field.type.kind == "object" and not field.type.properties:
            # Documented as an object without keys (custom data, returned as sent): the keys an
            # example shows are that example's, not required of every answer.
            prop = {k: v for k, v in prop.items() if k != "required"}
        properties[field.name] = nullable(prop) if field.type.nullable else prop
        if not field.required:
            required.discard(field.name)
    out = {**schema, "properties": properties}
    out.pop("required", None)
    if required:
        out["required"] = sorted(required)
    return out


def nullable(schema: Schema) -> Schema:
    """`schema` admitting null too (any JSON value, `{}`, already does)."""
    kind = schema.get("type")
    if kind is None or _allows_null(schema):
        return schema
    out = {**schema, "type": [*kind, "null"] if isinstance(kind, list) else [kind, "null"]}
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def _allows_null(schema: Schema) -> bool:
    kind = schema.get("type")
    return kind == "null" or (isinstance(kind, list) and "null" in kind)


class Components:
    """Named schemas, one name per distinct shape, names stable for a given input."""

    def __init__(self) -> None:
        self.schemas: dict[str, Schema] = {}
        self._by_shape: dict[str, str] = {}
        self.errors: dict[tuple[int, str], Schema] = {}
        """Error bodies already registered (generator.openapi): (status, examples) -> ref."""

    def ref(self, name: str) -> Schema:
        return {"$ref": f"#/components/schemas/{name}"}

    def add(self, name: str, schema: Schema, *, context: str = "", item_name: str = "") -> Schema:
        """Register `schema` (objects inside it hoisted too) and return a `$ref` to it.

        A shape seen before gets the name it got then, so shared objects are one component.
        """
        schema = self.hoist(schema, context or name, item_name)
        shape = json.dumps(schema, sort_keys=True)
        if shape in self._by_shape:
            return self.ref(self._by_shape[shape])
        final = self._free_name(name, context)
        self.schemas[final] = schema
        self._by_shape[shape] = final
        return self.ref(final)

    def add_named(self, name: str, schema: Schema, *, item_name: str = "") -> Schema:
        """Register an operation's own body under its own name, even if another has its shape."""
        schema = self.hoist(schema, name, item_name)
        final = self._free_name(name, name)
        self.schemas[final] = schema
        self._by_shape.setdefault(json.dumps(schema, sort_keys=True), final)
        return self.ref(final)

    def hoist(self, schema: Schema, context: str, item_name: str = "") -> Schema:
        """`schema` with each nested object that has properties replaced by a `$ref`."""
        out = dict(schema)
        if isinstance(out.get("properties"), dict):
            out["properties"] = {
                key: self._maybe_component(_property_name(key, value, item_name), value, context)
                for key, value in out["properties"].items()
            }
        if isinstance(out.get("items"), dict):
            out["items"] = self._maybe_component(
                item_name or f"{context}Item", out["items"], context
            )
        for key in ("allOf", "anyOf", "oneOf"):
            if key in out:
                out[key] = [self.hoist(s, context) for s in out[key]]
        return out

    def _maybe_component(self, name: str, schema: Schema, context: str) -> Schema:
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            items = self._maybe_component(name, schema["items"], context)
            return {**schema, "items": items}
        if _is_object_type(schema) and schema.get("properties"):
            # The component holds the shape; what this use says of it stays beside the $ref.
            core = {k: v for k, v in schema.items() if k != "description"}
            nullable = isinstance(core.get("type"), list)
            if nullable:
                core["type"] = "object"
            ref = self.add(name, core, context=context)
            extra = {k: v for k, v in schema.items() if k == "description"}
            if nullable:
                return {"anyOf": [ref, {"type": "null"}], **extra}
            return {**ref, **extra} if extra else ref
        return self.hoist(schema, context)

    def share(self, items: set[str]) -> dict[str, str]:
        """Merge into each of the `items` components (a resource's item: `Link`, `Partner`) every
        other component of exactly its shape (what an operation's own response was named,
        `GetLinksResponse`): one model for one resource's GET, POST and PUT answers. The merged
        names -> the name each was merged into; the caller points the refs at it."""
        canonical = {
            json.dumps(self.schemas[name], sort_keys=True): name
            for name in sorted(items)
            if name in self.schemas
        }
        merged = {
            name: canonical[shape]
            for name, schema in self.schemas.items()
            if name not in items and (shape := json.dumps(schema, sort_keys=True)) in canonical
        }
        for name in merged:
            del self.schemas[name]
        for name, schema in list(self.schemas.items()):
            self.schemas[name] = renamed_refs(schema, merged)
        return merged

    def _free_name(self, name: str, context: str) -> str:
        if name not in self.schemas:
            return name
        qualified = name if name.startswith(context) else f"{context}{name}"
        candidate, n = qualified, 2
        while candidate in self.schemas:
            candidate, n = f"{qualified}{n}", n + 1
        return candidate


_GENERIC_LISTS = frozenset({"data", "items", "results", "records", "entries", "rows", "values"})


def _property_name(key: str, value: Schema, item_name: str) -> str:
    """The component name for what a property holds: `tags` items are a `Tag`; the items of a
    generically named list (`data`, `items`, `results`) are named after what the endpoint lists
    (`item_name`), never `Data`."""
    if not _plural_list(value):
        return pascal(key)
    if key.lower() in _GENERIC_LISTS and item_name:
        return item_name
    return pascal(singular(key))


def renamed_refs(value: Any, merged: dict[str, str]) -> Any:
    """`value` with each `$ref` to a merged component pointing at the one it was merged into."""
    if isinstance(value, dict):
        out = {k: renamed_refs(v, merged) for k, v in value.items()}
        ref = value.get("$ref")
        prefix = "#/components/schemas/"
        if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] in merged:
            out["$ref"] = prefix + merged[ref[len(prefix) :]]
        return out
    if isinstance(value, list):
        return [renamed_refs(v, merged) for v in value]
    return value


def _is_object_type(schema: Schema) -> bool:
    kind: Any = schema.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind)


def _plural_list(schema: Schema) -> bool:
    return schema.get("type") == "array"
