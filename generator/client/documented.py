"""What a document says of an operation besides its shape: its description, its documented
errors (and the exception the runtime raises for each), its docs URL and its examples."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Mapping
from typing import Any

from generator.client import template_root
from generator.ir.client import Raise

__all__ = ["description", "doc_url", "media_example", "raises", "status_errors", "success_example"]


def description(operation: Mapping[str, Any]) -> str:
    """The operation's description, less a first paragraph that only says again what the next
    one opens with (a page's tagline, then its description)."""
    paragraphs = [p.strip() for p in str(operation.get("description", "")).split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 1 and _restates(paragraphs[0], paragraphs[1]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _restates(first: str, second: str) -> bool:
    words = set(re.findall(r"[a-z0-9]+", first.lower()))
    opening = set(re.findall(r"[a-z0-9]+", re.split(r"(?<=[.!?])\s", second)[0].lower()))
    return bool(words) and len(words & opening) / len(words | opening) >= 0.6


def raises(operation: Mapping[str, Any]) -> tuple[Raise, ...]:
    """Each documented error status with the exception class the runtime raises for it."""
    table = status_errors()
    found: list[Raise] = []
    for status, response in sorted(operation.get("responses", {}).items(), key=lambda i: str(i[0])):
        text = str(status)
        if text.startswith("2"):
            continue
        code = int(text) if text.isdigit() else 0
        name = table.get(code) or ("InternalServerError" if code >= 500 else "APIStatusError")
        said = response.get("description", "") if isinstance(response, Mapping) else ""
        found.append(Raise(text, name, " ".join(str(said).split())))
    return tuple(found)


@functools.cache
def status_errors() -> Mapping[int, str]:
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


def doc_url(operation: Mapping[str, Any]) -> str:
    docs = operation.get("externalDocs")
    url = docs.get("url") if isinstance(docs, Mapping) else None
    return url if isinstance(url, str) and re.fullmatch(r"https?://[^\s()<>\[\]`]+", url) else ""


def success_example(operation: Mapping[str, Any]) -> Any:
    for status, response in sorted(operation.get("responses", {}).items()):
        if str(status).startswith("2"):
            return media_example(response)
    return None


def media_example(holder: Mapping[str, Any]) -> Any:
    media = holder.get("content", {}).get("application/json", {})
    if "example" in media:
        return media["example"]
    examples = media.get("examples") or {}
    first: Any = next(iter(examples.values()), {})
    return first.get("value") if isinstance(first, Mapping) else None
