"""The Python API of a generated package, read from its source, and two of those compared.

A method or field named here is the one users call: `client.partners.delete` with its arguments
and return type, `types.DeletePartnersResponse` with its attributes, and the exceptions a method's
docstring says it raises. Both sides of a release are read the same way, from the files: the
previous package as it is on disk, the new one as this run renders it. So a change that comes from
the generator itself (a template, a naming rule) is seen like one that comes from the docs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.release.diff_schema import BREAKING, COMPATIBLE

__all__ = [
    "Argument",
    "Method",
    "Surface",
    "compare_surfaces",
    "signature",
    "signatures",
    "surface",
]


@dataclass(frozen=True)
class Argument:
    name: str
    keyword: bool
    required: bool
    annotation: str
    default: str = ""
    """The default's source text ("" when there is none)."""


@dataclass(frozen=True)
class Method:
    operation: str
    """The HTTP operation behind it, e.g. `DELETE /api/partners`."""
    arguments: tuple[Argument, ...]
    returns: str
    raises: tuple[str, ...]


@dataclass(frozen=True)
class Surface:
    methods: Mapping[str, Method]
    """`client.partners.delete` -> its signature."""
    models: Mapping[str, tuple[str, ...]]
    """`types.DeletePartnersResponse` -> its attribute names."""


def surface(files: Mapping[str, str], package: str) -> Surface:
    """The Python API of the package whose files (path under the output folder -> source) are
    given: `client.<resource>.<method>` for each method of the resource classes the client
    exposes, and `types.<Model>` with its attributes. Read from the source alone, so a package
    that an older generator wrote reads as it was written."""
    prefix = f"{package}/"
    modules = {
        name[len(prefix) :]: text
        for name, text in files.items()
        if name.startswith(prefix) and name.endswith(".py")
    }
    attributes = _client_attributes(modules.get("_client.py", ""))
    methods: dict[str, Method] = {}
    for name, text in sorted(modules.items()):
        if name.startswith("resources/") and name != "resources/__init__.py":
            tree = _parse(text)
            operations = _operations(tree)
            for node in tree.body:
                attribute = attributes.get(node.name) if isinstance(node, ast.ClassDef) else None
                if attribute is not None and isinstance(node, ast.ClassDef):
                    for method in _methods(node, operations):
                        methods[f"client.{attribute}.{method[0]}"] = method[1]
    models = {
        f"types.{node.name}": _fields(node)
        for name, text in sorted(modules.items())
        if name.startswith("types/") and name != "types/__init__.py"
        for node in _parse(text).body
        if isinstance(node, ast.ClassDef)
    }
    return Surface(methods, models)


def signatures(files: Mapping[str, str], package: str) -> dict[str, tuple[str, ...]]:
    """HTTP operation (`DELETE /api/partners`) -> the signatures of the methods that call it,
    as the package's source declares them (see `signature`)."""
    found: dict[str, list[str]] = {}
    for name, method in surface(files, package).methods.items():
        found.setdefault(method.operation, []).append(signature(name, method))
    return {operation: tuple(texts) for operation, texts in found.items()}


def signature(name: str, method: Method) -> str:
    """`client.partners.delete(ids: ..., *, timeout: ... = NOT_GIVEN) -> Returned`, one argument
    a line."""
    lines: list[str] = []
    star = False
    for argument in method.arguments:
        if argument.keyword and not star:
            lines.append("*")
            star = True
        text = f"{argument.name}: {argument.annotation}" if argument.annotation else argument.name
        lines.append(f"{text} = {argument.default}" if argument.default else text)
    inside = "".join(f"\n    {line}," for line in lines) + ("\n" if lines else "")
    return f"{name}({inside}) -> {method.returns}"


