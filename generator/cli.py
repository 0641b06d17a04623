"""The `hoko-codegen` command: arguments in, exit code out. All I/O of the CLI lives here.

Exit codes: 0 success, 1 bad input or stale output, 2 usage error. Problems print as
`path:line: error: message`; nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.config import Options, project_config
from generator.diagnostics import GeneratorError, Severity, printable

if TYPE_CHECKING:
    from generator.output.record import Record
    from generator.pipeline import Built

__all__ = ["main"]

_LEVELS = ("breaking", "compatible", "wording")
"""The kinds of change, most serious first."""
_HTML = "write an annotated view of the docs here: each page's lines, what was read from them"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except GeneratorError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic, file=sys.stderr)
        warned = [d for d in err.diagnostics if d.severity is Severity.WARNING]
        if getattr(args, "strict", False) and warned and len(warned) == len(err.diagnostics):
            return _failed_strict(len(warned))
        return 1
    except KeyboardInterrupt:
        print("hoko-codegen: interrupted; the previous output is untouched", file=sys.stderr)
        return 130
    except OSError as err:
        # The file system said no (permissions, a full disk): the user's to fix, not a bug.
        print(f"hoko-codegen: error: {_one_line(err)}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - the last resort: no traceback reaches the user
        what = f"{type(err).__name__}: {_one_line(err)}"
        print(f"hoko-codegen: internal error: {what}; please report it", file=sys.stderr)
        return 1


def entry() -> None:
    """The `hoko-codegen` command (and `python -m generator`)."""
    sys.exit(main())


def _one_line(err: BaseException) -> str:
    """The exception's message on one printable line of at most 300 characters."""
    text = printable(" ".join(str(err).split()))
    return text if len(text) <= 300 else text[:297] + "..."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hoko-codegen",
        description="Generate an OpenAPI 3.1 document and a typed Python client from Hoko's endpoint docs.",
    )
    parser.add_argument("--version", action="version", version=f"hoko-codegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    generate = commands.add_parser("generate", help="regenerate the spec and the client package")
    _output_options(generate)
    generate.add_argument(
        "--from-spec", type=Path, metavar="FILE", help="render the client from this OpenAPI file"
    )
    generate.add_argument(
        "--report", type=Path, metavar="FILE", help="write the provenance map (JSON) here"
    )
    generate.add_argument("--html", type=Path, metavar="FILE", help=_HTML)
    named = "with --from-spec: the client class's name (default: from the document's title)"
    generate.add_argument("--client-name", metavar="NAME", help=named)
    generate.add_argument(
        "--fail-on",
        choices=_LEVELS,
        help="write nothing when the release has a change of this kind (or a more serious one)",
    )
    generate.set_defaults(run=_generate)
    check = commands.add_parser("check", help="exit 1 if the committed spec or package is stale")
    _output_options(check)
    check.add_argument("--from-spec", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    check.add_argument(
        "--allow-warnings",
        action="store_true",
        help="pass even when the committed output was generated with warnings",
    )
    check.add_argument(
        "--verbose", action="store_true", help="print the whole diff of each stale file"
    )
    check.add_argument("--html", type=Path, metavar="FILE", help=_HTML)
    check.set_defaults(run=_check)
    watch = commands.add_parser(
        "watch", help="regenerate on every save of a page, until interrupted (Ctrl-C)"
    )
    _output_options(watch)
    watch.add_argument(
        "--interval",
        type=float,
        default=0.2,
        metavar="SECONDS",
        help="how often the docs are looked at (default: 0.2)",
    )
    watch.add_argument("--html", type=Path, metavar="FILE", help=_HTML + " (on every save)")
    watch.set_defaults(run=_watch)
    diff = commands.add_parser(
        "diff", help="list the API changes the docs make, and the version bump"
    )
    _output_options(diff)
    diff.add_argument(
        "--against",
        metavar="GITREF|FILE",
        help="compare with this spec (default: the committed one)",
    )
    diff.add_argument(
        "--fail-on",
        choices=_LEVELS,
        help="exit 1 when a change of this kind (or a more serious one) is found",
    )
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    diff.set_defaults(run=_diff)
    sync = commands.add_parser("sync", help="download the endpoint pages listed in a docs index")
    sync.add_argument("--index", required=True, metavar="URL", help="the docs index (llms.txt)")
    sync.add_argument(
        "--docs",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the pages go (default: spec/docs)",
    )
    sync.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default: 10)"
    )
    sync.add_argument("--prune", action="store_true", help="delete pages no longer in the index")
    sync.set_defaults(run=_sync)
    return parser


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs", type=Path, metavar="DIR", help="endpoint pages (default: spec/docs)"
    )
    parser.add_argument(
        "--spec", type=Path, metavar="FILE", help="OpenAPI output (default: spec/openapi.yaml)"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="package output (default: generated)"
    )
    parser.add_argument("--package", metavar="NAME", help="import name (default: hoko_client)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="date of a new changelog entry (default: git)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to use, this one included (default: by the cores; 1: all in this one)",
    )


