"""Add up the mutation results: per session, and the line tests/MUTATION.md ends with.

    python tests/mutation/report.py

A mutant counts as killed when its last outcome is `killed` or `timeout` (the tests ran past the
session's limit, which cosmic-ray counts as killed); every other one (`survived`) must be listed
in tests/MUTATION.md with the reason it is equivalent.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
KILLED = ("killed", "timeout")


def main() -> int:
    total = killed = 0
    for path in sorted(RESULTS.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        dead = sum(row["outcome"] in KILLED for row in rows)
        timeouts = sum(row["outcome"] == "timeout" for row in rows)
        print(f"{path.stem}: {dead} of {len(rows)} killed ({timeouts} by timeout)")
        total += len(rows)
        killed += dead
    print(f"killed: {killed} of {total} mutants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
