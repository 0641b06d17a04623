"""What `check` says of a stale output: which files differ from what the docs give now, and for
each, in a line, what changed in it (an operation or schema of the spec, a class or function of a
module, else the first line that differs). `--verbose` adds the whole unified diff."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.diagnostics import display_path, printable
from generator.output.record import RECORD, owned_files

__all__ = ["describe", "stale_files", "unified"]

_SHOWN = 4
"""Parts named per file before "and N more"."""


def stale_files(
    expected: Mapping[Path, str], out: Path
) -> dict[str, tuple[str | None, str | None]]:
    """Paths whose text on disk differs from `expected` (the files a run would write, the spec
    among them): display path -> (on disk, expected); files under `out` a run would not write
    count too."""
    stale: dict[str, tuple[str | None, str | None]] = {}
    for path in sorted(set(expected) | set(owned_files(out))):
        fresh = expected.get(path)
        committed = _read(path)
        if committed != fresh:
            stale[display_path(path)] = (committed, fresh)
    return stale


def describe(path: str, committed: str | None, fresh: str | None) -> str:
    """One line saying how the file at `path` is stale."""
    if committed is None:
        return f"{path}: missing (the docs produce it)"
    if fresh is None:
        return f"{path}: not produced by the docs any more"
    if path.endswith(RECORD):
        return f"{path}: records other inputs or outputs than the docs give now"
    parts = _changed_parts(path, committed, fresh)
    if parts:
        more = f" and {len(parts) - _SHOWN} more" if len(parts) > _SHOWN else ""
        return f"{path}: changed {', '.join(parts[:_SHOWN])}{more}"
    return f"{path}: {_first_difference(committed, fresh)}"


def unified(path: str, committed: str | None, fresh: str | None) -> str:
    """The whole unified diff of one file (for `check --verbose`)."""
    lines = difflib.unified_diff(
        (committed or "").splitlines(),
        (fresh or "").splitlines(),
        f"{path} (committed)",
        f"{path} (from docs)",
        lineterm="",
    )
    return "\n".join(lines)


def _changed_parts(path: str, committed: str, fresh: str) -> list[str]:
    try:
        if path.endswith(".py"):
            return _changed(_python_parts(committed), _python_parts(fresh))
        if path.endswith((".yaml", ".yml", ".json")):
            return _changed(_spec_parts(committed), _spec_parts(fresh))
    except (SyntaxError, ValueError):
        return []
    return []


def _changed(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    names = list(dict.fromkeys([*before, *after]))
    return [
        name + (" (added)" if name not in before else " (removed)" if name not in after else "")
        for name in names
        if before.get(name) != after.get(name)
    ]


def _python_parts(source: str) -> dict[str, str]:
    """Each top-level function, each class (less its methods) and each method, with its syntax
    tree as text; the module's other statements under "(module level)"."""
    parts: dict[str, str] = {}
    rest = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts[node.name] = ast.dump(node)
        elif isinstance(node, ast.ClassDef):
            own = []
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    parts[f"{node.name}.{member.name}"] = ast.dump(member)
                else:
                    own.append(ast.dump(member))
            parts[node.name] = "\n".join([ast.dump(ast.Tuple(node.bases)), *own])
        else:
            rest.append(ast.dump(node))
    parts["(module level)"] = "\n".join(rest)
    return parts


def _spec_parts(text: str) -> dict[str, str]:
    """Each operation (`GET /api/links`) and component (`schemas.Link`) of an OpenAPI document,
    and each other top-level key, as canonical text."""
    import json

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(text, Loader=loader)
    if not isinstance(document, dict):
        raise ValueError("not a mapping")
    return dict(_spec_items(document, json.dumps))


def _spec_items(document: Mapping[str, Any], dump: Any) -> Iterator[tuple[str, str]]:
    for key, value in document.items():
        if key == "paths" and isinstance(value, Mapping):
            for path, item in value.items():
                if not isinstance(item, Mapping):
                    yield f"paths.{path}", dump(item, sort_keys=True, default=str)
                    continue
                for method, operation in item.items():
                    name = f"{str(method).upper()} {path}"
                    yield name, dump(operation, sort_keys=True, default=str)
        elif key == "components" and isinstance(value, Mapping):
            for group, entries in value.items():
                if isinstance(entries, Mapping):
                    for name, entry in entries.items():
                        yield f"{group}.{name}", dump(entry, sort_keys=True, default=str)
        else:
            yield str(key), dump(value, sort_keys=True, default=str)


def _first_difference(committed: str, fresh: str) -> str:
    old, new = committed.splitlines(), fresh.splitlines()
    line = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    changed = sum(1 for tag in difflib.ndiff(old, new) if tag[:1] in "+-")
    shown = (new[line] if line < len(new) else old[line] if line < len(old) else "").strip()
    shown = printable(shown if len(shown) <= 80 else shown[:77] + "...")
    return f"{changed} line(s) differ, the first at line {line + 1}: {shown!r}"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except UnicodeDecodeError:
        return "<not UTF-8>"
