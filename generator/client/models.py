"""OpenAPI components -> pydantic v2 models, by datamodel-code-generator (called as a library).

Models are split by resource (`types/partners.py`, `types/shared.py` for shapes several resources
use) so that importing the client loads only what a caller touches. The options are pinned here,
in one place; datamodel-code-generator's version is pinned in pyproject.toml because its output is
part of ours.

A module's file depends only on its own schemas, those they refer to, and the options, whichever
other modules are rendered in the same call: `render_models` takes the function that renders a
set of modules (`generate_modules` by default), so a caller may render them elsewhere or take
those it has rendered before.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.client.model_input import NOT_NULL, class_names, module_of, qualified
from generator.client.schemas import refs_in
from generator.ir.client import ModelIndex
from generator.naming import identifier, unique_names

__all__ = [
    "GenerateModules",
    "ModelsError",
    "RenderedModels",
    "generate_modules",
    "module_inputs",
    "render_models",
]

_OUR_METHODS = frozenset({"to_dict", "to_json"})
"""The methods HokoModel adds to pydantic's BaseModel (templates/runtime/_models.py)."""

GenerateModules = Callable[
    [Mapping[str, Any], Sequence[str], str, str, Mapping[str, str]], dict[str, str]
]
"""(schemas keyed `module.Class`, the modules wanted, header, base class, field aliases) ->
{module: source} for each wanted module."""


class ModelsError(RuntimeError):
    """datamodel-code-generator could not make models of these schemas."""


@functools.cache
def _model_attributes() -> frozenset[str]:
    """What a field may not be named: anything pydantic's BaseModel has (pydantic is imported
    only when a field needs a name of ours)."""
    import pydantic

    return frozenset(dir(pydantic.BaseModel))


@dataclass(frozen=True, slots=True)
class RenderedModels:
    files: Mapping[str, str]
    """File name under `types/` -> source."""
    index: ModelIndex


def render_models(
    schemas: Mapping[str, Any],
    owners: Mapping[str, frozenset[str]],
    header: str,
    package: str,
    reserved: Iterable[str] = (),
    generate: GenerateModules | None = None,
    not_null: Mapping[str, Sequence[str]] | None = None,
) -> RenderedModels:
    """Model modules for `schemas`.

    `owners` maps a schema name to the resources whose operations use it; a schema used by one
    goes into that resource's module, one used by several (or none) into `shared`. No class is
    named as one of `reserved` (the names the modules that import models bind themselves).
    `not_null` marks, per schema, the optional fields the runtime must not send as null: the
    class says so in `model_config` (`json_schema_extra={"hoko-not-null": [...]}`).
    """
    if not schemas:
        return RenderedModels({}, ModelIndex({}, {}, {}, frozenset()))
    generate = generate or generate_modules
    aliases: dict[str, str] = {}
    base_class = f"{package}._models.HokoModel"
    class_of = dict(zip(schemas, class_names(schemas, reserved), strict=True))
    made = qualified(schemas, module_of(schemas, owners), class_of, not_null or {})
    modules = sorted({name.split(".", 1)[0] for name in made})
    for _attempt in range(3):
        output = generate(made, modules, header, base_class, aliases)
        files = {f"{module}.py": output[module] for module in modules}
        index = _index(files, class_of)
        renamed = [s for s, c in class_of.items() if c not in index.modules]
        if renamed:
            raise ModelsError(
                f"datamodel-code-generator renamed the model of #/components/schemas/"
                f"{renamed[0]} (class {class_of[renamed[0]]}); give the schema another name"
            )
        fixes = {k: v for k, v in _field_names(index).items() if aliases.get(k) != v}
        if not fixes:
            return RenderedModels(files, index)
        aliases.update(fixes)
    where = next(iter(fixes)).split(".")
    schema = next(s for s, c in class_of.items() if c == where[1])
    raise ModelsError(
        f"the property {where[2]!r} of #/components/schemas/{schema} gets no stable Python name"
    )


def module_inputs(schemas: Mapping[str, Any], module: str) -> dict[str, Any]:
    """What module `module`'s file is made of: its schemas and every schema they refer to."""
    return _group(schemas, {n for n in schemas if n.split(".", 1)[0] == module})


