"""One stage at a time through the two seams: each function here runs a stage (or part of one)
with the store's records of earlier runs and in the workers where that pays; `generator.pipeline`
chains them. A record stands in only for the same input under the same generator and tools, so
what these return is what the stages alone would return.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.config import Options
from generator.diagnostics import GeneratorError, Location, Sink, display_path
from generator.executor import Workers
from generator.ir.client import Client
from generator.ir.docs import Endpoint
from generator.store import Store, cache_dir

if TYPE_CHECKING:
    from generator.client.models import GenerateModules

__all__ = [
    "Checks",
    "client_of",
    "file_header",
    "format_files",
    "models_via",
    "open_store",
    "package_files",
    "package_of",
    "package_on_disk",
    "parse_pages",
    "release_of",
    "render_context",
]


def open_store() -> Store:
    """The store in the user's cache folder, salted with the generator's code and the tools."""
    from generator.output.record import generator_digest, package_versions, templates_digest

    tools = package_versions(_TOOLS)
    salt = "\n".join([sys.version, __version__, generator_digest(), templates_digest(), *tools])
    return Store(cache_dir(), salt.encode())


_TOOLS = (
    "datamodel-code-generator",
    "ruff",
    "markdown-it-py",
    "pydantic",
    "pyyaml",
    "jinja2",
    "jsonschema",
    "openapi-spec-validator",
    "openapi-schema-validator",
)


def parse_pages(files: list[tuple[str, bytes]], store: Store, sink: Sink) -> tuple[Endpoint, ...]:
    """Every page parsed (or taken from the store), then the checks across pages."""
    from generator.parse import check_pages, parse_file

    endpoints: list[Endpoint] = []
    for path, data in files:
        key = store.key("page", path.encode(), data)
        found = _unpickled(store.get(key))
        if found is None:
            page_sink = Sink()
            found = (parse_file(path, data, page_sink), page_sink.items)
            store.put(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        endpoints.extend(found[0])
        sink.items.extend(found[1])
    return tuple(check_pages(endpoints, sink))


def _unpickled(blob: bytes | None) -> Any:
    """A page's (endpoints, diagnostics) from the store; None if absent or unreadable."""
    if blob is None:
        return None
    try:
        value = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged record is only a miss
        return None
    return value if isinstance(value, tuple) and len(value) == 2 else None


class Checks:
    """The document's checks, started: openapi-spec-validator on the shards the store has not
    seen pass (in a worker), and the docs' examples against their schemas. `finish()` waits for
    both and reports what they found ahead of what was reported since they started. `given`:
    the document is the user's (--from-spec), not ours."""

    def __init__(
        self,
        document: dict[str, Any],
        examples: Sequence[Any],
        where: str,
        sink: Sink,
        store: Store,
        workers: Workers,
        *,
        given: bool = False,
    ) -> None:
        from generator.openapi.examples import EXAMPLE_PACKAGES, example_keys, validate_examples
        from generator.openapi.shards import (
            VALIDATOR_PACKAGES,
            document_errors,
            duplicate_operation_ids,
            merged,
            shards,
        )
        from generator.output.record import package_versions

        self._sink, self._at, self._where, self._given = sink, len(sink.items), where, given
        self._store = store
        versions = " ".join(package_versions(VALIDATOR_PACKAGES)).encode()
        cut = shards(document)
        whole = json.dumps(document, ensure_ascii=False).encode()
        keys = {s.text: store.key("openapi", versions, s.text) for s in cut or ()}
        if cut is None:
            keys = {whole: store.key("openapi", versions, whole)}
        self._pending = [k for k in keys.values() if store.get(k) is None]
        todo = [s for s in cut or () if keys[s.text] in self._pending]
        self._errors = duplicate_operation_ids(document)
        self._spec: Future[list[tuple[str, str]]] | None = None
        if self._pending:
            part = document if cut is None or len(todo) == len(cut) else merged(document, todo)
            self._spec = workers.submit(document_errors, part)
        versions = " ".join(package_versions(EXAMPLE_PACKAGES)).encode()
        self._example_keys = [
            store.key("example", versions, *parts) if parts is not None else None
            for parts in example_keys(document, examples)
        ]
        unseen = [i for i, k in enumerate(self._example_keys) if k is None or store.get(k) is None]
        self._unseen = unseen
        self._examples = (
            workers.submit(validate_examples, document, [examples[i] for i in unseen])
            if unseen
            else None
        )

    @classmethod
    def none(cls) -> Checks:
        """Checks of a document that is not checked (an OpenAPI 3.0 one given by the user)."""
        return cls({}, (), "", Sink(), Store(None), Workers(1))

    def finish(self, *, failed: bool = False) -> None:
        """Wait for the checks and report what they found. The problems of a document the user
        gave are warnings, since the client may still come out whole, unless the run `failed`
        on it: they are then errors, as they explain the failure."""
        found: list[Any] = []
        if self._examples is not None:
            diagnostics, passed = self._examples.result()
            found = list(diagnostics)
            for index in passed:
                key = self._example_keys[self._unseen[index]]
                if key is not None:
                    self._store.put(key, b"passed")
        errors = list(self._errors)
        if self._spec is not None:
            errors += [e for e in self._spec.result() if e not in errors]
        if not errors:
            for key in self._pending:
                self._store.put(key, b"passed")
        before = Sink()
        report = before.warning if self._given and not failed else before.error
        what = "the OpenAPI document" if self._given else "the generated OpenAPI document"
        for where, message in errors:
            report(Location(self._where), f"{what} is invalid at {where}: {message}")
        self._sink.items[self._at : self._at] = before.items + found
        self._spec = self._examples = None


