"""OpenAPI components -> pydantic v2 models, by datamodel-code-generator (called as a library).

Models are split by resource (`types/partners.py`, `types/shared.py` for shapes several resources
use) so that importing the client loads only what a caller touches. The options are pinned here,
in one place; datamodel-code-generator's version is pinned in pyproject.toml because its output is
part of ours.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.cache import BlobCache, code_digest, digest
from generator.naming import identifier, unique_names

if TYPE_CHECKING:
    from generator.helper import Helper

__all__ = ["ModelIndex", "RenderedModels", "render_models", "schema_name"]

SHARED_MODULE = "shared"
_REF = "#/components/schemas/"


@functools.cache
def _model_attributes() -> frozenset[str]:
    """What a field may not be named: anything pydantic's BaseModel has (pydantic is imported
    only when a field needs a name of ours)."""
    import pydantic

    return frozenset(dir(pydantic.BaseModel))


_MODEL_FORMATS = frozenset({"uuid", "date", "date-time"})


@dataclass(frozen=True)
class ModelIndex:
    """What the client renderer needs to know of the models that were generated."""

    classes: Mapping[str, str]
    """Schema name -> class name."""
    modules: Mapping[str, str]
    """Class name -> module under `types/` (e.g. `partners`)."""
    fields: Mapping[str, Mapping[str, str]]
    """Class name -> {wire name: attribute name}."""
    root_models: frozenset[str]


@dataclass(frozen=True)
class RenderedModels:
    files: dict[str, str]
    index: ModelIndex


def render_models(
    schemas: Mapping[str, Any],
    owners: Mapping[str, set[str]],
    header: str,
    package: str,
    reserved: Iterable[str] = (),
    helper: Helper | None = None,
) -> RenderedModels:
    """Model modules (file name under `types/` -> source) for `schemas`.

    `owners` maps a schema name to the modules (resources) whose operations use it; a schema used
    by one goes into that module, one used by several (or none) into `shared`. No class is named
    as one of `reserved` (the names the modules that import models bind themselves). With a
    `helper` (generator.helper), it renders some or all of the modules, in parallel.
    """
    if not schemas:
        return RenderedModels({}, ModelIndex({}, {}, {}, frozenset()))
    # The build, and the API diff it runs for the version, may ask for the same models twice.
    key = digest(
        json.dumps(
            [schemas, {k: sorted(v) for k, v in owners.items()}, header, package, sorted(reserved)],
            sort_keys=True,
        ).encode()
    )
    if key not in _RENDERED:
        if len(_RENDERED) >= 4:
            del _RENDERED[next(iter(_RENDERED))]
        _RENDERED[key] = _render_models(schemas, owners, header, package, reserved, helper)
    return _RENDERED[key]


_RENDERED: dict[str, RenderedModels] = {}


def _render_models(
    schemas: Mapping[str, Any],
    owners: Mapping[str, set[str]],
    header: str,
    package: str,
    reserved: Iterable[str],
    helper: Helper | None,
) -> RenderedModels:
    taken = set(reserved)
    aliases: dict[str, str] = {}
    for _attempt in range(4):
        names = unique_names((identifier(n, style="pascal") for n in schemas), taken)
        class_of = dict(zip(schemas, names, strict=True))
        files = _render(schemas, owners, class_of, header, package, aliases, helper)
        index = _index(files, class_of)
        # datamodel-code-generator renames a class that would shadow one of its own imports
        # (a model named `Field` or `Annotated`): name those differently and render again.
        renamed = {c for c in class_of.values() if c not in index.modules}
        taken |= renamed
        ascii_names = {} if renamed else _ascii_fields(index)
        if not renamed and not ascii_names:
            return RenderedModels(files, index)
        aliases.update(ascii_names)
    raise RuntimeError("datamodel-code-generator kept renaming models or fields")


def _ascii_fields(index: ModelIndex) -> dict[str, str]:
    """`module.Class.wire` -> an ASCII attribute name, for each field given a non-ASCII one.

    datamodel-code-generator keeps a wire name spelled with the "fi" ligature or in fullwidth
    letters as the attribute, which Python reads in NFKC form (`file`, `A`): the same name as
    another field, or an attribute that no longer matches its wire name. Such fields get a name
    made by `generator.naming`.
    """
    out: dict[str, str] = {}
    for class_name, fields in index.fields.items():
        if all(attribute.isascii() for attribute in fields.values()):
            continue
        used = {a for a in fields.values() if a.isascii()} | _model_attributes()
        for wire, attribute in fields.items():
            if not attribute.isascii():
                name = unique_names([identifier(wire, attribute=True)], used)[0]
                used.add(name)
                out[f"{index.modules[class_name]}.{class_name}.{wire}"] = name
    return out


def _render(
    schemas: Mapping[str, Any],
    owners: Mapping[str, set[str]],
    class_of: Mapping[str, str],
    header: str,
    package: str,
    aliases: Mapping[str, str],
    helper: Helper | None = None,
) -> dict[str, str]:
    module_of = {name: _module(owners.get(name, set())) for name in schemas}
    qualified = {name: f"{module_of[name]}.{class_of[name]}" for name in schemas}
    renamed = {
        qualified[name]: _inert(_plain_formats(_requalify(schema, qualified)))
        for name, schema in schemas.items()
    }
    base_class = f"{package}._models.HokoModel"
    output = _generate_cached(renamed, header, base_class, aliases, helper)
    files = {"/".join(path): source for path, source in output.items()}
    files.pop("__init__.py", None)
    return files


def _module(users: set[str]) -> str:
    return next(iter(users)) if len(users) == 1 else SHARED_MODULE


def schema_name(ref: object) -> str | None:
    """The component a `#/components/schemas/<name>` ref names, or None for any other value.

    The name is a URI fragment and a JSON pointer token: `a%20b` is `a b`, `a~1b` is `a/b`.
    """
    if not isinstance(ref, str) or not ref.startswith(_REF):
        return None
    return unquote(ref[len(_REF) :]).replace("~1", "/").replace("~0", "~")


def _requalify(schema: Any, qualified: Mapping[str, str]) -> Any:
    """`schema` with each `#/components/schemas/X` ref pointing at the module-qualified name."""
    if isinstance(schema, Mapping):
        out = {key: _requalify(value, qualified) for key, value in schema.items()}
        name = schema_name(schema.get("$ref"))
        if name is not None and name in qualified:
            out["$ref"] = _REF + qualified[name]
        return out
    if isinstance(schema, list):
        return [_requalify(value, qualified) for value in schema]
    return schema


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
    if schema.pop("nullable", False) is not True:
        return schema
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _document(schemas: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": dict(schemas)},
    }


def generate_models(
    document: dict[str, Any], header: str, base_class: str, aliases: Mapping[str, str]
) -> dict[tuple[str, ...], str]:
    """datamodel-code-generator on a models document, as `generator.helper` calls it."""
    return _generate(document, header, base_class, aliases)


_SPLIT_AT = 120
"""Schemas from which the modules are rendered in two halves at once: by the helper and a child
it forks, or (without fork) by the build and the helper. Below it the helper renders them all,
so a small build never imports datamodel-code-generator."""
_IMPORT_IN_SCHEMAS = 140
"""What importing datamodel-code-generator costs, in schemas rendered: without fork the build
pays it, the helper has done it while the build parsed, so the build takes that many fewer."""


def _generate_cached(
    schemas: Mapping[str, Any],
    header: str,
    base_class: str,
    aliases: Mapping[str, str],
    helper: Helper | None,
) -> dict[tuple[str, ...], str]:
    """`_generate` on `schemas` (keyed `module.Class`), without the `__init__.py` it adds.

    A module's file depends only on its own schemas and those they refer to (and the options),
    so each is remembered by exactly that (`generator.cache`) and only the modules not seen
    before are rendered, with what they refer to; with a `helper`, by it (`_generate_halves`).
    """
    cache = BlobCache("models")
    options = json.dumps([header, base_class, sorted(aliases.items())]).encode()
    prefix = [code_digest().encode(), options]
    by_module: dict[str, list[str]] = {}
    for name in schemas:
        by_module.setdefault(name.split(".", 1)[0], []).append(name)
    keys = {
        module: digest(*prefix, json.dumps(_group(schemas, set(names)), sort_keys=True).encode())
        for module, names in by_module.items()
    }
    output: dict[tuple[str, ...], str] = {}
    for module, key in keys.items():
        found = cache.get(key)
        if found is not None:
            output[(f"{module}.py",)] = found.decode("utf-8")
    todo = {n: v for n, v in schemas.items() if (f"{n.split('.', 1)[0]}.py",) not in output}
    if todo:
        made = _generate_halves(todo, schemas, header, base_class, aliases, helper)
        for module in _modules(todo):
            text = made.get((f"{module}.py",))
            if text is not None:
                output[(f"{module}.py",)] = text
                cache.put(keys[module], text.encode("utf-8"))
    return dict(sorted(output.items()))


def _generate_halves(
    todo: Mapping[str, Any],
    schemas: Mapping[str, Any],
    header: str,
    base_class: str,
    aliases: Mapping[str, str],
    helper: Helper | None,
) -> dict[tuple[str, ...], str]:
    """The files of the modules of `todo`, rendered by the helper: in two halves at once where it
    can fork (`generator.helper`), else half here and half there (all there for a small API)."""
    from generator.helper import HelperError

    if helper is None:
        return _generate(_document(_group(schemas, set(todo))), header, base_class, aliases)
    mine: set[str] = set()
    if len(todo) < _SPLIT_AT:
        theirs = [set(todo)]
    elif hasattr(os, "fork"):
        theirs = list(_share(todo, even=True))
    else:
        mine, other = _share(todo)
        theirs = [other]
    theirs = [share for share in theirs if share]
    documents = [_document(_group(schemas, share)) for share in theirs]
    ticket = helper.submit("models", documents, header, base_class, dict(aliases))
    kept: dict[tuple[str, ...], str] = {}
    try:
        if mine:
            output = _generate(_document(_group(schemas, mine)), header, base_class, aliases)
            kept = _of_modules(output, mine)
    finally:
        try:
            helped = helper.result(ticket)
        except HelperError:
            helped = None
    if helped is None:
        helped = [_generate(document, header, base_class, aliases) for document in documents]
    for share, files in zip(theirs, helped, strict=True):
        kept.update(_of_modules(files, share))
    return kept


def _of_modules(
    files: Mapping[tuple[str, ...], str], names: Iterable[str]
) -> dict[tuple[str, ...], str]:
    """The files in `files` of the modules of the schemas `names` (a rendering also writes the
    modules of the schemas they refer to)."""
    modules = _modules(names)
    return {path: text for path, text in files.items() if _module_of_file(path) in modules}


def _modules(names: Iterable[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in names}


def _module_of_file(path: tuple[str, ...]) -> str:
    return "/".join(path).removesuffix(".py")


def _share(schemas: Mapping[str, Any], even: bool = False) -> tuple[set[str], set[str]]:
    """The schema names cut in two by module, so that both halves finish together (bigger
    modules first): evenly, or with the build's half smaller by what importing
    datamodel-code-generator costs it (the helper has imported it while the build parsed)."""
    sizes: dict[str, int] = {}
    for name in schemas:
        module = name.split(".", 1)[0]
        sizes[module] = sizes.get(module, 0) + 1
    first: set[str] = set()
    load = [0 if even else _IMPORT_IN_SCHEMAS, 0]
    for module in sorted(sizes, key=lambda m: (-sizes[m], m)):
        side = 0 if load[0] <= load[1] else 1
        load[side] += sizes[module]
        if side == 0:
            first.add(module)
    ours = {n for n in schemas if n.split(".", 1)[0] in first}
    return ours, set(schemas) - ours


def _group(schemas: Mapping[str, Any], names: set[str]) -> dict[str, Any]:
    """`names` and every schema they refer to, in `schemas`' order."""
    reached: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        todo.extend(_refs_in(schemas[name]))
    return {n: v for n, v in schemas.items() if n in reached}


