"""The tool-driven mutation run: cosmic-ray over the client runtime and the writer.

    python tests/mutation/run_tool.py runtime testing writer      # every session (about 2 hours)
    python tests/mutation/run_tool.py writer --rerun              # only last run's survivors
    python tests/mutation/run_tool.py runtime --sample 360        # a fixed sample of 360 mutants

Each session (`<name>.toml` here: the modules and the test command) runs in a fresh copy of the
committed HEAD (tests/mutation/workspace.py), never in the working tree. cosmic-ray makes every
mutant its operators can; the ones outside `OPERATORS` are marked skipped before `exec`, and the
rest are each applied to the copy's file, tested with the session's command, and put back.
Results go to `results/<name>.tsv` (one line a mutant) and `results/<name>-survivors.txt` (the
diff of each survivor); tests/MUTATION.md says what they mean.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import workspace

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SESSIONS = ("runtime", "testing", "writer")

OPERATORS = re.compile(
    "core/("
    # a boundary moved, a test negated
    "ReplaceComparisonOperator_(Eq_NotEq|NotEq_Eq|Lt_LtE|LtE_Lt|Gt_GtE|GtE_Gt|Is_IsNot|IsNot_Is)"
    # arithmetic one step off
    "|ReplaceBinaryOperator_(Add_Sub|Sub_Add|Mul_Div|Div_Mul|FloorDiv_Mul|Pow_Mul)"
    "|ReplaceUnaryOperator_(Delete_Not|USub_UAdd)"
    "|AddNot|ReplaceTrueWithFalse|ReplaceFalseWithTrue|ReplaceAndWithOr|ReplaceOrWithAnd"
    "|ReplaceBreakWithContinue|ReplaceContinueWithBreak|NumberReplacer|ExceptionReplacer"
    "|ZeroIterationForLoop|RemoveDecorator"
    ")$"
)
"""The operators run. Left out: a binary operator replaced by an unrelated one (`+` by `<<`...)
and a comparison by an unrelated one (`==` by `<`): mostly a TypeError at once, or subsumed by
the neighbours kept; `|` (`BitOr`), whose every use but one is an annotation never evaluated
(`from __future__ import annotations`), so its mutants would be equivalent noise; and
VariableReplacer/VariableInserter, which pick names at random."""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("sessions", nargs="+", choices=SESSIONS)
    parser.add_argument(
        "--rerun", action="store_true", help="run only the survivors of the last results"
    )
    parser.add_argument(
        "--module", help="run only the modules whose path contains one of these (comma-separated)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        help="run only this many of the chosen mutants: the same ones every run (ordered by a"
        " digest of module, operator, line and column), spread over every module",
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    for name in args.sessions:
        run_session(name, rerun=args.rerun, module=args.module, sample=args.sample)
    return 0


def run_session(
    name: str, *, rerun: bool, module: str | None = None, sample: int | None = None
) -> None:
    config = HERE / f"{name}.toml"
    space = workspace.make()
    try:
        db = space.folder / f"{name}.sqlite"
        _must(space.run("cosmic-ray", "init", str(config), str(db)))
        keep = _survivors(name) if rerun else None
        chosen = _choose(db, space.repo, keep, module)
        if sample is not None and sample < chosen:
            chosen = _sample(db, sample)
        print(f"{name}: {chosen} mutants to run (copy in {space.repo})", flush=True)
        _must(space.run("cosmic-ray", "baseline", str(config)))
        started = time.monotonic()
        _must(space.run("cosmic-ray", "exec", str(config), str(db)))
        print(f"{name}: ran in {time.monotonic() - started:.0f} s", flush=True)
        rows = _rows(db, space.repo)
        if rerun or module:
            rows = _merged(name, rows, rerun_only=rerun)
        _write(name, rows)
        killed = sum(row["outcome"] != "survived" for row in rows)
        print(f"{name}: killed {killed} of {len(rows)}", flush=True)
    finally:
        space.remove()


def _key(
    module: str, operator: str, line: int | str, column: int | str
) -> tuple[str, str, int, int]:
    return module, operator, int(line), int(column)


def _choose(
    db: Path, repo: Path, keep: set[tuple[str, str, int, int]] | None, only: str | None
) -> int:
    """Mark every mutant outside OPERATORS (or `keep` on a rerun, or the modules that contain
    `only`) skipped; the count left."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT job_id, module_path, operator_name, start_pos_row, start_pos_col FROM mutation_specs"
        ).fetchall()
        skipped = [
            job
            for job, module, operator, line, column in rows
            if not OPERATORS.match(operator)
            or (keep is not None and _key(module, operator, line, column) not in keep)
            or (only is not None and not any(part in module for part in only.split(",")))
            or _keyword_marker(repo / module, operator, line, column)
        ]
        connection.executemany(
            "INSERT INTO work_results (job_id, worker_outcome, output) VALUES (?, 'SKIPPED', 'not chosen')",
            [(job,) for job in skipped],
        )
    return len(rows) - len(skipped)


