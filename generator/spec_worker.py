"""openapi-spec-validator in a process of its own: `python -m generator.spec_worker`.

The generator starts this as soon as it has a document to check and reads the answer just before
writing, so the check (the slowest stage) runs on the second core while the client renders. It
reads one OpenAPI document (JSON) from stdin and writes a JSON list of `[path, message]` errors.

The checks are openapi-spec-validator's own, made fast in two ways that cannot change a verdict:

- the document-against-OAS-schema pass asks jsonschema-rs first (when installed) and only runs
  the Python validator, for its messages, when the Rust one finds a problem;
- the Python validators get their schema registries crawled once, instead of once per
  `$dynamicRef` (referencing re-crawls an uncrawled registry on every anchor lookup), and a
  schema object already found valid by the per-schema meta check is not checked again.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from functools import cache, lru_cache
from typing import Any

__all__ = ["VALIDATOR_VERSIONS", "document_errors", "main"]

_PACKAGES = ("openapi-spec-validator", "openapi-schema-validator", "jsonschema", "jsonschema-rs")


def _versions() -> str:
    from generator.cache import package_versions

    return ", ".join(package_versions(_PACKAGES))


VALIDATOR_VERSIONS = _versions()
"""What a cached verdict depends on besides the document: the validators' versions."""


class _FirstRustThenPython:
    """A jsonschema-like validator: Rust says whether there is an error, Python says which."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._rust = _rust_validator(schema)

    def iter_errors(self, instance: Any) -> Any:
        if self._rust is not None and self._rust.is_valid(instance):
            return iter(())
        return _python_validator(json.dumps(self.schema)).iter_errors(instance)


def _rust_validator(schema: dict[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(schema)


@lru_cache(maxsize=4)
def _python_validator(schema_text: str) -> Any:
    """openapi-spec-validator's own validator for the schema, over a crawled registry."""
    from jsonschema.validators import validator_for
    from jsonschema_specifications import REGISTRY
    from referencing import Resource

    schema = json.loads(schema_text)
    registry = REGISTRY.with_resource(schema["$id"], Resource.from_contents(schema)).crawl()
    return validator_for(schema)(schema, registry=registry)


@lru_cache(maxsize=1)
def _validator_class() -> type[Any]:
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.schemas import schema_v31
    from openapi_spec_validator.validation import keywords

    stock = keywords.OpenAPIV31SchemaValidator
    overrides: dict[str, Any] = {"schema_validator": _FirstRustThenPython(dict(schema_v31))}
    if hasattr(stock, "_get_schema_dialect_id") and hasattr(
        stock, "_get_validator_class_for_dialect"
    ):
        overrides["keyword_validators"] = {
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": _meta_checked(stock),
        }
    return type("FastOpenAPIV31SpecValidator", (OpenAPIV31SpecValidator,), overrides)


def _meta_checked(stock: type[Any]) -> type[Any]:
    """The schema keyword validator with a crawled registry and memoised meta checks."""
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    registry = REGISTRY.crawl()
    passed: set[tuple[Any, str]] = set()

    @cache
    def meta_validator(cls: type[Any], format_checker: Any) -> Any:
        return validator_for(cls.META_SCHEMA, default=cls)(
            cls.META_SCHEMA, format_checker=format_checker, registry=registry
        )

    class MetaChecked(stock):  # type: ignore[misc]
        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            dialect = self._get_schema_dialect_id(schema, schema_value)
            cls = self._get_validator_class_for_dialect(dialect)
            if cls is None:
                raise ValueError(f"Unknown JSON Schema dialect: {dialect!r}")
            validator = meta_validator(cls, self.schema_validator_format_checker)

            def check(value: Any) -> None:
                key = (cls, json.dumps(value, sort_keys=True))
                if key in passed:
                    return
                for error in validator.iter_errors(value):
                    raise SchemaError.create_from(error)
                passed.add(key)

            return check

    return MetaChecked


def document_errors(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every way `document` is not valid OpenAPI 3.1: (where, message), in the validator's order.

    openapi-spec-validator stops with an exception on some malformed documents (a `responses`
    that is not a mapping, say) after reporting the schema error that explains it, or before
    reporting anything: the document is then invalid all the same, never taken as checked.
    """
    validator = _validator_class()(document)
    errors: list[tuple[str, str]] = []
    try:
        for error in validator.iter_errors():
            errors.append(("/".join(str(p) for p in error.path) or "(root)", str(error.message)))
    except Exception as exc:  # noqa: BLE001 - any failure to check is a failed check
        if not errors:
            reason = f"{type(exc).__name__}: {exc}"
            errors.append(("(root)", f"openapi-spec-validator could not check it ({reason})"))
    return errors


def main() -> int:
    if hasattr(os, "nice"):
        # Needed only when the build is about to write: leave the CPU to the build and its helper.
        with contextlib.suppress(OSError):
            os.nice(5)
    _validator_class()  # import and set up while the parent is still building the document
    gc.freeze()  # what the validator set up lives until the end: the collector can skip it
    gc.set_threshold(max(gc.get_threshold()[0], 50_000), *gc.get_threshold()[1:])
    text = sys.stdin.buffer.read()
    if not text:
        return 0  # the parent needed no check after all
    errors = document_errors(json.loads(text))
    sys.stdout.write(json.dumps(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
