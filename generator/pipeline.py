"""The one module that chains the stages:

    docs -> parse -> endpoints -> openapi (build, examples, openapi-spec-validator)
         -> client (plan, models by datamodel-code-generator, Jinja, ruff)
         -> release (changes since the last run: version, changelog) -> output (writer)

Every stage is a plain function of its inputs. Speed comes through two seams, both used here
alone: `generator.executor.Workers` runs the OpenAPI check and the model rendering in worker
processes (or, with `--jobs 1`, here), and `generator.store.Store` hands back what a stage made of
the same input before (a page, a model module, a formatted file, a checked shard or example, an
imported package). A diagnostic with severity error (or any warning under --strict) stops the run
before the writer is called.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Options
from generator.diagnostics import GeneratorError, Location, Sink, display_path
from generator.executor import Workers
from generator.ir.client import Client
from generator.ir.docs import Endpoint
from generator.releases import package_files, package_on_disk, release_of, remember_spec
from generator.steps import (
    Checks,
    client_of,
    file_header,
    format_files,
    open_store,
    package_bytes,
    parse_pages,
    read_sources,
    render_context,
)
from generator.store import Store

__all__ = [
    "Built",
    "Seen",
    "build",
    "build_document",
    "generate",
    "open_store",
    "read_docs",
    "write_view",
]


@dataclass(frozen=True)
class Built:
    """Everything a run would write: the spec text (None with --from-spec) and the files of the
    output folder, with what the run found on the way."""

    spec_text: str | None
    files: dict[str, str]
    endpoints: int
    models: int
    sink: Sink
    pages: tuple[Endpoint, ...]
    """The parsed endpoints (none with --from-spec), for coverage lines and --report."""
    document: dict[str, Any]
    release: str
    """The release line: the version, its kind, and the first changes."""
    level: str | None = None
    """The most serious kind of change since the last run (breaking, compatible, wording)."""
    classes: Mapping[str, str] = field(default_factory=dict)
    """Schema name -> the Python class it became."""


def read_docs(docs: Path) -> list[tuple[str, bytes]]:
    """Every `*.md` under `docs` (sorted, so the order never depends on the file system)."""
    if not docs.is_dir():
        raise GeneratorError.at(
            Location(display_path(docs)), "docs folder not found; pass --docs DIR"
        )
    files = sorted(p for p in docs.rglob("*.md") if p.is_file())
    if not files:
        raise GeneratorError.at(
            Location(display_path(docs)), "no *.md endpoint pages in the docs folder"
        )
    return [(display_path(p), p.read_bytes()) for p in files]


def _docs_state(docs: Path) -> object:
    """What a change to the docs changes: each page's name, size and modification time."""
    try:
        pages = sorted(p for p in docs.rglob("*.md") if p.is_file())
        return [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in pages]
    except OSError as err:
        return str(err)


