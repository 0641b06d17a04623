"""The benchmark results as Markdown tables (what benchmarks/README.md shows)."""

from __future__ import annotations

import statistics
from typing import Any

__all__ = ["markdown", "summary"]

_TARGETS = {"peer": 0.5, "noop": 0.2, "check": 0.2, "changed": 0.3}


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def _seconds(values: list[float]) -> str:
    median, low, high = summary(values)
    return f"{median:.2f} ({low:.2f}-{high:.2f})"


def _ms(values: list[float]) -> str:
    median, low, high = summary([v * 1000 for v in values])
    return f"{median:.2f} ({low:.2f}-{high:.2f})"


def _ratio(a: list[float], b: list[float], target: float | None = None) -> str:
    ratio = statistics.median(a) / statistics.median(b)
    if target is None:
        return f"{ratio:.2f}x"
    return f"{ratio:.2f}x {'yes' if ratio <= target else 'NO'} (<={target}x)"


def _generator(results: dict[str, Any]) -> list[str]:
    lines = [
        "| endpoints | hoko-codegen cold | openapi-python-client cold | ours / peer | no-op generate "
        "| no-op / cold | check | check / cold | one page changed | changed / cold "
        "| peak RSS ours / peer (MB) |",
        "|---:|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, samples in results.get("generate", {}).items():
        wall = {name: [s["wall"] for s in runs] for name, runs in samples.items()}
        rss = {
            name: statistics.median(s["max_rss_kb"] for s in runs) / 1024
            for name, runs in samples.items()
        }
        cold = wall["cold"]
        row = [count, _seconds(cold)]
        row += (
            [_seconds(wall["peer"]), _ratio(cold, wall["peer"], _TARGETS["peer"])]
            if "peer" in wall
            else ["-", "-"]
        )
        row += [_seconds(wall["noop"]), _ratio(wall["noop"], cold, _TARGETS["noop"])]
        row += [_seconds(wall["check"]), _ratio(wall["check"], cold, _TARGETS["check"])]
        if "changed" in wall:
            row += [_seconds(wall["changed"]), _ratio(wall["changed"], cold, _TARGETS["changed"])]
        else:
            row += ["-", "-"]
        peer_rss = f"{rss['peer']:.0f}" if "peer" in rss else "-"
        row.append(f"{rss['cold']:.0f} / {peer_rss}")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _client(results: dict[str, Any]) -> list[str]:
    lines = [
        "| ids per call | generated client (ms/call) | httpx + TypeAdapter (ms/call) | client / httpx |",
        "|---:|---|---|---|",
    ]
    targets = {"1": 1.10, "10000": 1.30}
    for ids, times in results.get("client", {}).items():
        ratio = _ratio(times["client"], times["httpx"], targets.get(ids))
        lines.append(f"| {ids} | {_ms(times['client'])} | {_ms(times['httpx'])} | {ratio} |")
    return lines


def _imports(results: dict[str, Any]) -> list[str]:
    lines = [
        "| package | `import hoko_client; hoko_client.HokoClient` (s) | vs smallest "
        "| resource/model modules loaded by it |",
        "|---:|---|---|---:|",
    ]
    imports = results.get("import", {})
    if not imports:
        return []
    smallest = [s["wall"] for s in imports[min(imports, key=int)]["samples"]]
    for count, data in imports.items():
        wall = [s["wall"] for s in data["samples"]]
        target = 1.5 if count != min(imports, key=int) else None
        lines.append(
            f"| {count} endpoints | {_seconds(wall)} | {_ratio(wall, smallest, target)} "
            f"| {data['eager_modules']} |"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    before = ", ".join(f"{x:.2f}" for x in m["load_before"])
    after = ", ".join(f"{x:.2f}" for x in m.get("load_after", ()))
    head = [
        f"Machine: {m['nproc']} cores ({m['cpu']}), Python {m['python']}, {m['date']}; "
        f"load average {before} before, {after} after; peer: {m.get('peer') or 'not run'}; "
        f"{m.get('seconds', '?')} s in all.",
        "",
        "Seconds (wall), median (min-max); ratios of medians.",
        "",
    ]
    return "\n".join([*head, *_generator(results), "", *_client(results), "", *_imports(results)])
