"""What a run read and what it wrote, as digests: the test that lets `generate` and `check` return
at once when nothing changed, and the warnings the run gave, to be said again until fixed.

Standard library only: the no-op path must not pay for YAML, Jinja, the validator or
datamodel-code-generator. The record, `hoko-codegen-record.json` in the output folder beside the
package (not inside it: an installed client carries no build digests), holds

- `inputs`: one digest of every doc page (path as shown in the output, and bytes) and of the pages'
  URLs (`sources.json`, which `sync` writes), every template
  and runtime file, the generator's own source and version, the pinned tools' versions, and the
  options that change the output (package, configured version, docs and output names, the
  --from-spec file);
- `outputs`: the sha256 of every file the run wrote but the record and CHANGELOG.md (a log whose
  earlier entries are the project's to annotate), and `spec` for the spec;
- `warnings`: the warnings the run gave, as printed.

A run is a no-op only when the inputs hash the same and every output still hashes as recorded, so
a hand-edited generated file is caught by `check` and replaced by `generate`. Nothing recorded
depends on the machine, the install layout or the clock: the record is committed like the rest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.client import template_root
from generator.config import Options
from generator.diagnostics import display_path
from generator.release.version import CHANGELOG

__all__ = [
    "CHANGELOG",
    "RECORD",
    "Record",
    "file_digest",
    "generator_digest",
    "input_digest",
    "owned_files",
    "package_versions",
    "read_record",
    "record_text",
    "templates_digest",
    "up_to_date",
    "with_record",
]

RECORD = "hoko-codegen-record.json"
"""The record's name in the output folder."""

_PINNED_TOOLS = ("ruff", "datamodel-code-generator")
_TEMPLATE_SUFFIXES = (".py", ".jinja")


@dataclass(frozen=True, slots=True)
class Record:
    """What the record says the output was made from, consists of, and warned about."""

    inputs: str
    outputs: Mapping[str, str]
    spec: str | None
    warnings: tuple[str, ...]


@functools.cache
def templates_digest() -> str:
    """A digest of the templates (their .py and .jinja files)."""
    return _tree_digest(template_root(), _TEMPLATE_SUFFIXES)


@functools.cache
def generator_digest() -> str:
    """A digest of the generator's own code (its .py files; templates/ of an installed wheel,
    which live inside the package, count as templates)."""
    return _tree_digest(Path(__file__).resolve().parent.parent, (".py",), skip="templates/")


def _tree_digest(root: Path, suffixes: tuple[str, ...], skip: str = "") -> str:
    digest = hashlib.sha256()
    for name, path in _tree(root, suffixes):
        if skip and name.startswith(skip):
            continue
        data = path.read_bytes()
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def package_versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """`name==version` for each installed distribution, `name absent` for a missing one."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in names:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return tuple(found)


def input_digest(options: Options) -> str:
    """One sha256 over everything a run's output depends on (see the module docstring)."""
    digest = hashlib.sha256()

    def feed(name: str, data: bytes) -> None:
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)

    feed("generator", __version__.encode())
    # The generator's code counts too: in a source checkout it changes between versions.
    feed("generator-code", generator_digest().encode())
    feed("templates", templates_digest().encode())
    feed("tools", " ".join(package_versions(_PINNED_TOOLS)).encode())
    feed("options", "\n".join([options.package, options.version, options.out.name]).encode())
    if options.client_name is not None:
        feed("client-name", options.client_name.encode())
    if options.from_spec is not None:
        feed(f"from-spec/{display_path(options.from_spec)}", _read_bytes(options.from_spec))
    else:
        feed("docs", display_path(options.docs).encode())
        if options.docs.is_dir():
            for path in sorted(p for p in options.docs.rglob("*.md") if p.is_file()):
                feed(f"doc/{display_path(path)}", path.read_bytes())
            sources = options.docs / "sources.json"
            if sources.is_file():
                feed("sources", sources.read_bytes())
    return digest.hexdigest()


def record_text(
    inputs: str, outputs: Mapping[str, str], spec: str | None, warnings: Iterable[str]
) -> str:
    """The record's text: JSON, keys sorted, one entry a line."""
    data = {
        "generated-by": f"hoko-codegen {__version__}; read by hoko-codegen, do not edit",
        "inputs": inputs,
        "outputs": dict(sorted(outputs.items())),
        "spec": spec,
        "warnings": list(warnings),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_record(path: Path) -> Record | None:
    """The record at `path` (None: absent or unreadable)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    inputs, outputs, spec = data.get("inputs"), data.get("outputs"), data.get("spec")
    warnings = data.get("warnings")
    if not isinstance(inputs, str) or not isinstance(outputs, dict):
        return None
    if not (spec is None or isinstance(spec, str)) or not isinstance(warnings, list):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in outputs.items()):
        return None
    if not all(isinstance(w, str) for w in warnings):
        return None
    return Record(inputs, outputs, spec, tuple(warnings))


def up_to_date(options: Options) -> Record | None:
    """The record, when a full run would write exactly what is on disk (same inputs, outputs as
    recorded); None when it would not."""
    record = read_record(options.out / RECORD)
    if record is None or record.inputs != input_digest(options):
        return None
    on_disk = {path.relative_to(options.out).as_posix(): path for path in owned_files(options.out)}
    expected = set(record.outputs) | {RECORD}
    if options.from_spec is None:
        expected.add(CHANGELOG)
    if set(on_disk) != expected:
        return None
    if any(
        file_digest(on_disk[name].read_bytes()) != digest for name, digest in record.outputs.items()
    ):
        return None
    if options.from_spec is None:
        if record.spec is None or file_digest(_read_bytes(options.spec)) != record.spec:
            return None
    elif record.spec is not None:
        return None
    return record


def owned_files(out: Path) -> list[Path]:
    """Files under the package folder that generate owns (caches, dot-folders and builds aside)."""
    if not out.is_dir():
        return []
    return sorted(
        path
        for path in out.rglob("*")
        if path.is_file() and not _foreign(path.relative_to(out).parts)
    )


def _foreign(parts: tuple[str, ...]) -> bool:
    """Parts of a path that generate never writes: caches, dot-folders, build and egg-info output."""
    return any(
        part == "__pycache__"
        or part.startswith(".")
        or part.endswith(".egg-info")
        or part == "build"
        for part in parts
    )


def _tree(root: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
    """Files under `root` with one of `suffixes` (caches and dot-files aside), as (posix path
    relative to root, path), sorted: the same list from a source checkout and an installed wheel."""
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        for name in names:
            if name.endswith(suffixes) and not name.startswith("."):
                path = Path(folder, name)
                found[path.relative_to(root).as_posix()] = path
    for name in sorted(found):
        yield name, found[name]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def with_record(
    files: dict[str, str],
    changelog: str | None,
    spec_text: str | None,
    options: Options,
    warnings: list[str],
) -> dict[str, str]:
    """`files` with CHANGELOG.md, and with the record of what this run read, wrote and warned
    about: the next run's no-op test."""
    if changelog is not None:
        files = {**files, CHANGELOG: changelog}
    outputs = {n: file_digest(t.encode("utf-8")) for n, t in files.items() if n != CHANGELOG}
    spec_digest = file_digest(spec_text.encode("utf-8")) if spec_text is not None else None
    record = record_text(input_digest(options), outputs, spec_digest, warnings)
    return {**files, RECORD: record}
