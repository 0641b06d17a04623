"""The one module that chains the stages:

    docs -> parse -> endpoints -> build_openapi -> validate -> render_models (datamodel-code-generator)
                                                          \\-> render_client (Jinja) -> ruff -> writer

Everything before `write_outputs` works in memory; a diagnostic with severity error (or any
warning under --strict) stops the run before the writer is called.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.diagnostics import GeneratorError, Location, Sink
from generator.ir.docs import Endpoint

if TYPE_CHECKING:
    from generator.client_model import ClientSpec
    from generator.helper import Helper
    from generator.import_check import ImportCheck
    from generator.validate import PendingValidation

__all__ = ["Built", "Options", "build", "build_document", "display_path", "generate"]


@dataclass(frozen=True)
class Options:
    docs: Path
    spec: Path
    out: Path
    package: str = "hoko_client"
    from_spec: Path | None = None
    strict: bool = False
    version: str = "0.1.0"
    date: str | None = None
    """The day for a new changelog entry (YYYY-MM-DD); None: from the docs' git history."""


@dataclass
class Built:
    """Everything a run would write: the spec text (None with --from-spec) and the package files."""

    spec_text: str | None
    files: dict[str, str]
    endpoints: int
    models: int
    sink: Sink
    pages: list[Endpoint] = field(default_factory=list)
    """The parsed endpoints (empty with --from-spec), for coverage lines and --report."""
    document: dict[str, Any] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """How a file is named in diagnostics and in the output: relative to the working folder
    when inside it, so the output does not depend on where the project is checked out."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(_working_folder(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=4)
def _working_folder(cwd: str) -> Path:
    return Path(cwd).resolve()


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


def build_document(options: Options) -> tuple[dict[str, Any], Sink, list[Endpoint]]:
    """Docs -> the validated OpenAPI document (or the --from-spec one); GeneratorError on failure."""
    document, sink, parsed, pending = _start_document(options)
    if pending is not None:
        try:
            pending.finish()
        finally:
            pending.close()
        _stop_if_failed(sink, options.strict)
    return document, sink, parsed


def _start_document(
    options: Options, helper: Helper | None = None, on_many: Callable[[], object] | None = None
) -> tuple[dict[str, Any], Sink, list[Endpoint], PendingValidation | None]:
    """`build_document`, with the OpenAPI check still running (None with --from-spec)."""
    from generator.openapi.build import ApiInfo, build_openapi
    from generator.parsing import parse_pages
    from generator.spec_io import load_spec
    from generator.validate import PendingValidation

    sink = Sink()
    if options.from_spec is not None:
        document = load_spec(options.from_spec, sink)
        if not str(document.get("openapi")).startswith("3.1"):
            return document, sink, [], None  # the OpenAPI check knows 3.1 only
        where = display_path(options.from_spec)
        return document, sink, [], PendingValidation(document, where, sink, given=True)
    parsed = parse_pages(read_docs(options.docs), sink, helper, on_many)
    _stop_if_failed(sink, options.strict)
    result = build_openapi(parsed, ApiInfo(version=options.version))
    # The examples are checked beside the build (while the helper renders the models); a failure
    # stops the build when the checks are joined, before anything is written.
    pending = PendingValidation(result.document, display_path(options.spec), sink, result.checks)
    return result.document, sink, parsed, pending


def build(
    options: Options,
    scratch: Path | None = None,
    *,
    many: bool | None = None,
    check: ImportCheck | None = None,
    helper: Helper | None = None,
) -> Built:
    """Run every stage in memory; raise GeneratorError with the diagnostics if any fails.

    The OpenAPI check runs in a worker while the client renders and is joined before returning;
    if rendering fails on a document the check rejects, the check's errors are what is raised.
    The version and changelog follow from the spec and package already on disk (see
    generator.release); `scratch` is where the formatter may keep its temporary files. `many`:
    whether the docs hold many pages (`_many_pages`), when the caller has counted them; `check`:
    the import check the caller will write with, told when many pages are new; `helper`: the
    helper process (generator.helper) the caller started, and closes, for this build.
    """
    from generator.helper import Helper

    with _fewer_collections():
        if helper is not None:
            return _build_with(options, scratch, helper, check)
        many = _many_pages(options) if many is None else many
        with Helper(parse_first=many) as helper:
            return _build_with(options, scratch, helper, check)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often while building.

    A build allocates millions of small objects that live until it ends (pages, schemas, the
    models' syntax trees); at the default threshold the collector walks them again and again,
    which took a fifth of a 200-endpoint build.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _follows_a_run(options: Options) -> bool:
    """Whether the spec on disk is one a run wrote with these caches: most of its pages and
    models will then come from the cache (generator.cache)."""
    from generator.spec_io import is_remembered

    if options.from_spec is not None:
        return False
    try:
        return is_remembered(options.spec.read_bytes())
    except OSError:
        return False


def _many_pages(options: Options) -> bool:
    """Whether the docs hold enough pages for the build to share their parsing."""
    from generator.parsing import SPLIT_PAGES

    if options.from_spec is not None or not options.docs.is_dir():
        return False
    pages = itertools.islice(options.docs.rglob("*.md"), SPLIT_PAGES)
    return sum(1 for _ in pages) >= SPLIT_PAGES


def _build_with(
    options: Options, scratch: Path | None, helper: Helper, check: ImportCheck | None
) -> Built:
    on_many = check.add_worker if check is not None else None
    document, sink, pages, pending = _start_document(options, helper, on_many)
    try:
        settings, changelog = options, None
        if options.from_spec is not None:
            spec_text, source = None, display_path(options.from_spec)
        else:
            version, changelog = _release(document, options, sink, helper)
            settings = replace(options, version=version)
            # A new mapping rather than a change to the one the stages before returned.
            document = {**document, "info": {**document.get("info", {}), "version": version}}
            source = display_path(options.docs)
        # The helper writes the YAML once it has rendered its share of the models, while this
        # process renders the client.
        files, models, dump = _render(
            document, settings, source, scratch, helper, options.from_spec is None, check
        )
        if dump is not None:
            spec_text = _dumped(helper, dump, document)
        elif options.from_spec is None:
            spec_text = _dumped(None, None, document)
        if pending is not None:
            pending.finish()
    except Exception:
        if pending is not None:
            pending.finish(failed=True)
            _stop_if_failed(sink, options.strict)
        raise
    finally:
        if pending is not None:
            pending.close()
    _stop_if_failed(sink, options.strict)
    files = _recorded(files, changelog, spec_text, source, options, sink)
    return Built(spec_text, files, _count_operations(document), models, sink, pages, document)


def _dumped(helper: Helper | None, ticket: int | None, document: dict[str, Any]) -> str:
    """The spec's YAML, as the helper wrote it (or written here if the helper failed)."""
    from generator.helper import HelperError
    from generator.spec_io import dump_spec

    if helper is not None and ticket is not None:
        try:
            return str(helper.result(ticket))
        except HelperError:
            pass
    return dump_spec(document)


