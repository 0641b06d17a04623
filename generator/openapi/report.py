"""Coverage lines and the provenance map (`--report FILE`).

The map says where every operation, parameter, body field and model came from, as `file:line`,
so a reviewer can go from any part of the client back to the sentence of the docs behind it; and,
page by page, what each line became and the findings at it (`generator.openapi.annotate`, the
same facts the annotated view, `--html`, shows).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from generator.diagnostics import Diagnostic
from generator.ir.docs import Endpoint, Field, TypeSpec
from generator.ir.provenance import Finding, PageFacts
from generator.openapi.annotate import annotate
from generator.openapi.build import operation_names

__all__ = ["coverage_lines", "provenance"]


def coverage_lines(pages: list[Endpoint]) -> list[str]:
    """One line per endpoint: what the parser took against what it found on the page."""
    return [f"{e.source.path}: {e.method} {e.path}: {e.coverage.summary()}" for e in pages]


def provenance(
    pages: list[Endpoint],
    document: dict[str, Any],
    diagnostics: Sequence[Diagnostic] = (),
    classes: Mapping[str, str] | None = None,
) -> str:
    """The provenance map as JSON text (sorted, so the same docs give the same bytes);
    `classes` names the Python class of each schema."""
    operations = [_operation(e) for e in sorted(pages, key=lambda e: (e.path, e.method))]
    sources = {str(o["operationId"]): str(o["source"]) for o in operations}
    files = list(dict.fromkeys(e.source.path for e in pages))
    facts = annotate(files, pages, diagnostics, document, classes)
    report = {
        "operations": operations,
        "models": _models(document, sources),
        "pages": [_page(page) for page in facts.pages],
        "findings": [_finding(f) for f in facts.findings],
    }
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _page(page: PageFacts) -> dict[str, Any]:
    return {
        "path": page.path,
        "operations": list(page.operations),
        "facts": [
            {
                "line": f.line,
                "last": f.last or f.line,
                "kind": f.kind,
                "text": f.text,
                "operation": f.operation,
            }
            for f in page.facts
        ],
        "findings": [_finding(f) for f in page.findings],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "source": str(finding.location),
        "severity": finding.severity,
        "message": finding.message,
        "related": [str(r) for r in finding.related],
    }


def _operation(endpoint: Endpoint) -> dict[str, Any]:
    operation_id, _ = operation_names(endpoint)
    return {
        "operationId": operation_id,
        "method": endpoint.method,
        "path": endpoint.path,
        "source": str(endpoint.source),
        "parameters": [_field(f) for f in endpoint.parameters],
        "fields": _body_fields(endpoint.body.type, "body") if endpoint.body else [],
        "responses": [
            {"status": r.status, "source": str(r.source)} for r in endpoint.responses if r.status
        ],
    }


def _field(field: Field, prefix: str = "") -> dict[str, str]:
    return {"name": prefix + field.name, "in": field.location, "source": str(field.source)}


def _body_fields(spec: TypeSpec, prefix: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if spec.items is not None:
        out.extend(_body_fields(spec.items, prefix + "[]"))
    for field in spec.properties:
        out.append(_field(field, prefix + "."))
        out.extend(_body_fields(field.type, f"{prefix}.{field.name}"))
    return out


def _models(document: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    """Each component with the operations that use it (directly or through other components)."""
    schemas = document.get("components", {}).get("schemas", {})
    used: dict[str, set[str]] = {name: set() for name in schemas}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                for name in _reachable(operation, schemas):
                    used[name].add(operation["operationId"])
    return {
        name: {"usedBy": sorted(ops), "sources": sorted({sources[o] for o in ops if o in sources})}
        for name, ops in used.items()
    }


def _reachable(node: Any, schemas: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in found and name in schemas:
                    found.add(name)
                    stack.append(schemas[name])
            stack.extend(v for k, v in current.items() if k != "$ref")
        elif isinstance(current, list):
            stack.extend(current)
    return found
