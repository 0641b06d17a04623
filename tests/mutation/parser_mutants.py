"""Hand-picked semantic mutants of the parser (and the three named mutants of issue 18).

    python tests/mutation/parser_mutants.py            # every mutant (about 30 minutes)
    python tests/mutation/parser_mutants.py L1 N2      # some of them, by name

Each mutant is a few exact text replacements (each must match exactly once). It is applied to a
fresh copy of the committed HEAD (tests/mutation/workspace.py), never to the working tree; then,
in the copy, the outputs are regenerated as a developer would after a change:

    python -m generator generate                              # spec/openapi.yaml, generated/
    HOKO_UPDATE_CASES=1 python -m pytest tests/cases           # the cases' snapshots

so a snapshot test cannot kill a mutant only because bytes moved: what kills it is a check that
states behaviour (a case.yaml pointer, an expected warning or error, a unit test, a named test).
Then the mutant's tests run; any failure kills it. The results go to results/parser.tsv.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import workspace

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SUITE = ("tests/unit", "tests/cases")


@dataclass(frozen=True)
class Mutant:
    name: str
    area: str
    what: str
    path: str
    edits: tuple[tuple[str, str], ...]
    tests: tuple[str, ...] = SUITE
    regenerate: bool = True


MUTANTS = (
    # Limits
    Mutant(
        "L1",
        "limits",
        "an exclusive integer end is kept as written ('less than 100' -> maximum 100)",
        "generator/parse/prose.py",
        (("            value = int(value) + step\n", "            value = int(value)\n"),),
    ),
    Mutant(
        "L2",
        "limits",
        "'at least N' read as exclusive (minimum N+1)",
        "generator/parse/limits.py",
        (
            (
                '(_p(r"\\bat least\\s+(?P<n>" + _N + r")" + _UNIT), "low", False)',
                '(_p(r"\\bat least\\s+(?P<n>" + _N + r")" + _UNIT), "low", True)',
            ),
        ),
    ),
    Mutant(
        "L3",
        "limits",
        "a thousands comma read as a decimal point ('10,000' -> 10.0)",
        "generator/parse/limits.py",
        (('    plain = text.replace(",", "")\n', '    plain = text.replace(",", ".")\n'),),
    ),
    Mutant(
        "L4",
        "limits",
        "a refusal ('requests above 1,000 ... are rejected') read the other way round",
        "generator/parse/limits.py",
        (
            (
                "        low=value if low else None,\n        high=None if low else value,\n",
                "        low=None if low else value,\n        high=value if low else None,\n",
            ),
        ),
    ),
    Mutant(
        "L5",
        "limits",
        "two limits that contradict each other: the later one silently wins",
        "generator/parse/prose.py",
        (("        if known is not None and known != value:\n", "        if False:\n"),),
    ),
    # Enums
    Mutant(
        "E1",
        "enums",
        "enum values sorted instead of kept in the order the page lists them",
        "generator/parse/prose.py",
        (
            (
                "    distinct = tuple(dict.fromkeys(v for v in values if v))\n",
                "    distinct = tuple(sorted(dict.fromkeys(v for v in values if v)))\n",
            ),
        ),
    ),
    Mutant(
        "E2",
        "enums",
        "a list of strings gets no enum on its items",
        "generator/parse/enums.py",
        (
            (
                '    if spec.kind == "array" and spec.items is not None and spec.items.kind == "string":\n'
                "        return spec.items\n",
                "",
            ),
        ),
    ),
    Mutant(
        "E3",
        "enums",
        "a single quoted value is taken for an enum of one",
        "generator/parse/prose.py",
        (("    return distinct if len(distinct) >= 2 else ()\n", "    return distinct\n"),),
    ),
    # Requiredness
    Mutant(
        "R1",
        "requiredness",
        "a field required only under a condition is required always",
        "generator/parse/meaning.py",
        (
            (
                "    if condition:\n        return False, condition\n",
                "    if condition:\n        return True, condition\n",
            ),
        ),
    ),
    Mutant(
        "R2",
        "requiredness",
        "a response field some example shows as null is still required",
        "generator/parse/resources.py",
        (
            (
                "        required = not nulls and (hint is None or hint.required)\n",
                "        required = hint is None or hint.required\n",
            ),
        ),
    ),
    Mutant(
        "R3",
        "requiredness",
        "a Required cell that disagrees with its description gives no warning",
        "generator/parse/meaning.py",
        (("    if not required and _SAYS_REQUIRED.search(text):\n", "    if False:\n"),),
    ),
    # Line numbers in diagnostics
    Mutant(
        "N1",
        "line numbers",
        "every block's line counted from 0",
        "generator/parse/blocks.py",
        (
            (
                "    return token.map[0] + 1 if token.map else 0\n",
                "    return token.map[0] if token.map else 0\n",
            ),
        ),
    ),
    Mutant(
        "N2",
        "line numbers",
        "a table row with the wrong number of cells reported at the table's first line",
        "generator/parse/tables.py",
        (
            (
                "                Location(path, row.line),\n"
                '                f"table row has {row.source_cells} cells',
                "                Location(path, table.line),\n"
                '                f"table row has {row.source_cells} cells',
            ),
        ),
    ),
    Mutant(
        "N3",
        "line numbers",
        "an enum's origin (the report's and the view's line) is its list, not the list's label",
        "generator/parse/enums.py",
        (
            (
                "    where = Location(field.source.path, values.first or values.line)\n",
                "    where = Location(field.source.path, values.line)\n",
            ),
        ),
        # Where the origin shows: the facts of --report and --html.
        (*SUITE, "tests/html/test_annotations.py"),
    ),
    # Null rules
    Mutant(
        "U1",
        "null rules",
        "a page whose rows say 'Can be null' still lets every optional update field be null",
        "generator/parse/body.py",
        (
            (
                "    singled_out = bool(named) or any(f.type.nullable for f in fields)\n",
                "    singled_out = bool(named)\n",
            ),
        ),
    ),
    Mutant(
        "U2",
        "null rules",
        "every field of an update makes the resource's field nullable",
        "generator/parse/resources.py",
        (
            (
                "        spec = dataclasses.replace(spec, nullable=bool(_SAYS_NULL.search(field.description)))\n",
                "        spec = dataclasses.replace(spec, nullable=True)\n",
            ),
        ),
    ),
    Mutant(
        "U3",
        "null rules",
        "'null clears the field' said of the whole body also makes the required fields nullable",
        "generator/parse/body.py",
        (
            (
                "        said = named.get(field.name) or (every if optional else None)\n",
                "        said = named.get(field.name) or every\n",
            ),
        ),
    ),
    # The three named mutants of issue 18, each against the test that must kill it.
    Mutant(
        "W1",
        "named",
        "the writer's COMMITTED mark written before the import check",
        "generator/output/writer.py",
        (
            (
                '        _done("staged")\n        if check_import:\n',
                '        _done("staged")\n        (staging / _MARK).write_bytes(b"")\n        if check_import:\n',
            ),
            ('    (staging / _MARK).write_bytes(b"")\n    _sync_paths(', "    _sync_paths("),
        ),
        ("tests/build/test_crash_points.py",),
        regenerate=False,
    ),
    Mutant(
        "W2",
        "named",
        "the templates dropped from the no-op digest",
        "generator/output/record.py",
        (('    feed("templates", templates_digest().encode())\n', ""),),
        ("tests/build/test_invalidation.py::test_an_edited_template_renders_again",),
        regenerate=False,
    ),
    Mutant(
        "W3",
        "named",
        "the retry cap `>` loosened to `>=`",
        "templates/runtime/_retries.py",
        (
            (
                "        if error.retry_after > max_wait:\n",
                "        if error.retry_after >= max_wait:\n",
            ),
        ),
        ("tests/runtime/test_retries.py::test_a_wait_of_exactly_the_cap_is_waited",),
        regenerate=False,
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="the mutants to run (default: all)")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]
    rows = [run(mutant) for mutant in chosen]
    RESULTS.mkdir(exist_ok=True)
    _write(rows)
    killed = sum(row["outcome"] == "killed" for row in rows)
    print(f"parser: killed {killed} of {len(rows)}")
    return 0


def run(mutant: Mutant) -> dict[str, str]:
    started = time.monotonic()
    space = workspace.make()
    try:
        _apply(space.repo / mutant.path, mutant.edits)
        generated = "-"
        if mutant.regenerate:
            done = space.run(str(space.python), "-m", "generator", "generate")
            generated = (
                "ok" if done.returncode == 0 else f"exit {done.returncode}: {_last(done.stderr)}"
            )
            # Rewrites the snapshots only; what fails here fails again below, for real.
            update = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/cases")
            space.run(str(space.python), *update, env_update={"HOKO_UPDATE_CASES": "1"})
        tests = space.run(
            str(space.python), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutant.tests
        )
        outcome = "survived" if tests.returncode == 0 else "killed"
        by = _first_failure(tests.stdout) if outcome == "killed" else ""
    finally:
        space.remove()
    row = {
        "name": mutant.name,
        "area": mutant.area,
        "outcome": outcome,
        "killed by": by,
        "generate": generated,
        "seconds": f"{time.monotonic() - started:.0f}",
        "what": mutant.what,
    }
    print("\t".join(row.values()), flush=True)
    return row


def _apply(path: Path, edits: tuple[tuple[str, str], ...]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        count = text.count(old)
        if count != 1:
            raise SystemExit(f"{path}: the text to replace is found {count} times:\n{old}")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _first_failure(output: str) -> str:
    found = re.search(r"^(?:FAILED|ERROR) (\S+)", output, re.MULTILINE)
    return found.group(1) if found else _last(output)


def _last(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


FIELDS = ("name", "area", "outcome", "killed by", "generate", "seconds", "what")


def _write(rows: list[dict[str, str]]) -> None:
    """Merge `rows` into results/parser.tsv (a mutant run again replaces its line)."""
    path = RESULTS / "parser.tsv"
    known: dict[str, dict[str, str]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            known = {row["name"]: row for row in csv.DictReader(handle, delimiter="\t")}
    known.update({row["name"]: row for row in rows})
    order = [m.name for m in MUTANTS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(known.values(), key=lambda row: order.index(row["name"])))


if __name__ == "__main__":
    sys.exit(main())
