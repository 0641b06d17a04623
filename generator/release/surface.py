"""The Python API of a generated client, and two of those compared.

The surface is read off the client IR the package is rendered from, so a method or field named
here is the one users call: `client.partners.delete` with its arguments,
`types.DeletePartnersResponse` with its attributes, and the exception classes a method's
documented error statuses map to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.ir.client import Client, Operation
from generator.release.diff_schema import BREAKING, COMPATIBLE

__all__ = ["Argument", "Method", "Surface", "compare_surfaces", "surface"]


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


def surface(client: Client) -> Surface:
    """The client's methods and models, as users call and read them."""
    methods: dict[str, Method] = {}
    for resource in client.resources:
        for op in resource.operations:
            operation = f"{op.http_method} {op.path}"
            raises = tuple(sorted({f"{name} ({status})" for status, name in op.raises}))
            arguments = _arguments(op)
            returns = op.response or "None"
            methods[f"client.{resource.attr}.{op.name}"] = Method(
                operation, arguments, returns, raises
            )
            if op.body and op.body.max_items and op.response:
                batch = Argument("batch_size", True, False, "int", repr(op.body.max_items))
                name = f"client.{resource.attr}.{op.name}_in_batches"
                methods[name] = Method(operation, (*arguments, batch), op.response, raises)
    index = client.models
    fields = {
        f"types.{name}": tuple(sorted(index.fields.get(name, {}).values()))
        for name in index.modules
    }
    return Surface(methods, fields)


def _arguments(op: Operation) -> tuple[Argument, ...]:
    positional = [
        Argument(p.name, False, True, p.annotation) for p in op.params if p.location == "path"
    ]
    if op.body:
        positional.append(Argument(op.body.name, False, True, op.body.annotation))
    keywords = [
        Argument(p.name, True, p.required, p.annotation, repr(p.default) if p.has_default else "")
        for p in op.params
        if p.location != "path"
    ]
    return (*positional, *keywords)


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
