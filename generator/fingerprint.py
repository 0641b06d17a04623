"""What a run reads and what it wrote, as digests: the test that lets `generate` and `check` return
at once when nothing changed.

Standard library only, and no stage is imported here: the no-op path must not pay for YAML, Jinja,
the validator or datamodel-code-generator. The package's `_source.py` records

- INPUT_DIGEST: every doc page (path as shown in the output, and bytes), every template and runtime
  file, the generator's own source and version, the pinned tools' versions, and the options that
  change the output (package, configured version, docs and output names, the --from-spec file);
- OUTPUT_DIGESTS: the sha256 of every file the run wrote but `_source.py` itself and CHANGELOG.md
  (a log whose earlier entries are the project's to annotate), and SPEC_DIGEST for the spec;
- WARNINGS: how many warnings the docs gave, so that a --strict run is a no-op only without any.

A run is a no-op only when the inputs hash the same and every output still hashes as recorded, so
a hand-edited generated file is caught by `check` and replaced by `generate`. Nothing recorded
depends on the machine, the install layout or the clock: `_source.py` is committed like the rest.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.release import CHANGELOG

if TYPE_CHECKING:
    from generator.pipeline import Options

__all__ = [
    "CHANGELOG",
    "Record",
    "file_digest",
    "generator_digest",
    "input_digest",
    "is_current",
    "owned_files",
    "read_record",
    "source_module",
    "template_root",
    "templates_digest",
]

_PINNED_TOOLS = ("ruff", "datamodel-code-generator")
_TEMPLATE_SUFFIXES = (".py", ".jinja")


@dataclass(frozen=True)
class Record:
    """What `_source.py` says the package was made from and what it consists of."""

    inputs: str
    outputs: Mapping[str, str]
    spec: str | None
    warnings: int


def template_root() -> Path:
    """templates/ as installed (generator.templates), or beside generator/ in a source tree."""
    spec = importlib.util.find_spec("generator.templates")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def templates_digest() -> str:
    """A digest of the templates (their .py and .jinja files)."""
    return _tree_digest(template_root(), _TEMPLATE_SUFFIXES)


@functools.cache
def generator_digest() -> str:
    """A digest of the generator's own code (its .py files; templates/ of an installed wheel,
    which live inside the package, count as templates)."""
    return _tree_digest(Path(__file__).resolve().parent, (".py",), skip="templates/")


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


def input_digest(options: Options) -> str:
    """One sha256 over everything a run's output depends on (see the module docstring)."""
    from generator.pipeline import display_path

    digest = hashlib.sha256()

    def feed(name: str, data: bytes) -> None:
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)

    feed("generator", __version__.encode())
    # The generator's code counts too: in a source checkout it changes between versions.
    feed("generator-code", generator_digest().encode())
    feed("templates", templates_digest().encode())
    feed("tools", " ".join(_tool_versions()).encode())
    feed("options", "\n".join([options.package, options.version, options.out.name]).encode())
    if options.from_spec is not None:
        feed(f"from-spec/{display_path(options.from_spec)}", _read_bytes(options.from_spec))
    else:
        feed("docs", display_path(options.docs).encode())
        if options.docs.is_dir():
            for path in sorted(p for p in options.docs.rglob("*.md") if p.is_file()):
                feed(f"doc/{display_path(path)}", path.read_bytes())
    return digest.hexdigest()


def source_module(
    header: str, inputs: str, outputs: Mapping[str, str], spec: str | None, warnings: int
) -> str:
    """The text of `_source.py` (already in the form ruff's formatter leaves unchanged)."""
    lines = [
        header,
        '"""What this package was generated from, and what it consists of, read by `hoko-codegen`.',
        "",
        "INPUT_DIGEST covers the docs, templates, generator and options; OUTPUT_DIGESTS holds the",
        "sha256 of every generated file but this one and CHANGELOG.md, SPEC_DIGEST that of the spec;",
        "WARNINGS counts the warnings the docs gave.",
        '"""',
        "",
        '__all__ = ["INPUT_DIGEST", "OUTPUT_DIGESTS", "SPEC_DIGEST", "WARNINGS"]',
        "",
        f'INPUT_DIGEST = "{inputs}"',
        f"WARNINGS = {int(warnings)}",
        f'SPEC_DIGEST = "{spec}"' if spec is not None else "SPEC_DIGEST = None",
        "OUTPUT_DIGESTS = {",
        *(f'    {json.dumps(name)}: "{outputs[name]}",' for name in sorted(outputs)),
        "}",
        "",
    ]
    return "\n".join(lines)


def read_record(source: Path) -> Record | None:
    """The digests a `_source.py` holds, read without importing it (None: absent or unreadable)."""
    try:
        tree = ast.parse(source.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    values: dict[str, object] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    inputs, outputs, spec = (
        values.get("INPUT_DIGEST"),
        values.get("OUTPUT_DIGESTS"),
        values.get("SPEC_DIGEST"),
    )
    warnings = values.get("WARNINGS")
    if (
        not isinstance(inputs, str)
        or not isinstance(outputs, dict)
        or not isinstance(warnings, int)
    ):
        return None
    if not (spec is None or isinstance(spec, str)):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in outputs.items()):
        return None
    return Record(inputs, outputs, spec, warnings)


def is_current(options: Options) -> bool:
    """True when a full run would write exactly what is on disk: same inputs, outputs as recorded."""
    source = f"{options.package}/_source.py"
    record = read_record(options.out / source)
    if record is None or record.inputs != input_digest(options):
        return False
    if options.strict and record.warnings:
        return False
    on_disk = {path.relative_to(options.out).as_posix(): path for path in owned_files(options.out)}
    expected = set(record.outputs) | {source}
    if options.from_spec is None:
        expected.add(CHANGELOG)
    if set(on_disk) != expected:
        return False
    if any(
        file_digest(on_disk[name].read_bytes()) != digest for name, digest in record.outputs.items()
    ):
        return False
    if options.from_spec is None:
        return record.spec is not None and file_digest(_read_bytes(options.spec)) == record.spec
    return record.spec is None


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


def _tool_versions() -> list[str]:
    """`ruff==0.17.5` for each pinned tool, as an import finds it (`generator.cache`)."""
    from generator.cache import package_versions

    return package_versions(_PINNED_TOOLS)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
