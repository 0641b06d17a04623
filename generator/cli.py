"""The `hoko-codegen` command: arguments in, exit code out. All I/O of the CLI lives here.

Exit codes: 0 success, 1 bad input or stale output, 2 usage error. Problems print as
`path:line: error: message`; nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from generator import __version__
from generator.diagnostics import GeneratorError, Location, printable

__all__ = ["main"]

_DEFAULTS = {
    "docs": "spec/docs",
    "spec": "spec/openapi.yaml",
    "out": "generated",
    "package": "hoko_client",
}


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


def entry() -> NoReturn:
    """The `hoko-codegen` command (and `python -m generator`): `main`, then an exit that does not
    tear down the build's heap object by object, which took 0.05 s after a one-page change and
    0.09 s after a cold 200-endpoint build (`generator.cache.exit_now`). Tests call `main`."""
    code = main()
    from generator.cache import exit_now

    exit_now(code)


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
    generate.set_defaults(run=_generate)
    check = commands.add_parser("check", help="exit 1 if the committed spec or package is stale")
    _output_options(check)
    check.add_argument("--from-spec", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    check.set_defaults(run=_check)
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
        choices=("breaking", "compatible", "wording"),
        help="exit 1 when a change of this kind (or a more serious one) is found",
    )
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    diff.set_defaults(run=_diff)
    sync = commands.add_parser("sync", help="download the endpoint pages listed in a docs index")
    sync.add_argument("--index", required=True, metavar="URL", help="the docs index (llms.txt)")
    sync.add_argument("--docs", type=Path, default=None, metavar="DIR")
    sync.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS")
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


def _day(text: str) -> str:
    from datetime import date

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")


def _config() -> dict[str, Any]:
    """[tool.hoko-codegen] of ./pyproject.toml, if there is one."""
    path = Path("pyproject.toml")
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise GeneratorError.at(
            Location(str(path)), f"cannot read [tool.hoko-codegen]: {err}"
        ) from None
    section = data.get("tool", {}).get("hoko-codegen", {})
    return section if isinstance(section, dict) else {}


def _options(args: argparse.Namespace) -> Any:
    from generator.pipeline import Options

    config = {**_DEFAULTS, **_config()}
    package = args.package or str(config["package"])
    if not package.isidentifier() or not package.isascii():
        raise SystemExit(
            f"hoko-codegen: error: --package must be a Python identifier, got {package!r}"
        )
    return Options(
        docs=args.docs or Path(str(config["docs"])),
        spec=args.spec or Path(str(config["spec"])),
        out=args.out or Path(str(config["out"])),
        package=package,
        from_spec=getattr(args, "from_spec", None),
        strict=args.strict,
        version=str(config.get("version", "0.1.0")),
        date=args.date,
    )


def _generate(args: argparse.Namespace) -> int:
    from generator.fingerprint import is_current
    from generator.writer import session

    started = time.perf_counter()
    options = _options(args)
    with session(options.out):
        # --report needs the parsed pages, so it always builds.
        if args.report is None and is_current(options):
            seconds = time.perf_counter() - started
            print(f"hoko-codegen: up to date (inputs unchanged), 0 files written in {seconds:.2f}s")
            return 0
        from generator.pipeline import generate

        built, written, seconds = generate(options)
    for warning in built.sink.warnings:
        print(warning, file=sys.stderr)
    _report(built, args.report)
    print(
        f"hoko-codegen: {built.endpoints} endpoints, {built.models} models, "
        f"{written} files written in {seconds:.2f}s"
    )
    return 0


def _report(built: Any, report: Path | None) -> None:
    """Per-doc coverage lines, and the provenance map when --report names a file."""
    from generator.report import coverage_lines, provenance

    for line in coverage_lines(built.pages):
        print(printable(line))
    if report is not None:
        temporary = report.with_name(report.name + ".tmp")
        temporary.write_text(provenance(built.pages, built.document), encoding="utf-8")
        temporary.replace(report)


def _check(args: argparse.Namespace) -> int:
    from generator.check import check
    from generator.writer import session

    options = _options(args)
    with session(options.out):
        return check(options)


def _diff(args: argparse.Namespace) -> int:
    from generator.diff import run_diff
    from generator.writer import session

    options = _options(args)
    with session(options.out):
        return run_diff(options, args.against, args.fail_on, args.format)


def _sync(args: argparse.Namespace) -> int:
    from generator.sync import sync_docs
    from generator.writer import session

    config = {**_DEFAULTS, **_config()}
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
