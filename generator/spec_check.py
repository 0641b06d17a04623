"""Check the OpenAPI document with openapi-spec-validator: on the second core, and only what changed.

The document is cut into shards that are valid OpenAPI on their own: one per path (the path item
and the component schemas it reaches), one per component schema (with the schemas it reaches),
and the rest (info, tags, security schemes). The document is valid exactly when every shard is
and its operationIds are unique, which is checked here over the whole document; the validator
checks nothing else across paths. A shard whose exact bytes passed the same validator versions
before (`generator.cache`) is not checked again; the others are merged back into one document and
checked in a worker process (`generator.spec_worker`), which the caller joins before writing.
A document that refers outside `#/components/schemas/` is checked whole, without shards.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from generator.cache import DigestSet, digest

__all__ = [
    "DocumentCheck",
    "Shard",
    "closure",
    "schema_refs",
    "shards",
    "start_check",
    "worker_started",
]

_SCHEMA_REF = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Shard:
    paths: tuple[str, ...]
    schemas: tuple[str, ...]
    root: bool
    text: bytes
    """The shard document as the validator reads it (JSON)."""


def shards(document: dict[str, Any]) -> list[Shard] | None:
    """The shards of `document`, or None when it cannot be cut (refs outside component schemas)."""
    components = document.get("components", {})
    schemas = components.get("schemas", {}) if isinstance(components, dict) else {}
    paths = document.get("paths", {})
    if not isinstance(schemas, dict) or not isinstance(paths, dict) or "webhooks" in document:
        return None
    # A ref to anything but a component schema, or to one that is missing (a dangling ref),
    # leaves the document whole: the validator then sees it in context.
    refs: dict[str, set[str] | None] = {}
    pieces: list[tuple[tuple[str, ...], tuple[str, ...], bool]] = [((), (), True)]
    for path, item in paths.items():
        found = schema_refs(item)
        reached = None if found is None else closure(found, schemas, refs)
        if reached is None:
            return None
        pieces.append(((path,), reached, False))
    for name in schemas:
        reached = closure({name}, schemas, refs)
        if reached is None:
            return None
        pieces.append(((), reached, False))
    return [Shard(p, s, root, _shard_text(document, p, s, root)) for p, s, root in pieces]


def schema_refs(value: Any) -> set[str] | None:
    """The component schemas `value` refers to directly; None if it refers to anything else."""
    found: set[str] = set()
    for ref in _refs(value):
        name = ref[len(_SCHEMA_REF) :]
        if not ref.startswith(_SCHEMA_REF) or "/" in name or "~" in name:
            return None
        found.add(name)
    return found


def closure(
    names: set[str], schemas: dict[str, Any], memo: dict[str, set[str] | None]
) -> tuple[str, ...] | None:
    """`names` and every component schema they reach; None if one is missing or refers to
    something other than a component schema. `memo` keeps each schema's direct refs."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in schemas:
            return None
        if name not in memo:
            memo[name] = schema_refs(schemas[name])
        direct = memo[name]
        if direct is None:
            return None
        seen.add(name)
        todo.extend(direct)
    return tuple(sorted(seen))


