"""The benchmark runner keeps working: its quick mode runs end to end (no timings are asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import ROOT

RUNNER = ROOT / "benchmarks" / "run.py"


@pytest.mark.slow
def test_quick_mode_measures_everything(tmp_path: Path) -> None:
    """`run.py --quick` measures generate, no-op, check, the client and imports, and prints
    the tables, leaving no work folder behind."""
    results = tmp_path / "results.json"
    before = set((ROOT / "benchmarks" / ".work").glob("run-*"))
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--json", str(results)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(results.read_text(encoding="utf-8"))
    for count in ("1", "20"):
        steps = data["generate"][count]
        assert set(steps) == {"cold", "noop", "check"}
        assert all(
            len(runs) == 2 and all(r["max_rss_kb"] > 0 for r in runs) for runs in steps.values()
        )
    assert set(data["client"]) == {"1", "10000"}
    assert all(set(times) == {"client", "httpx"} for times in data["client"].values())
    assert data["import"]["20"]["eager_modules"] == 0
    assert "| endpoints | hoko-codegen cold |" in done.stdout
    assert set((ROOT / "benchmarks" / ".work").glob("run-*")) == before
