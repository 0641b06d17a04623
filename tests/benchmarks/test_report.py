"""The benchmark report: every target listed, judged against its limit from the medians given."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

from support.cli import ROOT


def _report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks/report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


report = _report()


def _runs(*walls: float, rss: float = 100_000) -> list[dict[str, float]]:
    return [{"wall": wall, "max_rss_kb": rss} for wall in walls]


def _results(**changes: Any) -> dict[str, Any]:
    """A full run's results, every target met unless `changes` replaces a part."""
    generate: dict[str, Any] = {
        str(count): {
            "cold": _runs(1.0 * count, 1.1 * count, 0.9 * count, rss=50_000),
            "peer": _runs(2.0 * count, 2.0 * count, 2.0 * count, rss=60_000),
            "noop": _runs(0.1, 0.1, 0.1),
            "check": _runs(0.1, 0.1, 0.1),
        }
        for count in (1, 20, 200, 1000)
    }
    generate["200"]["changed"] = _runs(30.0, 60.0, 50.0)
    results = {
        "machine": {
            "nproc": 2,
            "cpu": "test",
            "python": "3.11",
            "date": "today",
            "load_before": (0.0, 0.0, 0.0),
        },
        "generate": generate,
        "client": {
            "1": {"client": [1.0e-3, 1.0e-3], "httpx": [1.0e-3, 1.0e-3]},
            "10000": {"client": [0.02, 0.02], "httpx": [0.02, 0.02]},
        },
        "import": {
            "baseline": _runs(0.30, 0.30),
            "packages": {"20": {"samples": _runs(0.35, 0.35), "eager_modules": 0}},
        },
        "watch": {"pages": 21, "cold": _runs(1.5, 1.5), "watch": _runs(0.25, 0.2, 0.3)},
    }
    results.update(changes)
    return results


def _verdicts(results: dict[str, Any]) -> dict[str, str]:
    return {target.what: target.met for target in report.targets(results)}


def test_every_target_is_listed_and_met_by_good_figures() -> None:
    """A run whose medians meet every limit lists each target (cold at four sizes, one changed
    page, no-op and check at each size, memory, two client sizes, the import and the modules it
    loads, watch) as met."""
    verdicts = _verdicts(_results())
    assert len(verdicts) == 4 + 1 + 8 + 1 + 2 + 2 + 1
    assert set(verdicts.values()) == {"yes"}


def test_a_figure_over_its_limit_is_no() -> None:
    """Each limit is applied to its own ratio: over it is NO, the other targets stay met."""
    results = _results()
    results["generate"]["20"]["peer"] = _runs(19.0, 19.0, 19.0)  # ours 20 s: 1.05x > 1.0x
    results["generate"]["200"]["changed"] = _runs(71.0, 71.0, 71.0)  # 71 / 200 > 0.35x
    results["generate"]["1000"]["noop"] = _runs(3.5, 3.5, 3.5)  # 3.5 / 19 s at 20: met
    results["generate"]["1"]["check"] = _runs(3.9, 3.9, 3.9)  # 3.9 / 19 s: 0.205x > 0.2x
    results["generate"]["1000"]["cold"] = _runs(900, 900, 900, rss=70_000)  # 70 > 60 MB
    results["client"]["1"]["client"] = [1.06e-3, 1.06e-3]  # 1.06x > 1.05x
    results["import"]["packages"]["20"]["eager_modules"] = 2
    results["watch"]["watch"] = _runs(0.31, 0.31, 0.2)  # median 0.31 s
    failed = {what for what, met in _verdicts(results).items() if met == "NO"}
    assert failed == {
        "cold generate, 20 endpoints: ours / peer",
        "generate after one page changed, 200 endpoints / our cold run",
        "check, 1 endpoint / the peer's cold run at 20",
        "peak memory, 1000 endpoints: ours / peer",
        "client call, 1 id / httpx with the same validation",
        "resource/model modules loaded by `import hoko_client`, 20 endpoints",
        "`hoko-codegen watch`, 21 pages: a page saved to the package on disk",
    }


def test_targets_a_run_did_not_measure_are_not_run() -> None:
    """Without the peer, the 200- and 1,000-endpoint sizes, or watch on the 21 fixture pages,
    their targets say "not run" rather than passing or failing; the report still prints."""
    results = _results(
        generate={
            str(count): {step: _runs(0.1, 0.1) for step in ("cold", "noop", "check")}
            for count in (1, 20)
        },
        watch={"pages": 3, "cold": _runs(1.0, 1.0), "watch": _runs(0.1, 0.1)},
    )
    verdicts = _verdicts(results)
    assert {what for what, met in verdicts.items() if met != "not run"} == {
        "client call, 1 id / httpx with the same validation",
        "client call, 10000 ids / httpx with the same validation",
        "`import hoko_client`, 20 endpoints / `import httpx, pydantic`",
        "resource/model modules loaded by `import hoko_client`, 20 endpoints",
    }
    text = report.markdown(results)
    assert "| `hoko-codegen watch`, 21 pages: a page saved to the package on disk | - |" in text
    assert "| 3 | 1.00 (1.00-1.00) | 0.10 (0.10-0.10) | 0.10x |" in text