def _refs(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _shard_text(
    document: dict[str, Any], paths: tuple[str, ...], schemas: tuple[str, ...], root: bool
) -> bytes:
    return json.dumps(_merge(document, set(paths), set(schemas), root), ensure_ascii=False).encode()


def _merge(document: dict[str, Any], paths: set[str], schemas: set[str], root: bool) -> Any:
    """The part of `document` with these paths and schemas (and with the root's tags if root)."""
    out = {k: v for k, v in document.items() if k not in ("paths", "components", "tags")}
    if root and "tags" in document:
        out["tags"] = document["tags"]
    # Picked by name in the document's order: fast for a small shard of a big document.
    if "paths" in document:
        out["paths"] = _pick(document["paths"], paths)
    if "components" in document:
        components = dict(document["components"])
        if "schemas" in components:
            components["schemas"] = _pick(components["schemas"], schemas)
        out["components"] = components
    return out


def _pick(mapping: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    if len(keys) * 4 >= len(mapping):
        return {k: v for k, v in mapping.items() if k in keys}
    order = _positions(mapping)
    return {k: mapping[k] for k in sorted(keys & mapping.keys(), key=order.__getitem__)}


_POSITIONS: dict[int, tuple[Any, dict[str, int]]] = {}


def _positions(mapping: dict[str, Any]) -> dict[str, int]:
    """Each key's position, worked out once per mapping (shards of one document share it)."""
    cached = _POSITIONS.get(id(mapping))
    if cached is None or cached[0] is not mapping:
        cached = (mapping, {k: i for i, k in enumerate(mapping)})
        if len(_POSITIONS) >= 4:
            _POSITIONS.clear()
        _POSITIONS[id(mapping)] = cached
    return cached[1]


def _duplicate_operation_ids(document: dict[str, Any]) -> list[tuple[str, str]]:
    """openapi-spec-validator's cross-path check, with its message."""
    seen: set[Any] = set()
    errors = []
    for url, item in document.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method not in _METHODS or not isinstance(operation, dict):
                continue
            if "operationId" not in operation or operation["operationId"] is None:
                continue
            value = operation["operationId"]
            if value in seen:
                errors.append(
                    (
                        "(root)",
                        f"Operation ID '{value}' for '{method}' in '{url}' is not unique",
                    )
                )
            seen.add(value)
    return errors


class DocumentCheck:
    """A started check; `join()` waits for it and returns the errors as (where, message)."""

    def __init__(self, document: dict[str, Any]) -> None:
        # Start the worker first (or take the one `worker_started` started): its imports overlap
        # with cutting and hashing the shards.
        self._process: subprocess.Popen[bytes] | None
        self._process, self._stderr = _STARTED.pop() if _STARTED else _start_worker()
        assert self._process.stdin is not None
        self._feeder = threading.Thread(target=lambda: None)
        try:
            payload = self._plan(document)
        except BaseException:
            self.close()
            raise
        self._feeder = threading.Thread(
            target=_feed, args=(self._process.stdin, payload), daemon=True
        )
        self._feeder.start()

    def _plan(self, document: dict[str, Any]) -> bytes:
        """What the worker must check (b"" for nothing); sets what to remember if it passes."""
        from generator.spec_worker import VALIDATOR_VERSIONS

        versions = VALIDATOR_VERSIONS.encode()
        self._cache = DigestSet("openapi-valid")
        self._errors = _duplicate_operation_ids(document)
        cut = shards(document)
        if cut is None:
            whole = json.dumps(document, ensure_ascii=False).encode()
            key = digest(versions, whole)
            self._pending = [key] if key not in self._cache else []
            return whole if self._pending else b""
        keys = [digest(versions, s.text) for s in cut]
        missing = [s for s, k in zip(cut, keys, strict=True) if k not in self._cache]
        self._pending = [k for k in keys if k not in self._cache]
        return _payload(document, cut, missing)

    def join(self) -> list[tuple[str, str]]:
        """The errors (the document is valid when there are none); remembers what passed."""
        errors = list(self._errors)
        process, self._process = self._process, None
        if process is None:
            raise RuntimeError("the OpenAPI check was already joined or closed")
        self._feeder.join()
        assert process.stdout is not None
        with process.stdout:
            out = process.stdout.read()
        process.wait()
        if process.returncode != 0:
            self._stderr.seek(0)
            lines = self._stderr.read().decode(errors="replace").strip().splitlines()
            raise RuntimeError(
                f"openapi-spec-validator failed to run: {lines[-1] if lines else 'no output'}"
            )
        self._stderr.close()
        found = [(str(w), str(m)) for w, m in json.loads(out or b"[]")]
        errors.extend(e for e in found if e not in errors)
        if not errors:
            self._cache.add(self._pending)
            self._cache.save()
        return errors

    def close(self) -> None:
        """Stop the worker if `join` was never reached (the run failed before writing)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            if self._feeder.ident is not None:
                self._feeder.join()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
        self._stderr.close()

    def __enter__(self) -> DocumentCheck:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_STARTED: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []


def _start_worker() -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - kept until join() or close()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.spec_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    return process, stderr


@contextlib.contextmanager
def worker_started() -> Iterator[None]:
    """Start the worker now, for the next DocumentCheck: openapi-spec-validator (slow to import)
    then loads while the build parses. A worker not taken is stopped on leaving."""
    started = _start_worker()
    _STARTED.append(started)
    try:
        yield
    finally:
        if started in _STARTED:
            _STARTED.remove(started)
            process, stderr = started
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
            stderr.close()


def _feed(stdin: IO[bytes], payload: bytes) -> None:
    # Errors here mean the worker was stopped (close()) or died; join() reports the latter.
    with contextlib.suppress(BrokenPipeError, ValueError):
        stdin.write(payload)
    with contextlib.suppress(BrokenPipeError, ValueError):
        stdin.close()


def _payload(document: dict[str, Any], cut: list[Shard], missing: list[Shard]) -> bytes:
    """The document the worker checks: the missing shards merged back (nothing if none)."""
    if not missing:
        return b""
    if len(missing) == len(cut):
        return json.dumps(document, ensure_ascii=False).encode()
    paths = {p for s in missing for p in s.paths}
    schemas = {n for s in missing for n in s.schemas}
    root = any(s.root for s in missing)
    return json.dumps(_merge(document, paths, schemas, root), ensure_ascii=False).encode()


def start_check(document: dict[str, Any]) -> DocumentCheck:
    return DocumentCheck(document)
