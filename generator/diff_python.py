"""An OpenAPI document -> the Python API of the client generated from it, and two of those compared.

The surface is computed the way `generate` computes it (the client plan, the models renderer and
the naming rules), so a method or field named here is the one users call: `client.partners.delete`
with its arguments, `types.DeletePartnersResponse` with its attributes, and the exception classes a
method's documented error statuses map to (read from the runtime's STATUS_ERRORS table).
"""

from __future__ import annotations

import ast
import contextlib
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.diff_schema import BREAKING, COMPATIBLE
from generator.render_client import template_root

if TYPE_CHECKING:
    from generator.client_model import PyOperation
    from generator.helper import Helper

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


def surface(
    document: Mapping[str, Any],
    package: str = "hoko_client",
    header: str = "#",
    helper: Helper | None = None,
) -> Surface:
    """The client's methods and models for `document` (models rendered as the build renders
    them, with `header` on top, so that those it made before are found in the cache).

    Remembered by the document (less its `info`), the options and the generator's code and
    templates (`generator.cache`): the next run compares against it without planning again."""
    import json
    import pickle

    from generator.cache import BlobCache, code_digest, digest
    from generator.fingerprint import templates_digest

    cache = BlobCache("surfaces", keep=16)  # a run reads two: the previous spec's and its own
    try:
        content = {k: v for k, v in document.items() if k != "info"}
        text = json.dumps([header, package, content], sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return _surface(document, package, header, helper)
    key = digest(code_digest().encode(), templates_digest().encode(), text.encode())
    found = cache.get(key)
    if found is not None:
        with contextlib.suppress(Exception):
            value = pickle.loads(found)
            if isinstance(value, Surface):
                return value
    made = _surface(document, package, header, helper)
    cache.put(key, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    return made


def _surface(
    document: Mapping[str, Any], package: str, header: str, helper: Helper | None
) -> Surface:
    from generator.client_model import client_spec, plan_client
    from generator.render_models import render_models

    plan = plan_client(document)
    try:
        models = render_models(plan.schemas, plan.owners, header, package, plan.reserved, helper)
    except Exception as err:
        # Looked up only now: with every model module cached, datamodel-code-generator (slow to
        # import) never loads, and then it cannot have raised.
        model_error = getattr(sys.modules.get("datamodel_code_generator"), "Error", None)
        if model_error is not None and isinstance(err, model_error):
            raise ValueError(f"its models cannot be generated: {err}") from err
        raise
    spec = client_spec(plan, models.index)
    errors = _status_errors()
    methods: dict[str, Method] = {}
    for resource in spec.resources:
        for op in resource.operations:
            operation = f"{op.http_method} {op.path}"
            responses = document["paths"][op.path][op.http_method.lower()].get("responses", {})
            raises = tuple(
                sorted(
                    {
                        _error_for(status, errors)
                        for status in responses
                        if not status.startswith("2")
                    }
                )
            )
            arguments = _arguments(op)
            returns = op.response or "None"
            methods[f"client.{resource.attr}.{op.name}"] = Method(
                operation, arguments, returns, raises
            )
            if op.body and op.body.max_items and op.response:
                batch = Argument("batch_size", True, False, "int", repr(op.body.max_items))
                name = f"client.{resource.attr}.{op.name}_in_batches"
                methods[name] = Method(operation, (*arguments, batch), op.response, raises)
    fields = {
        f"types.{name}": tuple(sorted(models.index.fields.get(name, {}).values()))
        for name in models.index.modules
    }
    return Surface(methods, fields)


def _arguments(op: PyOperation) -> tuple[Argument, ...]:
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


def _error_for(status: str, table: Mapping[int, str]) -> str:
    code = int(status) if status.isdigit() else 0
    if code in table:
        return f"{table[code]} ({code})"
    return f"InternalServerError ({status})" if code >= 500 else f"APIStatusError ({status})"


def _status_errors() -> dict[int, str]:
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
