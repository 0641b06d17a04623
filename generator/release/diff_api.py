"""Two OpenAPI documents -> what changed in each operation's HTTP contract.

Operations are matched by method and path. Within one: its scopes, parameters, request body and
responses, with schemas compared as resolved shapes by `generator.diff_schema`; parameters, bodies
and responses may themselves be `#/components/...` refs and are followed first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.release.diff_schema import BREAKING, COMPATIBLE, WORDING, compare, resolve

__all__ = ["METHODS", "api_changes"]

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _operations(
    document: Mapping[str, Any],
) -> dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]]:
    return {
        f"{method.upper()} {path}": (item, item[method])
        for path, item in document.get("paths", {}).items()
        for method in METHODS
        if method in item
    }


def api_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    before, after = _operations(old), _operations(new)
    # An operation is compared with what its document says around it: its path item, the
    # components and the document's security. Where all of those are equal, so is the operation.
    same_components = old.get("components") == new.get("components")
    same_around = same_components and old.get("security") == new.get("security")
    for key in sorted(set(before) | set(after)):
        if key not in after:
            yield key, BREAKING, "operation removed"
        elif key not in before:
            yield key, COMPATIBLE, "operation added"
        elif same_around and before[key] == after[key]:
            continue
        else:
            pair = _Pair(old, new)
            for kind, message in pair.operation(before[key], after[key]):
                yield key, kind, message
    for key in ("title", "description"):
        if old.get("info", {}).get(key) != new.get("info", {}).get(key):
            yield "document", WORDING, f"info.{key} changed"
    old_server, new_server = _server(old), _server(new)
    if old_server != new_server:
        yield "document", COMPATIBLE, f"default server changed from {old_server} to {new_server}"


def _server(document: Mapping[str, Any]) -> str:
    servers = document.get("servers") or [{}]
    return str(servers[0].get("url", "none"))


class _Pair:
    """One operation in both documents, compared with each document's components."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = old, new

    def schema(self, document: Mapping[str, Any], schema: Any) -> Any:
        return resolve(schema, document.get("components", {}).get("schemas", {}))

    def deref(self, document: Mapping[str, Any], value: Any) -> Any:
        """`value`, following `#/components/<kind>/<name>` refs (parameters, bodies, responses)."""
        for _ in range(16):
            ref = value.get("$ref") if isinstance(value, Mapping) else None
            if not isinstance(ref, str) or not ref.startswith("#/components/"):
                return value
            _, _, kind, name = ref.split("/", 3)
            value = document.get("components", {}).get(kind, {}).get(name, {})
        return value

    def operation(
        self, old: tuple[Mapping[str, Any], ...], new: tuple[Mapping[str, Any], ...]
    ) -> Iterator[tuple[str, str]]:
        (old_item, old_op), (new_item, new_op) = old, new
        for key in ("summary", "description"):
            if old_op.get(key) != new_op.get(key):
                yield WORDING, f"{key} changed"
        if old_op.get("x-source") != new_op.get("x-source"):
            yield WORDING, f"documented at {new_op.get('x-source')} (was {old_op.get('x-source')})"
        if old_op.get("tags") != new_op.get("tags"):
            yield WORDING, f"tags changed from {old_op.get('tags')} to {new_op.get('tags')}"
        if bool(old_op.get("deprecated")) != bool(new_op.get("deprecated")):
            yield COMPATIBLE, "deprecated" if new_op.get("deprecated") else "no longer deprecated"
        before, after = self.scopes(self.old, old_op), self.scopes(self.new, new_op)
        if before != after:
            yield BREAKING, f"required scopes changed from {before or 'none'} to {after or 'none'}"
        yield from self.parameters(
            self.params(self.old, old_item, old_op), self.params(self.new, new_item, new_op)
        )
        yield from self.body(
            self.deref(self.old, old_op.get("requestBody")),
            self.deref(self.new, new_op.get("requestBody")),
        )
        yield from self.responses(old_op.get("responses", {}), new_op.get("responses", {}))

    def scopes(self, document: Mapping[str, Any], op: Mapping[str, Any]) -> str:
        requirements = op.get("security", document.get("security", []))
        options = sorted(
            " + ".join(
                f"{scheme}:{','.join(sorted(scopes)) or '-'}"
                for scheme, scopes in sorted(r.items())
            )
            for r in requirements
        )
        return " or ".join(o for o in options if o)

    def params(
        self, document: Mapping[str, Any], item: Mapping[str, Any], op: Mapping[str, Any]
    ) -> dict[tuple[str, str], Any]:
        merged: dict[tuple[str, str], Any] = {}
        for raw in (*item.get("parameters", ()), *op.get("parameters", ())):
            param = self.deref(document, raw)
            merged[(str(param.get("in")), str(param.get("name")))] = param
        return merged

    def parameters(
        self, old: dict[tuple[str, str], Any], new: dict[tuple[str, str], Any]
    ) -> Iterator[tuple[str, str]]:
        for key in sorted(set(old) | set(new)):
            where = f"parameter `{key[1]}` ({key[0]})"
            before, after = old.get(key), new.get(key)
            if after is None:
                yield BREAKING, f"{where}: removed"
            elif before is None:
                yield (
                    (BREAKING, f"{where}: added, required")
                    if after.get("required")
                    else (COMPATIBLE, f"{where}: added")
                )
            else:
                if bool(before.get("required")) != bool(after.get("required")):
                    yield (
                        (BREAKING, f"{where}: now required")
                        if after.get("required")
                        else (COMPATIBLE, f"{where}: now optional")
                    )
                if before.get("description") != after.get("description"):
                    yield WORDING, f"{where}: description changed"
                old_schema, new_schema = (
                    self.schema(self.old, before.get("schema")),
                    self.schema(self.new, after.get("schema")),
                )
                yield from compare(old_schema, new_schema, where, "request")

    def body(self, old: Any, new: Any) -> Iterator[tuple[str, str]]:
        if not old and not new:
            return
        if not new:
            yield BREAKING, "request body removed"
            return
        if not old:
            yield (
                (BREAKING, "request body added, required")
                if new.get("required")
                else (COMPATIBLE, "request body added")
            )
            return
        if bool(old.get("required")) != bool(new.get("required")):
            yield (
                (BREAKING, "request body now required")
                if new.get("required")
                else (COMPATIBLE, "request body now optional")
            )
        if old.get("description") != new.get("description"):
            yield WORDING, "request body: description changed"
        yield from self.content(
            old.get("content", {}), new.get("content", {}), "request body", "request"
        )

    def content(
        self, old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: str
    ) -> Iterator[tuple[str, str]]:
        for media in sorted(set(old) | set(new)):
            if media not in new:
                yield (
                    BREAKING,
                    f"{where}: {media} no longer {'accepted' if side == 'request' else 'returned'}",
                )
            elif media not in old:
                yield (
                    COMPATIBLE,
                    f"{where}: {media} now {'accepted' if side == 'request' else 'returned'}",
                )
            else:
                label = where if len(new) == 1 else f"{where} ({media})"
                old_schema = self.schema(self.old, old[media].get("schema"))
                new_schema = self.schema(self.new, new[media].get("schema"))
                yield from compare(old_schema, new_schema, label, side)
                if (old[media].get("example"), old[media].get("examples")) != (
                    new[media].get("example"),
                    new[media].get("examples"),
                ):
                    yield WORDING, f"{label}: example changed"

    def responses(
        self, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> Iterator[tuple[str, str]]:
        for status in sorted(set(old) | set(new)):
            where = f"response {status}"
            if status not in new:
                yield BREAKING, f"{where}: status code removed"
                continue
            if status not in old:
                yield COMPATIBLE, f"{where}: status code added"
                continue
            before, after = self.deref(self.old, old[status]), self.deref(self.new, new[status])
            if before.get("description") != after.get("description"):
                yield WORDING, f"{where}: description changed"
            for header in sorted(set(before.get("headers", {})) | set(after.get("headers", {}))):
                if header not in after.get("headers", {}):
                    yield BREAKING, f"{where}: header {header} removed"
                elif header not in before.get("headers", {}):
                    yield COMPATIBLE, f"{where}: header {header} added"
            yield from self.content(
                before.get("content", {}), after.get("content", {}), where, "response"
            )
