"""`hoko-codegen diff`: what changed for the client's users between two OpenAPI documents.

By default it compares the document the docs give now with the committed spec/openapi.yaml;
`--against` takes another file or a git ref (the spec as it was in that commit). Each change is
breaking, compatible or wording (the schema rules are in `generator.diff_schema`), grouped by the
operation it belongs to, with the Python API changes (`generator.diff_python`) under the same
operation. The report suggests the semantic-version bump and renders as text or JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import GeneratorError, Location
from generator.diff_api import METHODS, api_changes
from generator.diff_schema import BREAKING, COMPATIBLE, WORDING
from generator.release import bump, highest

if TYPE_CHECKING:
    from generator.helper import Helper
    from generator.pipeline import Options

__all__ = ["MALFORMED", "Change", "Report", "compare_documents", "load_against", "run_diff"]

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
    package: str = "hoko_client",
    header: str = "#",
    helper: Helper | None = None,
) -> Report:
    """Every change from `old` to `new`, API first then Python, grouped by operation.

    `header` is the comment line the build puts on its models: given the build's own, the models
    of a document built before come from the cache rather than being rendered again; a
    `helper` (generator.helper) renders those that are not.
    A document too malformed to compare raises one of MALFORMED."""
    from generator.diff_python import compare_surfaces, surface

    found = [Change(g, k, m, "api") for g, k, m in api_changes(old, new)]
    found += [
        Change(g, k, m, "python")
        for g, k, m in compare_surfaces(
            surface(old, package, header), surface(new, package, header)
        )
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


def load_against(against: str | None, spec: Path) -> tuple[dict[str, Any], str]:
    """The older document and its name: the spec on disk, another file, or the spec at a git ref."""
    from generator.diagnostics import Sink
    from generator.pipeline import display_path
    from generator.spec_io import load_spec, parse_spec

    if against is None:
        if not spec.is_file():
            message = (
                "no spec to compare with; run 'hoko-codegen generate' or pass --against FILE|GITREF"
            )
            raise GeneratorError.at(Location(display_path(spec)), message)
        return load_spec(spec, Sink()), display_path(spec)
    if Path(against).is_file():
        return load_spec(Path(against), Sink()), display_path(Path(against))
    where = f"{against}:{display_path(spec)}"
    return parse_spec(_git_show(against, spec), where), f"{display_path(spec)} at {against}"


def _git_show(ref: str, spec: Path) -> str:
    """`git show REF:PATH` for the spec, run with an argument list (a ref is never a shell word)."""
    import os

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


def run_diff(options: Options, against: str | None, fail_on: str | None, form: str) -> int:
    """The `diff` command: print the report; 1 when a change at or above `fail_on` is found."""
    from generator.pipeline import build_document, display_path

    old, old_label = load_against(against, options.spec)
    new, sink, _pages = build_document(options)
    for warning in sink.warnings:
        print(warning, file=sys.stderr)
    try:
        report = compare_documents(old, new, options.package)
    except MALFORMED as err:
        raise GeneratorError.at(
            Location(old_label), f"cannot compare with this spec: {err}"
        ) from None
    new_label = display_path(options.from_spec or options.docs)
    print(
        render_json(report, old_label, new_label)
        if form == "json"
        else render_text(report, old_label, new_label)
    )
    failing = [c for c in report.changes if fail_on == "any" or c.kind == fail_on]
    if failing:
        print(
            f"hoko-codegen: {len(failing)} {fail_on} change(s) found (--fail-on {fail_on})",
            file=sys.stderr,
        )
        return 1
    return 0
