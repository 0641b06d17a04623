"""The benchmark runner keeps working: its quick mode runs end to end (no timings are asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import ROOT

RUNNER = ROOT / "benchmarks" / "run.py"


def _measured(runs: list[dict[str, float]], count: int) -> bool:
    """`count` runs, each with a wall time (and a peak memory, where the runner takes one)."""
    return len(runs) == count and all(
        run["wall"] > 0 and run.get("max_rss_kb", 1) > 0 for run in runs
    )


@pytest.mark.slow
def test_quick_mode_measures_everything(tmp_path: Path) -> None:
    """`run.py --quick` measures generate, no-op, check, one changed page, watch, the client
    and imports against `import httpx, pydantic`, and prints every target, leaving no work
    folder behind."""
    results = tmp_path / "results.json"
    before = set((ROOT / "benchmarks" / ".work").glob("run-*"))
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--json", str(results)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(results.read_text(encoding="utf-8"))
    assert set(data["generate"]) == {"1", "20"}
    assert set(data["generate"]["1"]) == {"cold", "noop", "check"}
    assert set(data["generate"]["20"]) == {"cold", "noop", "check", "changed"}
    assert all(_measured(runs, 2) for steps in data["generate"].values() for runs in steps.values())
    assert data["watch"]["pages"] == 3
    assert _measured(data["watch"]["cold"], 2) and _measured(data["watch"]["watch"], 2)
    assert set(data["client"]) == {"1", "10000"}
    assert all(set(times) == {"client", "httpx"} for times in data["client"].values())
    assert _measured(data["import"]["baseline"], 4)
    assert set(data["import"]["packages"]) == {"1", "20"}
    for package in data["import"]["packages"].values():
        assert _measured(package["samples"], 4)
        assert package["eager_modules"] == 0
    for heading in (
        "| target | figure |",
        "| endpoints | hoko-codegen cold |",
        "| pages | cold generate (s) |",
        "| ids per call |",
        "| `import httpx, pydantic` |",
    ):
        assert heading in done.stdout
    assert set((ROOT / "benchmarks" / ".work").glob("run-*")) == before
