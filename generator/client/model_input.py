"""The component schemas as datamodel-code-generator is given them: named, placed, made inert.

Class names. A schema's class is its name in PascalCase (`generator.naming.pascal`). Where that
is not a name a module of models can define, the escape is a `Model` suffix: a Python keyword
(`None`, `True`, `class` -> `NoneModel`, `TrueModel`, `Class` is fine), a builtin (`Exception`
-> `ExceptionModel`), or a name the module imports (`Field`, `Literal`, `RootModel`...). Two
schemas whose names give the same class (`pet` and `Pet`) are told apart by a number, `Pet`
then `Pet2`, in the document's order. Property names are datamodel-code-generator's to make,
and it escapes them the same way every time: a keyword or an attribute of pydantic's BaseModel
gets a trailing `_` (`class_`, `model_config_`, `json_`). The models stage (models.py) settles
the rest: our models' own methods get a `_` too (`to_dict_`), and where two properties snake_case
to one name (`fooBar` and `foo_bar`), the one already spelled so keeps it and the other gets
`_2`, `_3`... (`foo_bar_2`), so adding a property never renames another.

Modules. A schema used by one resource's operations (or only by schemas of that resource) goes
into that resource's module; any other into `shared`, with everything a shared schema refers
to. So a resource module imports only `shared`, `shared` only itself, and no import cycle ever
makes datamodel-code-generator move classes into an `_internal` module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from generator.client.schemas import REF, refs_in, schema_name
from generator.naming import identifier, unique_names

__all__ = ["NOT_NULL", "SHARED_MODULE", "class_names", "module_of", "qualified"]

SHARED_MODULE = "shared"
NOT_NULL = "x-hoko-not-null"
"""The schema key datamodel-code-generator writes into `model_config` (without its `x-`)."""

_MODEL_FORMATS = frozenset({"uuid", "date", "date-time"})
_MODULE_IMPORTS = frozenset(
    {"Annotated", "Any", "AwareDatetime", "BaseModel", "ConfigDict", "Enum", "Field"}
    | {"HokoModel", "Literal", "NaiveDatetime", "Optional", "RootModel", "UUID", "Union"}
    | {"annotations", "date", "datetime", "time", "timedelta", "Decimal", "Path", "IntEnum"}
)
"""What a module of models imports (datamodel-code-generator's imports and our base class)."""


def class_names(schemas: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """The class of each schema, in order: PascalCase, escaped with `Model`, made unique."""
    wanted = []
    for name in schemas:
        stem = identifier(name, style="pascal")
        if stem.endswith("_"):  # a keyword or a builtin, which `identifier` escapes so
            stem = stem.rstrip("_") + "Model"
        if stem in _MODULE_IMPORTS:
            stem += "Model"
        wanted.append(stem)
    return unique_names(wanted, set(taken) | _MODULE_IMPORTS)


def module_of(schemas: Mapping[str, Any], owners: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Schema -> its module: the one resource that uses it, else `shared`; and whatever a shared
    schema refers to is shared too (so modules never import each other in a cycle)."""
    modules = {
        name: next(iter(users))
        if len(users := owners.get(name, frozenset())) == 1
        else SHARED_MODULE
        for name in schemas
    }
    todo = [name for name, module in modules.items() if module == SHARED_MODULE]
    while todo:
        for ref in refs_in(schemas.get(todo.pop(), {})):
            if ref in modules and modules[ref] != SHARED_MODULE:
                modules[ref] = SHARED_MODULE
                todo.append(ref)
    return modules


def qualified(
    schemas: Mapping[str, Any],
    modules: Mapping[str, str],
    class_of: Mapping[str, str],
    not_null: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """The schemas keyed `module.Class`, their refs and discriminator mappings pointing at those
    names, made inert, with their not-null marks."""
    names = {name: f"{modules[name]}.{class_of[name]}" for name in schemas}
    out = {}
    for name, schema in schemas.items():
        made = _defaults_inlined(_one_way_optional(_sane_defaults(schema)), schemas)
        made = _inert(_plain_formats(_requalify(made, names)))
        if name in not_null and isinstance(made, dict):
            made = {**made, NOT_NULL: list(not_null[name])}
        out[names[name]] = made
    return out


def _requalify(schema: Any, names: Mapping[str, str]) -> Any:
    """`schema` with each `#/components/schemas/X` ref pointing at the module-qualified name,
    and each discriminator mapping with it (an implicit mapping, by schema name, made explicit
    first: the tag values stay the document's names)."""
    if isinstance(schema, list):
        return [_requalify(value, names) for value in schema]
    if not isinstance(schema, Mapping):
        return schema
    out = {key: _requalify(value, names) for key, value in schema.items()}
    name = schema_name(schema.get("$ref"))
    if name is not None and name in names:
        out["$ref"] = REF + names[name]
    discriminator = schema.get("discriminator")
    if isinstance(discriminator, Mapping) and isinstance(discriminator.get("mapping", {}), Mapping):
        out["discriminator"] = {**discriminator, "mapping": _mapping(schema, names)}
    return out


def _mapping(schema: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, str]:
    """The discriminator's tag -> ref of each member, refs requalified."""
    given = schema["discriminator"].get("mapping") or {}
    mapping: dict[str, str] = {}
    for tag, target in given.items():
        ref = str(target) if str(target).startswith("#") else REF + str(target)
        member = schema_name(ref)
        mapping[str(tag)] = REF + names[member] if member is not None and member in names else ref
    covered = set(mapping.values())
    for key in ("oneOf", "anyOf"):
        for member in schema.get(key) or ():
            name = schema_name(member.get("$ref")) if isinstance(member, Mapping) else None
            if name is not None and name in names and REF + names[name] not in covered:
                mapping.setdefault(name, REF + names[name])
    return mapping


def _defaults_inlined(schema: Any, schemas: Mapping[str, Any]) -> Any:
    """`schema` with each property that has a default and refers to a scalar schema (an enum,
    a string...) given that schema's own keywords instead of the ref, at any depth.

    The ref would make the field's type a RootModel class, whose default the document gives as
    a plain value (`"medium"`), which the type checker refuses; inlined, the field is a
    `Literal[...]` with a default of its own type."""
    if isinstance(schema, list):
        return [_defaults_inlined(value, schemas) for value in schema]
    if not isinstance(schema, Mapping):
        return schema
    out = {key: _defaults_inlined(value, schemas) for key, value in schema.items()}
    if not isinstance(schema.get("properties"), Mapping):
        return out
    properties = {}
    for key, value in out["properties"].items():
        target = _scalar_target(value, schemas) if isinstance(value, Mapping) else None
        if target is not None and "default" in value:
            rest = {k: v for k, v in value.items() if k not in ("$ref", "allOf")}
            value = {**{k: v for k, v in target.items() if k != "title"}, **rest}
        properties[key] = value
    return {**out, "properties": properties}


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _sane_defaults(schema: Any) -> Any:
    """`schema` without the defaults that do not fit it, at any depth: a default of another
    type (`"10"` for an integer, null where null is not a value: `list[str] = None` on a
    RootModel) or outside the enum, which the model would declare though its own type refuses
    it (and the type checker with it), and a list or object default, which would be one
    mutable value shared by every instance. The default is the server's to apply anyway, as a
    client never sends what was not given. An enum's values are kept once each."""
    if isinstance(schema, list):
        return [_sane_defaults(value) for value in schema]
    if not isinstance(schema, Mapping):
        return schema
    out = {key: _sane_defaults(value) for key, value in schema.items()}
    default = schema.get("default")
    if "default" in schema and (isinstance(default, (list, dict)) or not _fits(default, schema)):
        del out["default"]
    if isinstance(schema.get("enum"), list):
        out["enum"] = _unique(schema["enum"])
    return out


def _unique(values: list[Any]) -> list[Any]:
    """Each value once (`True` and `1` apart), in order."""
    seen: list[tuple[type, Any]] = []
    out = []
    for value in values:
        key = (type(value), value)
        if key not in seen:
            seen.append(key)
            out.append(value)
    return out


def _one_way_optional(schema: Any) -> Any:
    """`schema` with its `readOnly` and `writeOnly` properties left out of `required`, at any
    depth: one model serves requests and responses, and a request never carries the server's
    `id` (readOnly) nor a response the `password` sent (writeOnly)."""
    if isinstance(schema, list):
        return [_one_way_optional(value) for value in schema]
    if not isinstance(schema, Mapping):
        return schema
    out = {key: _one_way_optional(value) for key, value in schema.items()}
    properties, required = schema.get("properties"), schema.get("required")
    if isinstance(properties, Mapping) and isinstance(required, list):
        one_way = {
            name
            for name, value in properties.items()
            if isinstance(value, Mapping) and (value.get("readOnly") or value.get("writeOnly"))
        }
        out["required"] = [name for name in required if name not in one_way]
    return out


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    if value is None and schema.get("nullable") is True:
        return True  # (3.0's way of saying null is a value)
    if isinstance(schema.get("enum"), list) and value not in schema["enum"]:
        return False
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    allowed = tuple(t for k in kinds for t in _JSON_TYPES.get(str(k), (object,)))
    if not allowed:
        return True
    if isinstance(value, bool):
        return bool in allowed
    return isinstance(value, allowed)


def _scalar_target(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> Any:
    """The schema `schema` is only a ref to (directly or as a one-item allOf), when that schema
    is a scalar: no properties, no items, no composition, not itself a ref."""
    members = schema.get("allOf")
    holder = members[0] if isinstance(members, list) and len(members) == 1 else schema
    name = schema_name(holder.get("$ref")) if isinstance(holder, Mapping) else None
    target = schemas.get(name) if name is not None else None
    if not isinstance(target, Mapping):
        return None
    shaped = {"properties", "items", "allOf", "anyOf", "oneOf", "$ref", "additionalProperties"}
    kinds = target.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    scalar = not any(k in ("object", "array") for k in kinds)
    return target if scalar and not shaped & set(target) else None


# Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
_SCHEMA_KEYWORDS = frozenset(
    {"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
    | {"unevaluatedItems", "unevaluatedProperties", "additionalItems"}
    | {"allOf", "anyOf", "oneOf", "prefixItems"}
)
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})


def _inert(schema: Any) -> Any:
    """`schema` as datamodel-code-generator may see it.

    No `x-` extension: it acts on some (`x-python-type`, `x-python-import` write annotations and
    imports of the document's choosing into the models). No `$ref` outside the document: it would
    fetch it (a URL, a file). Descriptions and titles, which it writes
    into docstrings as they are, lose the characters that must not reach source (bidi controls,
    line separators, NUL): each is spelled as its escape (`\u202e`) instead.
    """
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or (key == "$ref" and not str(value).startswith("#")):
            continue  # and a ref to another file or URL would make it read that file or URL
        if key in ("description", "title") and isinstance(value, str):
            value = "".join(c if c == "\n" or c.isprintable() else _spelled(c) for c in value)
        elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
            value = {name: _inert(v) for name, v in value.items()}
        elif key in _SCHEMA_KEYWORDS:
            value = [_inert(v) for v in value] if isinstance(value, list) else _inert(value)
        out[key] = value
    return out


def _spelled(char: str) -> str:
    """U+202E as the text `\\u202e`."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _plain_formats(schema: Any) -> Any:
    """`schema` with string formats other than uuid, date and date-time dropped.

    Models keep URLs and emails as the strings the API sent: pydantic's URL type rewrites them
    (`https://a.b` comes back as `https://a.b/`) and its email type needs an extra package.
    """
    if isinstance(schema, Mapping):
        out = {k: _plain_formats(v) for k, v in schema.items()}
        if isinstance(out.get("format"), str) and out["format"] not in _MODEL_FORMATS:
            del out["format"]
        return _nullable_as_31(out)
    if isinstance(schema, list):
        return [_plain_formats(v) for v in schema]
    return schema


def _nullable_as_31(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0's `nullable: true` said the 3.1 way (the models renderer reads 3.1)."""
    if schema.get("nullable") is not True:
        return schema  # (`nullable` may also be a property's name, in `properties`)
    schema = {k: v for k, v in schema.items() if k != "nullable"}
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}