def _day(text: str) -> str:
    from datetime import date

    with contextlib.suppress(ValueError):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")


def _jobs(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 64:
        return int(text)
    raise argparse.ArgumentTypeError(f"not a number of processes from 1 to 64: {text!r}")


def _options(args: argparse.Namespace) -> Options:
    config = project_config()
    package = args.package or str(config["package"])
    if not package.isidentifier() or not package.isascii():
        raise SystemExit(
            f"hoko-codegen: error: --package must be a Python identifier, got {package!r}"
        )
    if getattr(args, "html", None) is not None and getattr(args, "from_spec", None) is not None:
        print("hoko-codegen: error: --html shows the docs; not with --from-spec", file=sys.stderr)
        raise SystemExit(2)
    return Options(
        docs=args.docs or Path(str(config["docs"])),
        spec=args.spec or Path(str(config["spec"])),
        out=args.out or Path(str(config["out"])),
        package=package,
        from_spec=getattr(args, "from_spec", None),
        strict=args.strict,
        version=str(config.get("version", "0.1.0")),
        date=args.date,
        jobs=args.jobs,
        client_name=getattr(args, "client_name", None),
    )


def _generate(args: argparse.Namespace) -> int:
    from generator.output.record import up_to_date
    from generator.output.writer import session

    started = time.perf_counter()
    options = _options(args)
    with session(options.out):
        # --report and --html need the parsed pages, so they always build.
        record = up_to_date(options) if args.report is None and args.html is None else None
        if record is not None:
            for warning in record.warnings:
                print(warning, file=sys.stderr)
            if options.strict and record.warnings:
                return _failed_strict(len(record.warnings))
            seconds = time.perf_counter() - started
            print(f"hoko-codegen: up to date (inputs unchanged), 0 files written in {seconds:.2f}s")
            return 0
        from generator.pipeline import generate

        built, written, seconds = generate(options, fail_on=args.fail_on, view=args.html)
    for diagnostic in built.sink.warnings:
        print(diagnostic, file=sys.stderr)
    _report(built, args.report)
    print(
        f"hoko-codegen: {built.endpoints} endpoints, {built.models} models, "
        f"{written} files written in {seconds:.2f}s"
    )
    if built.sink.warnings:
        count = len(built.sink.warnings)
        print(f"hoko-codegen: {count} warning{'s' if count != 1 else ''}; see above")
    print(f"hoko-codegen: release {built.release}")
    return 0


def _watch(args: argparse.Namespace) -> int:
    from generator.pipeline import watch

    options = _options(args)
    print(f"hoko-codegen: watching {options.docs} (Ctrl-C stops)", flush=True)
    try:
        for result in watch(options, max(args.interval, 0.01), args.html):
            if isinstance(result, GeneratorError):
                for diagnostic in result.diagnostics:
                    print(diagnostic, file=sys.stderr, flush=True)
                print("hoko-codegen: not written; the previous output is kept", flush=True)
                continue
            for diagnostic in result.sink.warnings:
                print(diagnostic, file=sys.stderr, flush=True)
            print(f"hoko-codegen: release {result.release}", flush=True)
    except KeyboardInterrupt:
        print("hoko-codegen: stopped watching", flush=True)
    return 0


def _failed_strict(count: int) -> int:
    plural = "s" if count != 1 else ""
    print(f"hoko-codegen: failed: {count} warning{plural} (--strict)", file=sys.stderr)
    return 1


def _report(built: Built, report: Path | None) -> None:
    """Per-doc coverage lines, and the provenance map when --report names a file."""
    from generator.openapi.report import coverage_lines, provenance
    from generator.output.writer import replace_file

    for line in coverage_lines(list(built.pages)):
        print(printable(line))
    if report is not None:
        text = provenance(list(built.pages), built.document, built.sink.items, built.classes)
        replace_file(report, text)


def _check(args: argparse.Namespace) -> int:
    from generator.output.record import up_to_date
    from generator.output.writer import session

    options = _options(args)
    with session(options.out):
        record = up_to_date(options)
        if record is not None:
            if args.html is not None:
                from generator.pipeline import build

                with contextlib.suppress(GeneratorError):  # what stops it is in the view
                    build(options, view=args.html)
            return _current(record, args.allow_warnings, options.strict)
        return _stale(options, args.verbose, args.html)


def _current(record: Record, allow_warnings: bool, strict: bool) -> int:
    """`check` on an output whose inputs and files are as recorded."""
    for warning in record.warnings:
        print(warning, file=sys.stderr)
    if record.warnings and strict:
        return _failed_strict(len(record.warnings))
    if record.warnings and not allow_warnings:
        count = len(record.warnings)
        print(
            f"hoko-codegen: the committed output was generated with {count} "
            f"warning{'s' if count != 1 else ''} (above); fix the docs, or pass --allow-warnings",
            file=sys.stderr,
        )
        return 1
    print("hoko-codegen: spec and package are up to date")
    return 0


def _stale(options: Options, verbose: bool, html: Path | None = None) -> int:
    from generator.executor import Workers
    from generator.output.stale import describe, stale_files, unified
    from generator.output.writer import scratch_dir
    from generator.pipeline import build, open_store

    with open_store() as store, Workers(options.jobs) as workers:
        built = build(options, store, workers, scratch_dir(options.out), html)
    expected = {options.out / name: text for name, text in built.files.items()}
    if built.spec_text is not None:
        expected[options.spec] = built.spec_text
    stale = stale_files(expected, options.out)
    if not stale:
        print("hoko-codegen: spec and package are up to date")
        return 0
    for path, (committed, fresh) in stale.items():
        print(describe(path, committed, fresh))
        if verbose:
            print(unified(path, committed, fresh))
    print(
        f"hoko-codegen: {len(stale)} file(s) are stale; run 'hoko-codegen generate' and commit"
        + ("" if verbose else " (--verbose shows the diffs)"),
        file=sys.stderr,
    )
    return 1


def _diff(args: argparse.Namespace) -> int:
    from generator.output.writer import session
    from generator.pipeline import diff_report
    from generator.release.diff import render_json, render_text
    from generator.release.version import at_least

    options = _options(args)
    with session(options.out):
        report, old_label, new_label, sink = diff_report(options, args.against)
    for warning in sink.warnings:
        print(warning, file=sys.stderr)
    render = render_json if args.format == "json" else render_text
    print(render(report, old_label, new_label))
    failing = [c for c in report.changes if args.fail_on and at_least(c.kind, args.fail_on)]
    if failing:
        print(
            f"hoko-codegen: {len(failing)} change(s) found at {args.fail_on} or above "
            f"(--fail-on {args.fail_on})",
            file=sys.stderr,
        )
        return 1
    return 0


def _sync(args: argparse.Namespace) -> int:
    from generator.output.writer import session
    from generator.sync import sync_docs

    config = project_config()
    docs = args.docs or Path(str(config["docs"]))
    # Under the lock, so that a generate never reads the docs while they are being replaced.
    with session(Path(str(config["out"]))):
        report = sync_docs(args.index, docs, timeout=args.timeout, prune=args.prune)
    for kind, names in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        verb = "deleted" if kind == "removed" and args.prune else kind
        if kind == "removed" and not args.prune:
            verb = "no longer in the index (kept; --prune deletes)"
        for name in names:
            print(f"  {verb}: {name}")
    print(report.summary())
    return 0