def _parse(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def _client_attributes(source: str) -> dict[str, str]:
    """Resource class -> the client attribute that returns it (`PartnersResource` ->
    `partners`), read off the first client class's properties."""
    found: dict[str, str] = {}
    for node in _parse(source).body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("Async"):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and member.returns is not None:
                    returned = ast.unparse(member.returns).strip("'\"")
                    if returned.endswith("Resource") and not member.name.startswith("_"):
                        found[returned] = member.name
            if found:
                return found
    return found


def _operations(tree: ast.Module) -> dict[str, str]:
    """`_OP_X` constant -> `METHOD /path`, from `Operation("METHOD", "/path", ...)` calls."""
    found: dict[str, str] = {}
    for node in tree.body:
        target: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(target, ast.Name) and isinstance(value, ast.Call):
            texts = [a.value for a in value.args[:2] if isinstance(a, ast.Constant)]
            if len(texts) == 2 and all(isinstance(t, str) for t in texts):
                found[target.id] = f"{str(texts[0]).upper()} {texts[1]!s}"
    return found


def _methods(node: ast.ClassDef, operations: Mapping[str, str]) -> Iterator[tuple[str, Method]]:
    """The public methods of a resource class, each with the operation behind it."""
    own: dict[str, str] = {}
    for member in node.body:
        if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
            used = [
                n.id for n in ast.walk(member) if isinstance(n, ast.Name) and n.id in operations
            ]
            if used:
                own[member.name] = operations[used[0]]
    for member in node.body:
        if not isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if member.name.startswith("_") or _is_property(member):
            continue
        operation = own.get(member.name) or next(
            (own[base] for base in own if member.name.startswith(f"{base}_")), ""
        )
        returns = ast.unparse(member.returns) if member.returns is not None else "None"
        yield member.name, Method(operation, _signature(member), returns, _raises(member))


def _is_property(member: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(d) in ("property", "cached_property") for d in member.decorator_list)


def _signature(member: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Argument, ...]:
    arguments = member.args
    positional = [*arguments.posonlyargs, *arguments.args][1:]  # without self
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    out = [
        Argument(a.arg, False, d is None, _text(a.annotation), _text(d))
        for a, d in zip(positional, defaults, strict=True)
    ]
    out += [
        Argument(a.arg, True, d is None, _text(a.annotation), _text(d))
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    ]
    return tuple(out)


def _text(node: ast.expr | None) -> str:
    return ast.unparse(node) if node is not None else ""


def _raises(member: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """The exceptions the method's docstring lists under `Raises:` (`NotFoundError: 404, ...`),
    as `NotFoundError (404)`."""
    doc = ast.get_docstring(member) or ""
    _, found, rest = doc.partition("\nRaises:\n")
    if not found:
        return ()
    names = []
    for line in rest.splitlines():
        if not line.startswith((" ", "\t")) or not line.strip():
            break
        name, _, said = line.strip().partition(":")
        status = said.strip().split(",", 1)[0]
        names.append(f"{name} ({status})" if status else name)
    return tuple(sorted(set(names)))


def _fields(node: ast.ClassDef) -> tuple[str, ...]:
    return tuple(
        sorted(
            member.target.id
            for member in node.body
            if isinstance(member, ast.AnnAssign)
            and isinstance(member.target, ast.Name)
            and member.target.id != "model_config"
        )
    )


def compare_surfaces(old: Surface, new: Surface) -> Iterator[tuple[str, str, str]]:
    """(group, kind, message) for every difference; a method's group is its HTTP operation."""
    for name in sorted(set(old.methods) | set(new.methods)):
        before, after = old.methods.get(name), new.methods.get(name)
        if after is None and before is not None:
            yield before.operation, BREAKING, f"{name}() removed"
        elif before is None and after is not None:
            yield after.operation, COMPATIBLE, f"{name}() added"
        elif before is not None and after is not None and before != after:
            for kind, message in _compare_methods(before, after):
                yield after.operation, kind, f"{name}(): {message}"
    for model in sorted(set(old.models) | set(new.models)):
        if model not in new.models:
            yield "models", BREAKING, f"{model} removed"
        elif model not in old.models:
            yield "models", COMPATIBLE, f"{model} added"
        else:
            gone = [f for f in old.models[model] if f not in new.models[model]]
            added = [f for f in new.models[model] if f not in old.models[model]]
            for attribute in gone:
                yield "models", BREAKING, f"{model}.{attribute} removed"
            for attribute in added:
                yield "models", COMPATIBLE, f"{model}.{attribute} added"


def _compare_methods(old: Method, new: Method) -> Iterator[tuple[str, str]]:
    before = {a.name: a for a in old.arguments}
    after = {a.name: a for a in new.arguments}
    for name in [a.name for a in old.arguments if a.name not in after]:
        yield BREAKING, f"argument `{name}` removed"
    for arg in new.arguments:
        was = before.get(arg.name)
        if was is None:
            kind = BREAKING if arg.required or not arg.keyword else COMPATIBLE
            yield kind, f"{'required' if arg.required else 'optional'} argument `{arg.name}` added"
            continue
        if arg.required and not was.required:
            yield BREAKING, f"argument `{arg.name}` is now required"
        elif was.required and not arg.required:
            yield COMPATIBLE, f"argument `{arg.name}` is now optional"
        if arg.annotation != was.annotation:
            yield (
                BREAKING,
                f"argument `{arg.name}` type changed from `{was.annotation}` to `{arg.annotation}`",
            )
        if arg.default != was.default:
            change = f"from {was.default or 'none'} to {arg.default or 'none'}"
            yield COMPATIBLE, f"default of `{arg.name}` changed {change}"
        if arg.keyword != was.keyword:
            yield (
                BREAKING,
                f"argument `{arg.name}` is now {'keyword-only' if arg.keyword else 'positional'}",
            )
    old_positional = [a.name for a in old.arguments if not a.keyword and a.name in after]
    new_positional = [a.name for a in new.arguments if not a.keyword and a.name in before]
    if old_positional != new_positional:
        yield BREAKING, "positional arguments reordered"
    if old.returns != new.returns:
        yield BREAKING, f"returns `{new.returns}` instead of `{old.returns}`"
    # The exception classes always exist; which ones a method documents is information, not API.
    for error in sorted(set(old.raises) - set(new.raises)):
        yield COMPATIBLE, f"no longer documents {error}"
    for error in sorted(set(new.raises) - set(old.raises)):
        yield COMPATIBLE, f"may now raise {error}"