def _refs_in(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            name = schema_name(item.get("$ref"))
            if name is not None:
                yield name
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _generate(
    document: dict[str, Any], header: str, base_class: str, aliases: Mapping[str, str]
) -> dict[tuple[str, ...], str]:
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.parser import LiteralType

    with warnings.catch_warnings():
        # It warns that running it on Python 3.10 is deprecated; the output is the same.
        warnings.simplefilter("ignore", FutureWarning)
        output = generate(
            json.dumps(document, sort_keys=True),
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_310,
            base_class=base_class,
            snake_case_field=True,
            use_annotated=True,
            field_constraints=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_double_quotes=True,
            use_schema_description=True,
            use_field_description=True,
            enum_field_as_literal=LiteralType.All,
            disable_timestamp=True,
            formatters=[],
            custom_file_header=header,
            aliases=dict(aliases) or None,
        )
    if isinstance(output, str):
        return {("__init__.py",): output}
    if output is None:
        raise RuntimeError("datamodel-code-generator produced no models")
    return {tuple(path): source for path, source in dict(output).items()}


def _index(files: Mapping[str, str], class_of: Mapping[str, str]) -> ModelIndex:
    """Class names, wire-name -> attribute maps and RootModels, read back from the source."""
    fields: dict[str, dict[str, str]] = {}
    roots: set[str] = set()
    modules: dict[str, str] = {}
    cache = BlobCache("indexes")
    prefix = code_digest().encode()
    for file, source in files.items():
        module = file.removesuffix(".py").replace("/", ".")
        key = digest(prefix, file.encode(), source.encode())
        found = cache.get(key)
        classes = _loaded_index(found) if found is not None else None
        if classes is None:
            classes = _file_index(source)
            cache.put(key, json.dumps(classes).encode())
        for name, root, class_fields in classes:
            modules[name] = module
            if root:
                roots.add(name)
            fields[name] = class_fields
    return ModelIndex(dict(class_of), modules, fields, frozenset(roots))


_ClassIndex = list[tuple[str, bool, dict[str, str]]]


def _file_index(source: str) -> _ClassIndex:
    """(class name, whether a RootModel, {wire name: attribute}) for each class of a module."""
    lines = _source_lines(source)
    return [
        (
            node.name,
            any(ast.unparse(b).startswith("RootModel") for b in node.bases),
            _class_fields(node, lines),
        )
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef)
    ]