def _recorded(
    files: dict[str, str],
    changelog: str | None,
    spec_text: str | None,
    source: str,
    options: Options,
    sink: Sink,
) -> dict[str, str]:
    """`files` with CHANGELOG.md, and with `_source.py`, which records what this run read and
    wrote: the next run's no-op test (generator.fingerprint)."""
    from generator.fingerprint import file_digest, input_digest, source_module
    from generator.release import CHANGELOG

    if changelog is not None:
        files = {**files, CHANGELOG: changelog}
    outputs = {n: file_digest(t.encode("utf-8")) for n, t in files.items() if n != CHANGELOG}
    spec_digest = file_digest(spec_text.encode("utf-8")) if spec_text is not None else None
    record = source_module(
        _header(source), input_digest(options), outputs, spec_digest, len(sink.warnings)
    )
    return {**files, f"{options.package}/_source.py": record}


def _release(
    document: dict[str, Any], options: Options, sink: Sink, helper: Helper | None = None
) -> tuple[str, str]:
    """The version for this run and the changelog text, from what the last run left on disk."""
    from generator import release
    from generator.diff import MALFORMED, compare_documents
    from generator.diff_api import METHODS
    from generator.previous import docs_date, read_previous

    previous = read_previous(options.spec, options.out, sink)
    report = None
    if previous.document is not None:
        try:
            header = _header(display_path(options.docs))
            report = compare_documents(previous.document, document, options.package, header, helper)
        except MALFORMED as err:  # a hand-edited previous spec must not stop the run
            where = Location(display_path(options.spec))
            sink.warning(
                where, f"cannot compare with the previous spec ({err}); version not bumped"
            )
    level = report.level if report else None
    version = release.next_version(previous.version, options.version, level)
    changes = [(c.kind, f"{c.group}: {c.message}") for c in report.changes] if report else None
    date = None
    if previous.changelog is None or not release.has_entry(previous.changelog, version):
        date = docs_date(options.docs, options.date)
    paths = sorted(document.get("paths", {}).items())
    operations = [f"{m.upper()} {path}" for path, item in paths for m in METHODS if m in item]
    return version, release.changelog(previous.changelog, version, date, changes, operations)


