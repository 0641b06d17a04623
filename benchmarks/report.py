"""The benchmark results as Markdown: every target with its figure and whether it is met, then
the tables of benchmarks/README.md (median, min and max of each measurement).

The targets are those of issues 14 (the generator against openapi-python-client 0.29.1), 13 (the
generated client's cost per call and its import) and 15 (`hoko-codegen watch`). Every ratio is
of medians. A target whose measurements this run did not make (no peer, a size not run) is
listed as "not run".
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

__all__ = ["Target", "markdown", "summary", "targets"]

COLD = {1: 1.3, 20: 1.0, 200: 0.7, 1000: 0.6}
"""Cold generate, ours / the peer's, at most this, by endpoints."""
CHANGED = (200, 0.35)
"""One changed page at this many endpoints, at most this share of our own cold run there."""
NOOP = (20, 0.2)
"""No-op generate and check, at every size, at most this share of the peer's run at 20."""
RSS = 1000
"""Peak memory at this many endpoints, at most the peer's."""
CLIENT = {"1": 1.05, "10000": 1.10}
"""The generated client's time per call / httpx's with the same validation, by ids per call."""
IMPORT = 1.3
"""`import hoko_client; hoko_client.HokoClient` / `import httpx, pydantic`."""
WATCH = (21, 0.3)
"""Seconds from a page's save to the updated package on disk, under `hoko-codegen watch`, on
the fixture API of this many pages."""


@dataclass(frozen=True)
class Target:
    """One target: what is measured, this run's figure (None: not measured), its limit."""

    what: str
    figure: float | None
    limit: float
    unit: str  # "x" for a ratio, "s" for seconds, "" for a count
    of: str = ""  # the figures a ratio is made of

    @property
    def met(self) -> str:
        if self.figure is None:
            return "not run"
        return "yes" if self.figure <= self.limit else "NO"

    def row(self) -> str:
        figure = "-" if self.figure is None else _number(self.figure, self.unit)
        limit = _number(self.limit, self.unit)
        return f"| {self.what} | {figure} | {self.of or '-'} | <= {limit} | {self.met} |"


def _endpoints(count: int | str) -> str:
    return f"{count} endpoint{'' if int(count) == 1 else 's'}"


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f}"


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def _median(runs: list[dict[str, Any]] | None, key: str = "wall") -> float | None:
    return statistics.median(run[key] for run in runs) if runs else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a / b


def _of(a: float | None, b: float | None, unit: str = "s", scale: float = 1.0) -> str:
    if a is None or b is None:
        return ""
    return f"{a * scale:.2f} / {b * scale:.2f} {unit}"


def _generator_targets(generate: dict[str, dict[str, Any]]) -> list[Target]:
    def median(count: int, step: str, key: str = "wall") -> float | None:
        return _median(generate.get(str(count), {}).get(step), key)

    found = []
    for count, limit in COLD.items():
        ours, peer = median(count, "cold"), median(count, "peer")
        what = f"cold generate, {_endpoints(count)}: ours / peer"
        found.append(Target(what, _ratio(ours, peer), limit, "x", _of(ours, peer)))
    count, limit = CHANGED
    changed, cold = median(count, "changed"), median(count, "cold")
    what = f"generate after one page changed, {_endpoints(count)} / our cold run"
    found.append(Target(what, _ratio(changed, cold), limit, "x", _of(changed, cold)))
    at, limit = NOOP
    peer = median(at, "peer")
    for count in sorted({at, *map(int, generate)}):
        for step, name in (("noop", "no-op generate"), ("check", "check")):
            ours = median(count, step)
            what = f"{name}, {_endpoints(count)} / the peer's cold run at {at}"
            found.append(Target(what, _ratio(ours, peer), limit, "x", _of(ours, peer)))
    ours, peer = median(RSS, "cold", "max_rss_kb"), median(RSS, "peer", "max_rss_kb")
    what = f"peak memory, {_endpoints(RSS)}: ours / peer"
    found.append(Target(what, _ratio(ours, peer), 1.0, "x", _of(ours, peer, "MB", 1 / 1024)))
    return found


def targets(results: dict[str, Any]) -> list[Target]:
    """Every target, with this run's figure where it measured it."""
    found = _generator_targets(results.get("generate", {}))
    client = results.get("client", {})
    for ids, limit in CLIENT.items():
        times = client.get(ids, {})
        ours, httpx = (
            statistics.median(times[k]) if k in times else None for k in ("client", "httpx")
        )
        what = f"client call, {ids} id{'s' if ids != '1' else ''} / httpx with the same validation"
        found.append(Target(what, _ratio(ours, httpx), limit, "x", _of(ours, httpx, "ms", 1000)))
    imports = results.get("import", {})
    baseline = _median(imports.get("baseline"))
    for count, data in imports.get("packages", {}).items():
        ours = _median(data["samples"])
        what = f"`import hoko_client`, {_endpoints(count)} / `import httpx, pydantic`"
        found.append(Target(what, _ratio(ours, baseline), IMPORT, "x", _of(ours, baseline)))
        what = f"resource/model modules loaded by `import hoko_client`, {_endpoints(count)}"
        found.append(Target(what, data["eager_modules"], 0, ""))
    pages, limit = WATCH
    watch = results.get("watch", {}) if results.get("watch", {}).get("pages") == pages else {}
    ours, cold = _median(watch.get("watch")), _median(watch.get("cold"))
    what = f"`hoko-codegen watch`, {pages} pages: a page saved to the package on disk"
    of = "" if cold is None else f"cold generate of the same pages: {cold:.2f} s"
    found.append(Target(what, ours, limit, "s", of))
    return found


