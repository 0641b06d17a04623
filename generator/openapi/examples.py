"""Every example the docs show is checked against the schema the document gives it.

jsonschema (Draft 2020-12, with its format checkers) decides; a mismatch is an error at the
example's line in the user's file. `example_keys` says what each verdict depends on, so a caller
may take the verdicts it has seen before instead of checking again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.diagnostics import Diagnostic, Sink
from generator.openapi.build import ExampleCheck
from generator.openapi.shards import closure, schema_refs

__all__ = ["EXAMPLE_PACKAGES", "example_keys", "validate_examples"]

_DOCUMENT_URI = "urn:hoko-codegen:openapi"


def validate_examples(
    document: dict[str, Any], checks: Sequence[ExampleCheck]
) -> tuple[list[Diagnostic], list[int]]:
    """An error for each example that its schema rejects, at the example's line; and the
    indexes of the checks that passed."""
    sink = Sink()
    if not checks:
        return [], []
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry().with_resource(
        _DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    passed: list[int] = []
    for number, check in enumerate(checks):
        # The check's own $refs point into the document; anchor them at the document's URI.
        schema = json.loads(
            json.dumps(check.schema).replace('"#/components/', f'"{_DOCUMENT_URI}#/components/')
        )
        validator = Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = sorted(
            validator.iter_errors(check.example.value), key=lambda e: [str(p) for p in e.path]
        )
        if errors:
            error = errors[0]
            at = "/".join(str(p) for p in error.absolute_path) or "(the whole value)"
            sink.error(
                check.example.line_of(tuple(error.absolute_path)),
                f"{check.what} does not match the schema documented for it: at {at}: {error.message}",
            )
        else:
            passed.append(number)
    return sink.items, passed


EXAMPLE_PACKAGES = (
    "jsonschema",
    "rfc3339-validator",
    "rfc3986-validator",
    "rfc3987",
    "rfc3987-syntax",
    "fqdn",
    "idna",
    "isoduration",
    "jsonpointer",
    "uri-template",
    "webcolors",
)


def example_keys(
    document: dict[str, Any], checks: Sequence[ExampleCheck]
) -> list[tuple[bytes, ...] | None]:
    """Per check, the bytes its verdict depends on (the example, its schema and the component
    schemas that reaches); None when that cannot be told. The versions of the checking packages
    (`EXAMPLE_PACKAGES`) count too, which the caller adds."""
    if not checks:
        return []
    schemas = document.get("components", {}).get("schemas", {})
    refs: dict[str, set[str] | None] = {}
    # Many checks share a schema (every error example of every page): dump each once.
    dumped: dict[str, tuple[bytes, bytes] | None] = {}
    keys: list[tuple[bytes, ...] | None] = []
    for check in checks:
        text = json.dumps(check.schema, sort_keys=True)
        if text not in dumped:
            names = schema_refs(check.schema)
            reached = None if names is None else closure(names, schemas, refs)
            dumped[text] = (
                None
                if reached is None
                else (text.encode(), json.dumps({n: schemas[n] for n in reached}).encode())
            )
        found = dumped[text]
        if found is None:
            keys.append(None)
            continue
        value = json.dumps(check.example.value, sort_keys=True).encode()
        keys.append((found[0], value, found[1]))
    return keys