def generate(options: Options) -> tuple[Built, int, float]:
    """Build, then write atomically: (what was built, files written, seconds)."""
    from generator.cache import flush as flush_cache
    from generator.helper import Helper
    from generator.import_check import ImportCheck
    from generator.spec_check import worker_started
    from generator.writer import scratch_dir, write_outputs

    started = time.perf_counter()
    # Three processes start now and load their libraries while the build works: the helper
    # (generator.helper) first, as its import of datamodel-code-generator is what a small build
    # waits for; an interpreter for the import check (a second joins it when many pages turn out
    # to be new, on a machine with cores to spare); and the OpenAPI check's worker
    # (generator.spec_check). The helper is told at once whether pages will come its way and
    # whether models are likely to, and is closed last, after the write: at the end of a big
    # build it is still writing its cache records.
    with (
        Helper(parse_first=_many_pages(options), warm=not _follows_a_run(options)) as helper,
        ImportCheck() as check,
        worker_started(),
    ):
        built = build(options, scratch_dir(options.out), check=check, helper=helper)
        spec = options.spec if built.spec_text is not None else None
        written = write_outputs(spec, built.spec_text, options.out, built.files, check)
    flush_cache()
    return built, written, time.perf_counter() - started


def _render(
    document: dict[str, Any],
    options: Options,
    source: str,
    scratch: Path | None,
    helper: Helper | None = None,
    dump: bool = False,
    check: ImportCheck | None = None,
) -> tuple[dict[str, str], int, int | None]:
    """The package's files (formatted) and its number of model modules; with `dump`, the
    helper's ticket for the spec's YAML. The import `check` is given the package's core and
    models as soon as they are formatted, and the resources after them."""
    from generator.client_model import client_spec, plan_client
    from generator.fmt import format_python
    from generator.render_models import render_models

    header = _header(source)
    plan = plan_client(document)
    models = render_models(
        plan.schemas, plan.owners, header, options.package, plan.reserved, helper
    )
    types = {f"{options.package}/types/{name}": text for name, text in models.files.items()}
    # The helper formats the models and then writes the YAML while the client renders here.
    formatting = helper.submit("format", types, scratch) if helper is not None else None
    ticket = helper.submit("dump", document) if helper is not None and dump else None
    if helper is not None:
        helper.done()
    client = _render_client(client_spec(plan, models.index), document, options, header)
    resources = {n: t for n, t in client.items() if _is_resource(n, options.package)}
    core = {n: t for n, t in client.items() if n not in resources}
    files = format_python(core, scratch, keep_scratch=True)
    files.update(_formatted(helper, formatting, types, scratch))
    if check is not None:
        check.prepare(files)
    formatted = format_python(resources, scratch, keep_scratch=True)
    if check is not None:
        check.prepare(formatted)
    files.update(formatted)
    if scratch is not None:
        with contextlib.suppress(OSError):
            scratch.rmdir()
    return files, len(models.index.modules), ticket


def _is_resource(name: str, package: str) -> bool:
    """A resource module (`<package>/resources/links.py`), which imports the models."""
    folder, _, module = name.rpartition("/")
    return folder == f"{package}/resources" and module != "__init__.py"


def _formatted(
    helper: Helper | None, ticket: int | None, files: dict[str, str], scratch: Path | None
) -> dict[str, str]:
    """`files` formatted, by the helper (or here if it failed)."""
    from generator.fmt import format_python
    from generator.helper import HelperError

    if helper is not None and ticket is not None:
        try:
            return dict(helper.result(ticket))
        except HelperError:
            pass
    return format_python(files, scratch, keep_scratch=True)


def _render_client(
    spec: ClientSpec, document: dict[str, Any], options: Options, header: str
) -> dict[str, str]:
    from generator.render_client import render_client

    header_text = header.removeprefix("# ")
    info = document.get("info", {})
    servers = document.get("servers") or [{"url": "https://hoko.to"}]
    context = {
        "header": header,
        "header_text": header_text,
        "toml_header": header,
        "package": options.package,
        "distribution": options.package.replace("_", "-"),
        "version": options.version,
        "generator_version": __version__,
        "api_title": str(info.get("title", "the API")),
        "server": str(servers[0].get("url", "https://hoko.to")),
        "out_name": options.out.name,
    }
    return render_client(spec, context)


def _header(source: str) -> str:
    """The comment line on every generated file. A path holding a line break would end the
    comment there, so unprintable characters are shown escaped."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in source)
    return f"# Generated by hoko-codegen from {shown}; do not edit."


def _count_operations(document: dict[str, Any]) -> int:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(1 for item in document.get("paths", {}).values() for m in item if m in methods)


def _stop_if_failed(sink: Sink, strict: bool) -> None:
    if sink.failed(strict=strict):
        raise GeneratorError(sink.errors + (sink.warnings if strict else []))