def _seconds(values: list[float], scale: float = 1.0) -> str:
    median, low, high = summary([v * scale for v in values])
    return f"{median:.2f} ({low:.2f}-{high:.2f})"


def _walls(runs: list[dict[str, Any]]) -> list[float]:
    return [run["wall"] for run in runs]


def _x(a: list[float], b: list[float]) -> str:
    return f"{statistics.median(a) / statistics.median(b):.2f}x"


def _generator(results: dict[str, Any]) -> list[str]:
    lines = [
        "| endpoints | hoko-codegen cold | openapi-python-client cold | ours / peer "
        "| no-op generate | check | one page changed | changed / cold "
        "| peak RSS ours / peer (MB) |",
        "|---:|---|---|---|---|---|---|---|---|",
    ]
    for count, samples in results.get("generate", {}).items():
        wall = {name: _walls(runs) for name, runs in samples.items()}
        rss = {name: _median(runs, "max_rss_kb") or 0 for name, runs in samples.items()}
        cold = wall["cold"]
        row = [count, _seconds(cold)]
        row += [_seconds(wall["peer"]), _x(cold, wall["peer"])] if "peer" in wall else ["-", "-"]
        row += [_seconds(wall["noop"]), _seconds(wall["check"])]
        if "changed" in wall:
            row += [_seconds(wall["changed"]), _x(wall["changed"], cold)]
        else:
            row += ["-", "-"]
        peer_rss = f"{rss['peer'] / 1024:.0f}" if "peer" in rss else "-"
        row.append(f"{rss['cold'] / 1024:.0f} / {peer_rss}")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _client(results: dict[str, Any]) -> list[str]:
    lines = [
        "| ids per call | generated client (ms/call) | httpx + TypeAdapter (ms/call) "
        "| client / httpx |",
        "|---:|---|---|---|",
    ]
    for ids, times in results.get("client", {}).items():
        ratio = _x(times["client"], times["httpx"])
        lines.append(
            f"| {ids} | {_seconds(times['client'], 1000)} | {_seconds(times['httpx'], 1000)} "
            f"| {ratio} |"
        )
    return lines


def _imports(results: dict[str, Any]) -> list[str]:
    imports = results.get("import", {})
    if not imports:
        return []
    baseline = _walls(imports["baseline"])
    lines = [
        "| fresh interpreter | import (s) | vs `import httpx, pydantic` "
        "| resource/model modules loaded |",
        "|---|---|---|---:|",
        f"| `import httpx, pydantic` | {_seconds(baseline)} | 1.00x | - |",
    ]
    for count, data in imports["packages"].items():
        wall = _walls(data["samples"])
        lines.append(
            f"| `import hoko_client; hoko_client.HokoClient`, {_endpoints(count)} "
            f"| {_seconds(wall)} | {_x(wall, baseline)} | {data['eager_modules']} |"
        )
    return lines


def _watch(results: dict[str, Any]) -> list[str]:
    watch = results.get("watch")
    if not watch:
        return []
    cold, saved = _walls(watch["cold"]), _walls(watch["watch"])
    return [
        "| pages | cold generate (s) | `watch`: page saved to package on disk (s) | watch / cold |",
        "|---:|---|---|---|",
        f"| {watch['pages']} | {_seconds(cold)} | {_seconds(saved)} | {_x(saved, cold)} |",
    ]


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    before = ", ".join(f"{x:.2f}" for x in m["load_before"])
    after = ", ".join(f"{x:.2f}" for x in m.get("load_after", ()))
    head = [
        f"Machine: {m['nproc']} cores ({m['cpu']}), Python {m['python']}, {m['date']}; "
        f"load average {before} before, {after} after; peer: {m.get('peer') or 'not run'}; "
        f"{m.get('seconds', '?')} s in all.",
        "",
        "| target | figure | of (medians) | limit | met |",
        "|---|---|---|---|---|",
        *(target.row() for target in targets(results)),
        "",
        "Seconds (wall), median (min-max); ratios of medians.",
        "",
    ]
    tables = [_generator(results), _watch(results), _client(results), _imports(results)]
    body: list[str] = []
    for table in tables:
        if table:
            body += [*table, ""]
    return "\n".join([*head, *body]).rstrip() + "\n"