@dataclass
class Seen:
    """What a run read and made, as far as it got (an error may stop it): what the annotated
    view of the docs (`--html`) is rendered from."""

    sink: Sink = field(default_factory=Sink)
    sources: list[tuple[str, bytes]] = field(default_factory=list)
    pages: tuple[Endpoint, ...] = ()
    document: dict[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    classes: Mapping[str, str] = field(default_factory=dict)
    release: str = ""


def generate(
    options: Options,
    fail_on: str | None = None,
    store: Store | None = None,
    workers: Workers | None = None,
    view: Path | None = None,
) -> tuple[Built, int, float]:
    """Build, then write atomically: (what was built, files written, seconds). With `fail_on`
    (a kind of change), a release with such a change (or a more serious one) is not written.
    With `view`, the annotated view of the docs is written there (see `build`)."""
    from generator.output.gate import Gate
    from generator.output.writer import scratch_dir, write_outputs
    from generator.release.version import at_least

    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        store = store or stack.enter_context(open_store())
        workers = workers or stack.enter_context(Workers(options.jobs))
        # Started now: it loads httpx and pydantic while the build works.
        gate = stack.enter_context(Gate())
        built = build(options, store, workers, scratch_dir(options.out), view)
        if fail_on is not None and at_least(built.level, fail_on):
            where = Location(display_path(options.spec))
            message = (
                f"the release is {built.release}: {built.level} changes (--fail-on {fail_on}); "
                "nothing was written"
            )
            raise GeneratorError(
                [*built.sink.warnings, *GeneratorError.at(where, message).diagnostics]
            )
        passed = store.key("imports", *package_bytes(built.files, options.package))
        spec = options.spec if built.spec_text is not None else None
        known = store.get(passed) is not None
        written = write_outputs(
            spec, built.spec_text, options.out, built.files, check_import=not known, gate=gate
        )
        store.put(passed, b"passed")
        if built.spec_text is not None:
            remember_spec(built.spec_text, built.document, store)
        store.flush()
    return built, written, time.perf_counter() - started


def watch(
    options: Options, interval: float = 0.2, view: Path | None = None
) -> Iterator[Built | GeneratorError]:
    """`generate` now and again on every change to the docs (a page saved, added or removed),
    with the store and the workers kept warm between runs: each run's result, or the error that
    stopped it (the previous output then stays; the `view`, when asked for, shows it). Ends when
    the caller stops iterating."""
    from generator.output.writer import session

    with open_store() as store, Workers(options.jobs) as workers:
        seen: object = None
        while True:
            state = _docs_state(options.docs)
            if state != seen:
                seen = state
                try:
                    with session(options.out):
                        built, _written, _seconds = generate(options, None, store, workers, view)
                    yield built
                except GeneratorError as err:
                    store.flush()
                    yield err
            time.sleep(interval)


def build_document(
    options: Options, store: Store | None = None, workers: Workers | None = None
) -> tuple[dict[str, Any], Sink, tuple[Endpoint, ...]]:
    """Docs -> the checked OpenAPI document (or the --from-spec one); GeneratorError on failure."""
    with _owned(store, workers) as (store, workers):
        seen = Seen()
        document, pages, checks = _document(options, store, workers, seen)
        checks.finish()
        _stop_if_failed(seen.sink, options.strict)
        return document, seen.sink, pages


def build(
    options: Options,
    store: Store | None = None,
    workers: Workers | None = None,
    scratch: Path | None = None,
    view: Path | None = None,
) -> Built:
    """Run every stage in memory; raise GeneratorError with the diagnostics if any fails.

    The version and changelog follow from the spec and package already on disk (see
    generator.release); `scratch` is where the formatter may keep its temporary files. With
    `view`, the annotated view of the docs is written there, also when the run fails."""
    seen = Seen()
    try:
        built = _build(options, store, workers, scratch, seen)
    except GeneratorError as err:
        if view is not None:
            write_view(options, seen, view, err)
        raise
    if view is not None:
        write_view(options, seen, view)
    return built


def write_view(
    options: Options, seen: Seen, path: Path, error: GeneratorError | None = None
) -> None:
    """The annotated view of the docs (`--html`): each page's lines with what the run read from
    them, its findings (the `error` that stopped it included), the methods and the release."""
    from generator.openapi.annotate import annotate
    from generator.output.writer import replace_file
    from generator.release.surface import signatures
    from generator.view.html import render_html

    found = list(seen.sink.items)
    found += [d for d in (error.diagnostics if error else ()) if d not in found]
    names = [name for name, _ in seen.sources]
    provenance = annotate(names, seen.pages, found, seen.document, seen.classes)
    texts = {name: data.decode("utf-8", errors="replace") for name, data in seen.sources}
    methods = signatures(seen.files, options.package)
    docs = display_path(options.docs)
    replace_file(path, render_html(provenance, texts, methods, seen.release, docs))


def _build(
    options: Options, store: Store | None, workers: Workers | None, scratch: Path | None, seen: Seen
) -> Built:
    from generator.openapi.spec_io import dump_spec
    from generator.output.record import with_record

    with _owned(store, workers) as (store, workers):
        sink = seen.sink
        document, pages, checks = _document(options, store, workers, seen)
        header = file_header(display_path(options.from_spec or options.docs))
        try:
            client, files, models = _render(document, options, header, store, workers, scratch)
            seen.files, seen.classes = files, client.models.classes
            where = Location(display_path(options.from_spec or options.spec))
            for message in client.warnings:
                sink.warning(where, message)
        except Exception as err:
            checks.finish(failed=True)
            if options.from_spec is None:
                _stop_if_failed(sink, options.strict)
                raise
            # The real error first, then what the validator found, which may explain it.
            where = Location(display_path(options.from_spec))
            real = GeneratorError.at(where, f"cannot render a client from it: {err}")
            raise GeneratorError(real.diagnostics + sink.errors) from err
        checks.finish()
        _stop_if_failed(sink, options.strict)
        version, changelog, spec_text, level = options.version, None, None, None
        release = f"{version} (from {display_path(options.from_spec)})" if options.from_spec else ""
        if options.from_spec is None:
            version, changelog, release, level = release_of(
                document, files, options, header, store, workers, sink
            )
            seen.release = release
            document = {**document, "info": {**document.get("info", {}), "version": version}}
            spec_text = dump_spec(document)
        files.update(_versioned(client, document, options, header, version, store, scratch))
        _stop_if_failed(sink, options.strict)
        files = with_record(files, changelog, spec_text, options, [str(d) for d in sink.warnings])
        count = sum(len(resource.operations) for resource in client.resources)
        classes = seen.classes
        return Built(
            spec_text, files, count, models, sink, pages, document, release, level, classes
        )


@contextlib.contextmanager
def _owned(store: Store | None, workers: Workers | None) -> Iterator[tuple[Store, Workers]]:
    """The store and workers given, or ones opened (and closed) for this call."""
    with contextlib.ExitStack() as stack:
        if store is None:
            store = stack.enter_context(open_store())
        if workers is None:
            workers = stack.enter_context(Workers(1))
        yield store, workers


def _document(
    options: Options, store: Store, workers: Workers, seen: Seen
) -> tuple[dict[str, Any], tuple[Endpoint, ...], Checks]:
    """The OpenAPI document, the pages it was built from, and its checks, started."""
    from generator.openapi.build import ApiInfo, build_openapi
    from generator.openapi.spec_io import load_spec

    sink = seen.sink
    if options.from_spec is not None:
        document = load_spec(options.from_spec, sink)
        if not str(document.get("openapi")).startswith("3.1"):
            return document, (), Checks.none()  # openapi-spec-validator here knows 3.1 only
        where = display_path(options.from_spec)
        return document, (), Checks(document, (), where, sink, store, workers, given=True)
    seen.sources = read_docs(options.docs)
    pages = seen.pages = parse_pages(seen.sources, store, sink)
    _stop_if_failed(sink, options.strict)
    urls = read_sources(options.docs, sink)
    result = build_openapi(list(pages), ApiInfo(version=options.version), urls)
    seen.document = result.document
    where = display_path(options.spec)
    checks = Checks(result.document, result.checks, where, sink, store, workers)
    return result.document, pages, checks


def _render(
    document: dict[str, Any],
    options: Options,
    header: str,
    store: Store,
    workers: Workers,
    scratch: Path | None,
) -> tuple[Client, dict[str, str], int]:
    """The client IR, the package's files but the versioned ones (formatted), and the number
    of model classes."""
    from generator.client.render import render_client, runtime_files

    client, models = client_of(document, options.package, header, store, workers, options)
    files = {f"{options.package}/types/{name}": text for name, text in models.items()}
    files.update(render_client(client, render_context(document, options, header)))
    formatted = format_files(files, store, scratch)
    formatted.update(runtime_files(options.package, header))
    return client, formatted, len(client.models.modules)


def _versioned(
    client: Client,
    document: Mapping[str, Any],
    options: Options,
    header: str,
    version: str,
    store: Store,
    scratch: Path | None,
) -> dict[str, str]:
    from generator.client.render import render_versioned

    files = render_versioned(client, render_context(document, options, header), version)
    return format_files(files, store, scratch)


def _stop_if_failed(sink: Sink, strict: bool) -> None:
    if sink.failed(strict=strict):
        raise GeneratorError(sink.errors + (sink.warnings if strict else []))


def diff_report(options: Options, against: str | None) -> tuple[Any, str, str, Sink]:
    """The `diff` command's report: the docs now against the committed spec, another spec file,
    or the spec at a git ref; with the names of both sides and the docs' diagnostics."""
    from generator.openapi.spec_io import load_spec, parse_spec
    from generator.release.diff import compare_documents, spec_at
    from generator.release.surface import surface

    spec = options.spec
    if against is None:
        if not spec.is_file():
            message = (
                "no spec to compare with; run 'hoko-codegen generate' or pass --against FILE|GITREF"
            )
            raise GeneratorError.at(Location(display_path(spec)), message)
        old, old_label = load_spec(spec, Sink()), display_path(spec)
    elif Path(against).is_file():
        old, old_label = load_spec(Path(against), Sink()), display_path(Path(against))
    else:
        text, where = spec_at(against, spec)
        old, old_label = parse_spec(text, where), f"{display_path(spec)} at {against}"
    with open_store() as store, Workers(options.jobs) as workers:
        new, sink, _pages = build_document(options, store, workers)
        header = file_header(display_path(options.from_spec or options.docs))
        try:
            before = package_on_disk(options.out, options.package) if against is None else {}
            if not before:
                before = package_files(old, options.package, header, store, workers)
            after = package_files(new, options.package, header, store, workers)
            package = options.package
            report = compare_documents(old, new, surface(before, package), surface(after, package))
        except Exception as err:  # noqa: BLE001 - a spec that loads but cannot be compared
            raise GeneratorError.at(
                Location(old_label), f"cannot compare with this spec: {err}"
            ) from None
    return report, old_label, display_path(options.from_spec or options.docs), sink
