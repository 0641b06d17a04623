"""The document is checked twice before anything is written.

1. openapi-spec-validator: the document is valid OpenAPI 3.1. This is the slowest stage, so it
   runs in a worker process while the client renders, and skips what passed before
   (`generator.spec_check`); the pipeline joins it before writing.
2. Every example the doc shows validates (jsonschema, Draft 2020-12) against the schema the
   document gives it; a mismatch points at the example's line in the user's file.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from generator.diagnostics import Diagnostic, Location, Sink
from generator.openapi.build import ExampleCheck

__all__ = ["PendingValidation", "validate_document", "validate_examples"]

_DOCUMENT_URI = "urn:hoko-codegen:openapi"


def validate_document(document: dict[str, Any], spec_path: str, sink: Sink) -> None:
    """Report every way `document` is not valid OpenAPI (errors, at `spec_path`)."""
    check = PendingValidation(document, spec_path, sink)
    try:
        check.finish()
    finally:
        check.close()


class PendingValidation:
    """The checks of a document, started at once: openapi-spec-validator in a worker
    (`generator.spec_check`) and, when given the examples' checks, `validate_examples` in a
    thread of this process (the build meanwhile waits for its helper, which leaves the thread the
    interpreter). `finish()` waits for both and reports what they found where `validate_document`
    and then `validate_examples` would have, ahead of what was reported since; call it before
    trusting the document. `given`: the document is the user's (--from-spec), not ours."""

    def __init__(
        self,
        document: dict[str, Any],
        spec_path: str,
        sink: Sink,
        examples: tuple[ExampleCheck, ...] | None = None,
        *,
        given: bool = False,
    ) -> None:
        from generator.spec_check import DocumentCheck

        self._at = len(sink.items)
        self._sink = sink
        self._spec_path = spec_path
        self._given = given
        self._what = "the OpenAPI document" if given else "the generated OpenAPI document"
        self._check: DocumentCheck | None = DocumentCheck(document)
        self._examples: _Examples | None = None
        if examples is not None:
            self._examples = _Examples(document, examples)

    def finish(self, *, failed: bool = False) -> None:
        """Wait for the checks and report what they found. The problems of a document the user
        gave (`given`) are warnings, since the client may still come out whole, unless the run
        `failed` on it: they are then errors, as they explain the failure."""
        examples, self._examples = self._examples, None
        if examples is not None:
            self._sink.items[self._at : self._at] = examples.join()
        if self._check is None:
            return
        check, self._check = self._check, None
        try:
            errors = check.join()
        finally:
            check.close()
        before = Sink()
        report = before.warning if self._given and not failed else before.error
        for where, message in errors:
            report(Location(self._spec_path), f"{self._what} is invalid at {where}: {message}")
        self._sink.items[self._at : self._at] = before.items

    def close(self) -> None:
        """Stop the worker without waiting (the run is failing anyway). The examples' thread,
        if still running, ends on its own."""
        self._examples = None
        if self._check is not None:
            self._check.close()
            self._check = None


class _Examples:
    """`validate_examples` in a thread; `join()` gives what it reported (or raises what it
    raised)."""

    def __init__(self, document: dict[str, Any], checks: tuple[ExampleCheck, ...]) -> None:
        self._found = Sink()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(document, checks), name="hoko-examples", daemon=True
        )
        self._thread.start()

    def _run(self, document: dict[str, Any], checks: tuple[ExampleCheck, ...]) -> None:
        try:
            validate_examples(document, checks, self._found)
        except BaseException as exc:  # noqa: BLE001 - raised again by join()
            self._failure = exc

    def join(self) -> list[Diagnostic]:
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        return self._found.items


def validate_examples(
    document: dict[str, Any], checks: tuple[ExampleCheck, ...], sink: Sink
) -> None:
    """Report each example that its schema rejects, at the example's line.

    An example that passed before against the same schema (and the same component schemas it
    refers to, with the same jsonschema and format checkers) is not checked again.
    """
    from generator.cache import DigestSet

    passed = DigestSet("examples")
    keys = _example_keys(document, checks)
    todo = [(c, k) for c, k in zip(checks, keys, strict=True) if k is None or k not in passed]
    if not todo:
        return
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry().with_resource(
        _DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    for check, key in todo:
        if key is not None and key in passed:
            continue  # the same example and schema as a check that passed earlier in this run
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
        elif key is not None:
            passed.add([key])
    passed.save()


_FORMAT_PACKAGES = (
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


def _example_keys(document: dict[str, Any], checks: tuple[ExampleCheck, ...]) -> list[str | None]:
    """Per check, a digest of all its verdict depends on; None when that cannot be told."""
    from generator.cache import code_digest, digest, package_versions
    from generator.spec_check import closure, schema_refs

    if not checks:
        return []
    versions = package_versions(_FORMAT_PACKAGES)
    prefix = [code_digest().encode(), " ".join(versions).encode()]
    schemas = document.get("components", {}).get("schemas", {})
    refs: dict[str, set[str] | None] = {}
    # Many checks share a schema (every error example of every page): dump each once.
    dumped: dict[str, tuple[bytes, bytes] | None] = {}
    keys: list[str | None] = []
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
        keys.append(digest(*prefix, found[0], value, found[1]))
    return keys