def _loaded_index(data: bytes) -> _ClassIndex | None:
    """A remembered `_file_index`, or None if it cannot be read back."""
    try:
        value = json.loads(data)
        return [(str(n), bool(r), {str(k): str(v) for k, v in f.items()}) for n, r, f in value]
    except (ValueError, TypeError, AttributeError):
        return None


def _source_lines(source: str) -> list[str]:
    """`source` cut into lines as `ast.get_source_segment` cuts it (only CR, LF and CRLF end one).

    Cut once per module: `get_source_segment` cuts the whole source on every call, which made
    reading back a big API's models quadratic.
    """
    ends = [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    starts = [0, *ends]
    if starts[-1] == len(source):
        starts.pop()
    return [source[a:b] for a, b in zip(starts, [*ends, len(source)], strict=False)]


def _segment(lines: list[str], node: ast.expr) -> str | None:
    """`ast.get_source_segment` for a node on one line."""
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return None
    return lines[node.lineno - 1].encode()[node.col_offset : node.end_col_offset].decode()


def _class_fields(node: ast.ClassDef, lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for statement in node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        # The name as written: the parsed one is NFKC-normalised (`ﬁle` reads as `file`).
        attribute = _segment(lines, statement.target) or statement.target.id
        if attribute == "model_config":
            continue
        alias = next(
            (
                kw.value.value
                for call in ast.walk(statement)
                if isinstance(call, ast.Call) and ast.unparse(call.func) == "Field"
                for kw in call.keywords
                if kw.arg == "alias" and isinstance(kw.value, ast.Constant)
            ),
            attribute,
        )
        out[str(alias)] = attribute
    return out
