"""Benchmarks: hoko-codegen against openapi-python-client, and the client it makes against httpx.

    python benchmarks/run.py            # 1, 20, 200 and 1,000 endpoints; several minutes
    python benchmarks/run.py --quick    # 1 and 20 endpoints, two rounds, no peer: a smoke run

Everything is measured side by side in one run, the sides of each comparison interleaved (each
round rotates which goes first), and reported as median, min and max:

- cold `hoko-codegen generate` (a fresh folder and an empty cache each time, as a subprocess)
  and cold openapi-python-client (pinned, in its own venv under benchmarks/.work/) rendering the
  same API from the spec hoko-codegen wrote; no-op `generate` and `check`; `generate` after one
  page of the 200-endpoint set changed; the peak memory of each;
- `client.partners.delete(ids)` against a hand-written httpx call with the same validation, for
  1 and 10,000 ids, on a local server (benchmarks/client_bench.py, benchmarks/server.py);
- `import hoko_client; hoko_client.HokoClient` for the 20- and 1,000-endpoint packages, against
  `import httpx, pydantic`;
- `hoko-codegen watch` on the 21-page fixture API: one page saved, to the updated package on
  disk (benchmarks/watch_bench.py), beside cold runs of the same pages.

Results print as Markdown, each target of benchmarks/report.py with its figure and whether it
is met, then the tables of benchmarks/README.md; they are saved as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402
import synth  # noqa: E402
from measure import RunnerError, measured  # noqa: E402
from package_bench import client_rounds, import_rounds  # noqa: E402
from watch_bench import Watcher, WatchError, pause  # noqa: E402

WORK = HERE / ".work"
OPC_VERSION = "0.29.1"


@dataclass
class Config:
    sizes: list[int]
    rounds: int
    peer: bool
    client_calls: tuple[int, int]
    client_rounds: int
    import_sizes: tuple[int, int]
    import_rounds: int
    changed_size: int
    watch_pages: int
    watch_rounds: int
    timeout: float
    results: dict[str, Any] = field(default_factory=dict)


def hoko_codegen() -> list[str]:
    script = Path(sys.executable).with_name("hoko-codegen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def compile_generator() -> None:
    """Byte-compile hoko-codegen's own modules, as pip does when it installs a package (the
    peer's, in its venv, is). Run from a checkout where PYTHONDONTWRITEBYTECODE is set, as it is
    on the machine of the results below, every run would otherwise compile the generator's
    source again in each of its processes: about 0.15 s of a one-page change."""
    import generator

    package = Path(generator.__file__).resolve().parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def opc_venv(timeout: float) -> Path:
    """openapi-python-client, pinned, with the ruff it runs afterwards, in its own venv."""
    venv = WORK / f"openapi-python-client-{OPC_VERSION}"
    tool = venv / "bin" / "openapi-python-client"
    if tool.is_file() and (venv / "bin" / "ruff").is_file():
        return venv
    from importlib.metadata import version

    shutil.rmtree(venv, ignore_errors=True)
    print(f"installing openapi-python-client {OPC_VERSION} into {venv} ...", file=sys.stderr)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         f"openapi-python-client=={OPC_VERSION}", f"ruff=={version('ruff')}"],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise RunnerError(f"{' '.join(step)} failed:\n{done.stderr[-2000:]}")
    return venv


class Size:
    """One API: its docs, a reference generation, and a folder kept for no-op runs.

    The docs are `count` synthetic pages, or copies of the files `pages` (in `root/name`)."""

    def __init__(
        self,
        root: Path,
        count: int,
        config: Config,
        pages: list[Path] | None = None,
        name: str = "",
    ) -> None:
        self.count = count if pages is None else len(pages)
        self.root = root / (name or f"n{count}")
        self.docs = self.root / "docs"
        if pages is None:
            synth.make_docs(self.docs, count)
        else:
            self.docs.mkdir(parents=True)
            for page in pages:
                shutil.copy(page, self.docs / page.name)
        self.config = config
        self.stable = self.fresh_project("stable")
        # The changed-page rounds edit the stable folder; the peer and the client benchmarks
        # read a copy that never changes.
        changes = count == config.changed_size and pages is None
        self.reference = self.fresh_project("reference") if changes else self.stable

    def fresh_project(self, name: str) -> Path:
        """A new project folder holding the docs, generated once (cold)."""
        project = self.root / name
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(self.docs, project / "spec" / "docs")
        self.ours("generate", project)
        return project

    def env(self, project: Path) -> dict[str, str]:
        cache = project / ".cache"
        return {
            **os.environ,
            "HOKO_CODEGEN_CACHE_DIR": str(cache / "hoko-codegen"),
            "XDG_CACHE_HOME": str(cache / "xdg"),
        }

    def ours(self, command: str, project: Path) -> dict[str, Any]:
        arguments = [*hoko_codegen(), *command.split()]
        return measured(arguments, project, self.env(project), self.config.timeout)

    def cold(self) -> dict[str, Any]:
        project = self.root / "cold"
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(self.docs, project / "spec" / "docs")
        try:
            return self.ours("generate", project)
        finally:
            shutil.rmtree(project, ignore_errors=True)

    def peer(self, venv: Path) -> dict[str, Any]:
        out = self.root / "peer"
        shutil.rmtree(out, ignore_errors=True)
        env = {**self.env(self.root), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
        command = [str(venv / "bin" / "openapi-python-client"), "generate"]
        command += [
            "--path",
            str(self.reference / "spec" / "openapi.yaml"),
            "--output-path",
            str(out),
        ]
        try:
            return measured(command, self.root, env, self.config.timeout)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def changed(self, round_: int) -> dict[str, Any]:
        """generate after one page changed (changed in even rounds, changed back in odd ones)."""
        page = sorted((self.stable / "spec" / "docs").glob("*.md"))[self.count // 2]
        original = (self.docs / page.name).read_text(encoding="utf-8")
        if round_ % 2 == 0:
            synth.change_page(page.parent, page)
        else:
            page.write_text(original, encoding="utf-8")
        return self.ours("generate", self.stable)


def generator_rounds(sizes: list[Size], config: Config, venv: Path | None) -> None:
    """Every generator measurement, each round in a different order."""
    for size in sizes:
        steps: dict[str, Any] = {
            "cold": size.cold,
            "noop": lambda size=size: size.ours("generate", size.stable),
            # The synthetic pages carry the fixtures' warnings: check passes on them when allowed.
            "check": lambda size=size: size.ours("check --allow-warnings", size.stable),
        }
        if venv is not None:
            steps["peer"] = lambda size=size: size.peer(venv)
        if size.reference is not size.stable:
            steps["changed"] = size.changed
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in steps}
        for round_ in range(config.rounds):
            names = list(steps)
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                step = steps[name]
                result = step(round_) if name == "changed" else step()
                samples[name].append(result)
                print(f"  n={size.count} {name}: {result['wall']:.2f}s", file=sys.stderr)
        if "changed" in samples:
            # Leave the stable folder as generated from the unchanged docs.
            size.changed(1)
        config.results.setdefault("generate", {})[str(size.count)] = samples


def watch_rounds(root: Path, config: Config) -> None:
    """`hoko-codegen watch` on the fixture API (its first `config.watch_pages` pages, by name),
    one page saved per round and changed back the next, beside cold generates of the same pages
    (interleaved: which goes first alternates)."""
    fixtures = sorted(synth.FIXTURES.glob("*.md"))[: config.watch_pages]
    size = Size(root, 0, config, fixtures, "watch")
    page = sorted((size.stable / "spec" / "docs").glob("*.md"))[size.count // 2]
    original = page.read_text(encoding="utf-8")
    texts = (synth.changed_text(original, str(page)), original)
    samples: dict[str, list[dict[str, Any]]] = {"cold": [], "watch": []}
    with Watcher(hoko_codegen(), size.stable, size.env(size.stable), config.timeout) as watcher:
        for round_ in range(config.watch_rounds):
            for name in ("cold", "watch") if round_ % 2 == 0 else ("watch", "cold"):
                if name == "cold":
                    result = size.cold()
                else:
                    time.sleep(pause(round_))
                    seconds = watcher.edit(page, texts[round_ % 2], synth.CHANGE)
                    result = {"wall": seconds}
                samples[name].append(result)
                print(
                    f"  watch, {size.count} pages, {name}: {result['wall']:.2f}s", file=sys.stderr
                )
    config.results["watch"] = {"pages": size.count, "page": page.name, **samples}


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
        "load_before": os.getloadavg(),
    }


def run(config: Config, keep: bool) -> dict[str, Any]:
    WORK.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    started = time.perf_counter()
    config.results["machine"] = machine()
    try:
        venv = opc_venv(config.timeout) if config.peer else None
        config.results["machine"]["peer"] = f"openapi-python-client {OPC_VERSION}" if venv else None
        compile_generator()
        sizes = []
        for count in config.sizes:
            print(f"preparing {count} endpoints ...", file=sys.stderr)
            sizes.append(Size(root, count, config))
        generator_rounds(sizes, config, venv)
        watch_rounds(root, config)
        by_count = {s.count: s.reference / "generated" for s in sizes}
        config.results["client"] = client_rounds(
            by_count[min(by_count)], config.client_calls, config.client_rounds, config.timeout
        )
        imported = [c for c in config.import_sizes if c in by_count] or [min(by_count)]
        config.results["import"] = import_rounds(
            {c: by_count[c] for c in imported}, config.import_rounds, root
        )
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    config.results["machine"]["load_after"] = os.getloadavg()
    config.results["machine"]["seconds"] = round(time.perf_counter() - started, 1)
    return config.results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 and 20 endpoints, two rounds, no peer"
    )
    parser.add_argument("--rounds", type=int, default=None, help="rounds per measurement")
    parser.add_argument("--no-peer", action="store_true", help="skip openapi-python-client")
    parser.add_argument("--json", type=Path, default=WORK / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per command")
    parser.add_argument(
        "--sizes", type=str, default=None, help="endpoint counts to run, comma-separated (1,200)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        # The one-page change at 20 endpoints instead of 200; watch on 3 pages, two rounds.
        config = Config(
            [1, 20], args.rounds or 2, False, (10, 1), 2, (1, 20), 4, 20, 3, 2, args.timeout
        )
    else:
        config = Config(
            [1, 20, 200, 1000], args.rounds or 5, not args.no_peer, (200, 10), 15, (20, 1000),
            20, 200, len(list(synth.FIXTURES.glob("*.md"))), 10, args.timeout,
        )  # fmt: skip
    if args.sizes:
        try:
            config.sizes = sorted({int(part) for part in args.sizes.split(",") if part.strip()})
        except ValueError:
            parser.error("--sizes takes endpoint counts, e.g. 1,200")
        if not config.sizes or min(config.sizes) < 1:
            parser.error("--sizes takes endpoint counts of 1 or more")
    try:
        results = run(config, args.keep)
    except (RunnerError, WatchError) as err:
        print(f"benchmarks: error: {err}", file=sys.stderr)
        return 1
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