def models_via(store: Store, workers: Workers) -> GenerateModules:
    """datamodel-code-generator for the modules the store has not seen, in the workers (in two
    shares, biggest modules first, when there are many)."""
    from generator.client.models import generate_modules, module_inputs

    def generate(
        schemas: Mapping[str, Any],
        modules: Sequence[str],
        header: str,
        base_class: str,
        aliases: Mapping[str, str],
    ) -> dict[str, str]:
        options = [header, base_class, sorted(aliases.items())]
        inputs = {m: module_inputs(schemas, m) for m in modules}
        keys = {
            m: store.key("models", json.dumps([options, inputs[m]], sort_keys=True).encode())
            for m in modules
        }
        out: dict[str, str] = {}
        for module in modules:
            found = store.get(keys[module])
            if found is not None:
                out[module] = found.decode("utf-8")
        todo = sorted((m for m in modules if m not in out), key=lambda m: -len(inputs[m]))
        shares = [todo[0::2], todo[1::2]] if workers.parallel and len(todo) > _SHARE else [todo]
        futures = [
            workers.submit(
                generate_modules,
                {k: v for m in share for k, v in inputs[m].items()},
                share,
                header,
                base_class,
                aliases,
            )
            for share in shares
            if share
        ]
        for future in futures:
            out.update(future.result())
        for module in todo:
            store.put(keys[module], out[module].encode("utf-8"))
        return out

    return generate


_SHARE = 8
"""Model modules from which the rendering is shared between two workers."""


def format_files(files: Mapping[str, str], store: Store, scratch: Path | None) -> dict[str, str]:
    """`files` with each Python file formatted by ruff (or as the store has it formatted)."""
    from generator.client.fmt import format_python

    out = dict(files)
    keys = {
        name: store.key("ruff", name.encode(), text.encode())
        for name, text in files.items()
        if name.endswith(".py")
    }
    todo = []
    for name, key in keys.items():
        found = store.get(key)
        if found is None:
            todo.append(name)
        else:
            out[name] = found.decode("utf-8")
    if todo:
        formatted = format_python(files, scratch, todo)
        for name in todo:
            out[name] = formatted[name]
            store.put(keys[name], formatted[name].encode("utf-8"))
    return out


def client_of(
    document: Mapping[str, Any], package: str, header: str, store: Store, workers: Workers
) -> tuple[Client, Mapping[str, str]]:
    """The client IR of `document` and its model modules (file name under `types/` -> text)."""
    from generator.client.models import render_models
    from generator.client.plan import client_ir, plan_client

    plan = plan_client(document)
    rendered = render_models(
        plan.schemas,
        plan.owners,
        header,
        package,
        plan.reserved,
        models_via(store, workers),
        plan.not_null,
    )
    return client_ir(plan, rendered.index), rendered.files


def render_context(document: Mapping[str, Any], options: Options, header: str) -> dict[str, Any]:
    """What the templates are rendered with, besides the client IR and the version."""
    info = document.get("info", {})
    servers = document.get("servers") or [{"url": "https://hoko.to"}]
    return {
        "header": header,
        "header_text": header.removeprefix("# "),
        "toml_header": header,
        "package": options.package,
        "distribution": options.package.replace("_", "-"),
        "generator_version": __version__,
        "api_title": str(info.get("title", "the API")),
        "server": str(servers[0].get("url", "https://hoko.to")),
        "out_name": options.out.name,
    }


def file_header(source: str) -> str:
    """The comment line on every generated file. A path holding a line break would end the
    comment there, so unprintable characters are shown escaped."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in source)
    return f"# Generated by hoko-codegen from {shown}; do not edit."


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
    from generator.openapi.spec_io import load_spec
    from generator.release import version as release
    from generator.release.diff import compare_documents
    from generator.release.diff_api import METHODS
    from generator.release.previous import docs_date, read_previous
    from generator.release.surface import surface

    previous = read_previous(options.out)
    old: dict[str, Any] | None = None
    if options.spec.is_file():
        try:
            old = load_spec(options.spec, Sink())
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
