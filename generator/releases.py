"""The release stage through the seams: what the last run left (its spec, read back from the
store when a run wrote it; its package, read from disk) against what this run makes, giving the
version, the changelog entry and the release line. `generator.pipeline` calls `release_of`; the
`diff` command compares with `package_files` of any spec.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.config import Options
from generator.diagnostics import GeneratorError, Location, Sink, display_path
from generator.executor import Workers
from generator.steps import client_of, file_header, render_context
from generator.store import Store

__all__ = [
    "package_files",
    "package_of",
    "package_on_disk",
    "previous_spec",
    "release_of",
    "remember_spec",
]


def release_of(
    document: dict[str, Any],
    files: Mapping[str, str],
    options: Options,
    header: str,
    store: Store,
    workers: Workers,
    sink: Sink,
) -> tuple[str, str, str, str | None]:
    """The version for this run, the changelog text, the release line and the most serious
    kind of change, from what the last run left on disk: the API of its spec against this one,
    and the Python API of its package (`files` is this run's) against this one."""
    from generator.release import version as release
    from generator.release.diff import compare_documents
    from generator.release.diff_api import METHODS
    from generator.release.previous import docs_date, read_previous
    from generator.release.surface import surface

    previous = read_previous(options.out)
    old: dict[str, Any] | None = None
    if options.spec.is_file():
        try:
            old = previous_spec(options.spec, store)
        except GeneratorError as err:
            where = err.diagnostics[0].location if err.diagnostics else Location(str(options.spec))
            sink.warning(where, "cannot read the previous spec, so the version is not bumped")
    report = None
    if old is not None:
        try:
            before = package_on_disk(options.out, options.package)
            if not before:  # the package is gone: as this generator would have rendered it
                before = package_files(old, options.package, header, store, workers)
            after = surface(files, options.package)
            report = compare_documents(old, document, surface(before, options.package), after)
        except Exception as err:  # noqa: BLE001 - a hand-edited previous spec must not stop the run
            where = Location(display_path(options.spec))
            sink.warning(
                where, f"cannot compare with the previous spec ({err}); version not bumped"
            )
    old_version = previous.version
    if old_version is None and old is not None:
        old_version = str(old.get("info", {}).get("version") or "") or None
    level = report.level if report else None
    version = release.next_version(old_version, options.version, level)
    changes = [(c.kind, f"{c.group}: {c.message}") for c in report.changes] if report else None
    date = None
    if previous.changelog is None or not release.has_entry(previous.changelog, version):
        date = docs_date(options.docs, options.date)
    paths = sorted(document.get("paths", {}).items())
    operations = [f"{m.upper()} {path}" for path, item in paths for m in METHODS if m in item]
    text = release.changelog(previous.changelog, version, date, changes, operations)
    return version, text, release.release_line(version, old_version, report), level


def package_on_disk(out: Path, package: str) -> dict[str, str]:
    """The Python files of the package in `out`, as the last run left them (empty: none)."""
    folder = out / package
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" not in path.parts:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                found[path.relative_to(out).as_posix()] = path.read_text(encoding="utf-8")
    return found


def package_files(
    document: Mapping[str, Any], package: str, header: str, store: Store, workers: Workers
) -> dict[str, str]:
    """The package's Python files as this generator renders them from `document` (unformatted:
    for reading its API, not for writing)."""
    from generator.client.render import render_client, runtime_files

    client, models = client_of(document, package, header, store, workers)
    reading = Options(docs=Path(), spec=Path(), out=Path("generated"), package=package)
    context = render_context(document, reading, header)
    files = {f"{package}/types/{name}": text for name, text in models.items()}
    return {**files, **render_client(client, context), **runtime_files(package, header)}


def package_of(document: Mapping[str, Any], package: str = "hoko_client") -> dict[str, str]:
    """The package's Python files for an OpenAPI document, rendered here with nothing
    remembered (for reading the Python API a document gives)."""
    with Store(None) as store, Workers(1) as workers:
        return package_files(document, package, file_header("the document"), store, workers)


def previous_spec(path: Path, store: Store) -> dict[str, Any]:
    """The spec a run left at `path`: read back from the store when a run wrote exactly these
    bytes (`remember_spec`), else parsed. GeneratorError when it cannot be read."""
    from generator.openapi.spec_io import load_spec

    key = store.key("spec", path.read_bytes())
    found = store.get(key)
    if found is not None:
        with contextlib.suppress(ValueError):
            document = json.loads(found)
            if isinstance(document, dict):
                return document
    return load_spec(path, Sink())


def remember_spec(text: str, document: Mapping[str, Any], store: Store) -> None:
    """Keep the document a spec's text says, for the next run's `previous_spec`."""
    store.put(store.key("spec", text.encode("utf-8")), json.dumps(document).encode("utf-8"))