def _sample(db: Path, size: int) -> int:
    """Keep `size` of the mutants still to run, mark the others skipped; the count kept.

    The sample is the first `size` by the SHA-256 of each mutant's module, operator, line and
    column: the same mutants on every run of the same code, whatever cosmic-ray's job ids."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT m.job_id, m.module_path, m.operator_name, m.start_pos_row, m.start_pos_col"
            " FROM mutation_specs m LEFT JOIN work_results r ON m.job_id = r.job_id"
            " WHERE r.job_id IS NULL"
        ).fetchall()
        order = sorted(
            rows,
            key=lambda r: hashlib.sha256(f"{r[1]}:{r[2]}:{r[3]}:{r[4]}".encode()).hexdigest(),
        )
        connection.executemany(
            "INSERT INTO work_results (job_id, worker_outcome, output) VALUES (?, 'SKIPPED', 'not sampled')",
            [(row[0],) for row in order[size:]],
        )
    return min(size, len(rows))


def _keyword_marker(path: Path, operator: str, line: int, column: int) -> bool:
    """Whether the mutant turns the bare `*` of a signature (keyword-only marker) into `/`.

    cosmic-ray's Mul_Div reads that `*` as a product; the `/` it writes makes the parameters
    before it positional-only, which changes nothing where they are passed by position (and is
    a syntax error where `*` follows a `/` already): noise, not a behaviour."""
    if not operator.endswith("ReplaceBinaryOperator_Mul_Div"):
        return False
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return text[column:].startswith("*") and text[column + 1 :].lstrip().startswith((",", ")"))


def _rows(db: Path, repo: Path) -> list[dict[str, str]]:
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT m.module_path, m.start_pos_row, m.start_pos_col, m.operator_name, m.definition_name,"
            " r.worker_outcome, r.test_outcome, r.output, r.diff"
            " FROM mutation_specs m JOIN work_results r ON m.job_id = r.job_id"
            " WHERE r.worker_outcome != 'SKIPPED'"
            " ORDER BY m.module_path, m.start_pos_row, m.start_pos_col, m.operator_name"
        ).fetchall()
    rows = []
    for module, line, column, operator, definition, worker, test, output, diff in found:
        if worker == "NORMAL":
            outcome = "timeout" if output == "timeout" else str(test).lower()
        else:
            outcome = str(worker).lower()
        rows.append(
            {
                "outcome": outcome,
                "module": Path(module).as_posix(),
                "line": str(line),
                "column": str(column),
                "operator": operator.removeprefix("core/"),
                "definition": definition or "",
                "diff": diff or "",
            }
        )
    return rows


def _survivors(name: str) -> set[tuple[str, str, int, int]]:
    return {
        _key(row["module"], "core/" + row["operator"], row["line"], row["column"])
        for row in _read(name)
        if row["outcome"] == "survived"
    }


def _merged(
    name: str, rerun: list[dict[str, str]], *, rerun_only: bool = False
) -> list[dict[str, str]]:
    """The last results, with this run's outcomes in place of those of the same mutants."""
    if not (RESULTS / f"{name}.tsv").exists():
        return rerun
    again = {_row_key(row): row for row in rerun}
    before = _read(name)
    if rerun_only:
        # A survivor the code no longer has (the line it mutated was fixed) is not counted.
        gone = [r for r in before if r["outcome"] == "survived" and _row_key(r) not in again]
        for row in gone:
            print(f"{name}: gone from the code: {row['module']}:{row['line']} {row['operator']}")
        before = [r for r in before if r not in gone]
    kept = [row for row in before if _row_key(row) not in again]
    return sorted(
        [*kept, *rerun],
        key=lambda r: (r["module"], int(r["line"]), int(r["column"]), r["operator"]),
    )


def _row_key(row: dict[str, str]) -> tuple[str, str, int, int]:
    return _key(row["module"], row["operator"], row["line"], row["column"])


FIELDS = ("outcome", "module", "line", "column", "operator", "definition")


def _read(name: str) -> list[dict[str, str]]:
    with (RESULTS / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _write(name: str, rows: list[dict[str, str]]) -> None:
    with (RESULTS / f"{name}.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, FIELDS, delimiter="\t", extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    survivors = [row for row in rows if row["outcome"] == "survived"]
    text = "".join(
        f"## {r['module']}:{r['line']} {r['operator']} ({r['definition']})\n{r['diff']}\n"
        for r in survivors
    )
    (RESULTS / f"{name}-survivors.txt").write_text(text, encoding="utf-8")


def _must(done: subprocess.CompletedProcess[str]) -> None:
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, done.args))} failed:\n{done.stdout}{done.stderr}")


if __name__ == "__main__":
    sys.exit(main())