def generate_modules(
    schemas: Mapping[str, Any],
    modules: Sequence[str],
    header: str,
    base_class: str,
    aliases: Mapping[str, str],
) -> dict[str, str]:
    """The files of `modules`, rendered in one call of datamodel-code-generator."""
    wanted = {n for n in schemas if n.split(".", 1)[0] in modules}
    output = _generate(_document(_group(schemas, wanted)), header, base_class, aliases)
    found = {"/".join(path).removesuffix(".py"): text for path, text in output.items()}
    missing = [m for m in modules if m not in found]
    if missing:
        raise ModelsError(f"datamodel-code-generator wrote no module {missing[0]!r}")
    # The modules never import each other in a cycle (generator.client.model_input), so no
    # class is moved into `_internal.py` or `__init__.py`; should one be, it is not dropped.
    ours = {n.split(".", 1)[0] for n in schemas}
    moved = [m for m, text in found.items() if m not in ours and re.search(r"^class ", text, re.M)]
    if moved:
        raise ModelsError(f"datamodel-code-generator moved models into {moved[0]}.py")
    return {module: found[module] for module in modules}


def _field_names(index: ModelIndex) -> dict[str, str]:
    """`module.Class.wire` -> an attribute name, for each field datamodel-code-generator named in
    a way that does not work:

    - a non-ASCII name: a wire name spelled with the "fi" ligature or in fullwidth letters is
      kept as the attribute, which Python reads in NFKC form (`file`, `A`), the same name as
      another field or one that no longer matches its wire name (a name by `generator.naming`);
    - one of our models' own methods (`to_dict`, `to_json`, which the field would hide):
      `to_dict_`, as a keyword is escaped;
    - another field's wire name (`fooBar` named `foo_bar` beside a field `foo_bar`): pydantic,
      which reads a field by its name as well as its alias, would take one for the other. In
      such a class a field whose wire name is a fine attribute keeps it, and the others get
      `_2`, `_3`... after their snake_case name, in wire-name order.
    """
    out: dict[str, str] = {}
    for class_name, fields in index.fields.items():
        where = f"{index.modules[class_name]}.{class_name}"
        if any(a != w and a in fields for w, a in fields.items()):
            out.update({f"{where}.{w}": a for w, a in _settled(fields).items()})
            continue
        if all(a.isascii() and a not in _OUR_METHODS for a in fields.values()):
            continue
        used = {a for a in fields.values() if a.isascii()} | _model_attributes() | _OUR_METHODS
        for wire, attribute in fields.items():
            if not attribute.isascii() or attribute in _OUR_METHODS:
                wanted = (
                    f"{attribute}_" if attribute.isascii() else identifier(wire, attribute=True)
                )
                name = unique_names([wanted], used)[0]
                used.add(name)
                out[f"{where}.{wire}"] = name
    return out


def _settled(fields: Mapping[str, str]) -> dict[str, str]:
    """Attribute names for a class where one field's name is another's wire name."""
    reserved = _model_attributes() | _OUR_METHODS
    owners = [w for w in fields if w == identifier(w, attribute=True) and w not in reserved]
    used = set(fields) | reserved
    names = {w: w for w in owners}
    for wire in sorted(w for w in fields if w not in names):
        base = identifier(wire, attribute=True)
        base = f"{base}_" if base in reserved else base
        names[wire] = unique_names([base], used)[0]
        used.add(names[wire])
    return names


def _document(schemas: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": dict(schemas)},
    }


def _group(schemas: Mapping[str, Any], names: set[str]) -> dict[str, Any]:
    """`names` and every schema they refer to, in `schemas`' order."""
    reached: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        todo.extend(refs_in(schemas[name]))
    return {n: v for n, v in schemas.items() if n in reached}


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
            model_extra_keys_without_x_prefix={NOT_NULL},
        )
    if isinstance(output, str):
        return {("__init__.py",): output}
    if output is None:
        raise ModelsError("datamodel-code-generator produced no models")
    return {tuple(path): source for path, source in dict(output).items()}


def _index(files: Mapping[str, str], class_of: Mapping[str, str]) -> ModelIndex:
    """Class names, wire-name -> attribute maps and RootModels, read back from the source."""
    fields: dict[str, Mapping[str, str]] = {}
    roots: set[str] = set()
    modules: dict[str, str] = {}
    for file, source in files.items():
        module = file.removesuffix(".py").replace("/", ".")
        for name, root, class_fields in _file_index(source):
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
