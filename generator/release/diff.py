"""`hoko-codegen diff`: what changed for the client's users between two OpenAPI documents.

By default it compares the document the docs give now with the committed spec/openapi.yaml;
`--against` takes another file or a git ref (the spec as it was in that commit). Each change is
breaking, compatible or wording (the schema rules are in `generator.release.diff_schema`),
grouped by the operation it belongs to, with the Python API changes
(`generator.release.surface`) under the same operation. The report suggests the
semantic-version bump and renders as text or JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import GeneratorError, Location, display_path
from generator.release.diff_api import METHODS, api_changes
from generator.release.diff_schema import BREAKING, COMPATIBLE, WORDING
from generator.release.surface import Surface, compare_surfaces
from generator.release.version import bump, highest

__all__ = [
    "MALFORMED",
    "Change",
    "Report",
    "compare_documents",
    "render_json",
    "render_text",
    "spec_at",
]

MALFORMED = (AttributeError, LookupError, RuntimeError, TypeError, ValueError)
"""What comparing raises for a document that loads but is not a usable OpenAPI document."""

_KINDS = (BREAKING, COMPATIBLE, WORDING)


@dataclass(frozen=True)
class Change:
    group: str
    """The operation (`DELETE /api/partners`), or `models` / `document` for what is shared."""
    kind: str
    message: str
    area: str
    """`api` for the HTTP API, `python` for the generated client."""


@dataclass(frozen=True)
class Report:
    changes: tuple[Change, ...]
    version: str | None
    """The version of the older document (its info.version), if it has one."""

    @property
    def level(self) -> str | None:
        return highest([c.kind for c in self.changes])

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def suggested(self) -> tuple[str | None, str | None]:
        """(the suggested version, "major"/"minor"/"patch"/None)."""
        if self.version is None:
            return None, None
        return bump(self.version, self.level)


def compare_documents(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_surface: Surface | None = None,
    new_surface: Surface | None = None,
) -> Report:
    """Every change from `old` to `new`, API first then Python (when both surfaces are given),
    grouped by operation. A document too malformed to compare raises one of MALFORMED."""
    found = [Change(g, k, m, "api") for g, k, m in api_changes(old, new)]
    if old_surface is not None and new_surface is not None:
        found += [
            Change(g, k, m, "python") for g, k, m in compare_surfaces(old_surface, new_surface)
        ]
    order = {name: i for i, name in enumerate(_operation_order(old, new))}
    found.sort(
        key=lambda c: (
            order.get(c.group, len(order)),
            c.group,
            _KINDS.index(c.kind),
            c.area == "python",
        )
    )
    version = old.get("info", {}).get("version")
    return Report(tuple(found), str(version) if version is not None else None)


def _operation_order(*documents: Mapping[str, Any]) -> list[str]:
    keys = {
        (path, METHODS.index(m))
        for d in documents
        for path, item in d.get("paths", {}).items()
        for m in item
        if m in METHODS
    }
    return [f"{METHODS[m].upper()} {path}" for path, m in sorted(keys)]


def spec_at(against: str, spec: Path) -> tuple[str, str]:
    """The text of the spec in the git commit `against` names, and how to name it."""
    return _git_show(against, spec), f"{against}:{display_path(spec)}"


def _git_show(ref: str, spec: Path) -> str:
    """`git show REF:PATH` for the spec, run with an argument list (a ref is never a shell word)."""
    if not ref.strip() or ref.startswith("-"):
        raise GeneratorError.at(Location(ref), "--against is neither a file nor a git ref")
    try:
        result = subprocess.run(
            ["git", "show", f"{ref}:./{Path(os.path.relpath(spec)).as_posix()}"],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise GeneratorError.at(
            Location(ref), "--against is not a file, and git is not installed"
        ) from None
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or [f"git exit code {result.returncode}"])[-1]
        raise GeneratorError.at(
            Location(ref), f"--against is neither a file nor a git ref holding the spec ({detail})"
        )
    return result.stdout


def render_text(report: Report, old: str, new: str) -> str:
    """The report for people: changes grouped by operation, a count, the suggested version."""
    if not report.changes:
        lines = [f"No API changes from {old} to {new}."]
    else:
        lines, group = [f"API changes from {old} to {new}:"], None
        for change in report.changes:
            if change.group != group:
                lines += ["", change.group]
                group = change.group
            lines.append(f"  {change.kind:<10}  {change.message}")
        counts = ", ".join(f"{report.count(kind)} {kind}" for kind in _KINDS)
        lines += [
            "",
            f"{len(report.changes)} change{'s' if len(report.changes) != 1 else ''}: {counts}.",
        ]
    lines.append(_suggestion(report))
    return "\n".join(lines)


def _suggestion(report: Report) -> str:
    version, level = report.suggested()
    if level is None:
        return "Suggested version: unchanged" + (f" ({report.version})." if report.version else ".")
    why = {"major": "breaking changes", "minor": "compatible changes", "patch": "wording only"}[
        level
    ]
    if level == "minor" and report.level == BREAKING:
        why = "breaking changes; while the major version is 0 they bump the minor"
    return f"Suggested version: {report.version} -> {version} ({level}: {why})."


def render_json(report: Report, old: str, new: str) -> str:
    """The report for machines (keys sorted, so the same report always gives the same text)."""
    version, level = report.suggested()
    data = {
        "from": old,
        "to": new,
        "changes": [
            {"operation": c.group, "kind": c.kind, "area": c.area, "message": c.message}
            for c in report.changes
        ],
        "counts": {kind: report.count(kind) for kind in _KINDS},
        "bump": level,
        "version": {"current": report.version, "suggested": version},
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
