"""The document is checked twice before anything is written.

1. openapi-spec-validator: the document is valid OpenAPI 3.1.
2. Every example the doc shows validates (jsonschema, Draft 2020-12) against the schema the
   document gives it; a mismatch points at the example's line in the user's file.
"""

from __future__ import annotations

import json
from typing import Any

from generator.diagnostics import Location, Sink
from generator.openapi import ExampleCheck

__all__ = ["validate_document", "validate_examples"]

_DOCUMENT_URI = "urn:hoko-codegen:openapi"


def validate_document(document: dict[str, Any], spec_path: str, sink: Sink) -> None:
    """Report every way `document` is not valid OpenAPI (errors, at `spec_path`)."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    validator = OpenAPIV31SpecValidator(document)
    for error in validator.iter_errors():
        where = "/".join(str(p) for p in error.path) or "(root)"
        sink.error(
            Location(spec_path),
            f"the generated OpenAPI document is invalid at {where}: {error.message}",
        )


def validate_examples(
    document: dict[str, Any], checks: tuple[ExampleCheck, ...], sink: Sink
) -> None:
    """Report each example that its schema rejects, at the example's line."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry().with_resource(
        _DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    for check in checks:
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
