"""Benchmarks: hoko-codegen against openapi-python-client, and the client it makes against httpx.

    python benchmarks/run.py            # 1, 20, 200 and 1,000 endpoints; a few minutes
    python benchmarks/run.py --quick    # 1 and 20 endpoints, two rounds, no peer: a smoke run

Everything is measured side by side in one run, the two sides of each comparison interleaved
(each round alternates which goes first), and reported as median, min and max:

- cold `hoko-codegen generate` (a fresh folder and an empty cache each time, as a subprocess)
  and cold openapi-python-client (pinned, in its own venv under benchmarks/.work/) rendering the
  same API from the spec hoko-codegen wrote; no-op `generate` and `check`; `generate` after one
  page of the 200-endpoint set changed; the peak memory of each;
- `client.partners.delete(ids)` against a hand-written httpx call with the same validation, for
  1 and 10,000 ids, on a local server (benchmarks/client_bench.py, benchmarks/server.py);
- `import hoko_client; hoko_client.HokoClient` for the 20- and 1,000-endpoint packages.

Results print as Markdown (the table in benchmarks/README.md) and are saved as JSON.
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

WORK = HERE / ".work"
OPC_VERSION = "0.29.1"
CHANGED_SIZE = 200


class RunnerError(RuntimeError):
    """A step failed; the message says which command and shows the end of its output."""


@dataclass
class Config:
    sizes: list[int]
    rounds: int
    peer: bool
    client_calls: tuple[int, int]
    client_rounds: int
    import_sizes: tuple[int, int]
    import_rounds: int
    timeout: float
    results: dict[str, Any] = field(default_factory=dict)


def measure(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `command` in a fresh measuring child; its wall time, CPU time and peak RSS."""
    wrapper = [sys.executable, str(HERE / "measure.py"), "--cwd", str(cwd)]
    wrapper += ["--timeout", str(timeout), "--", *command]
    try:
        done = subprocess.run(
            wrapper, env=env, capture_output=True, text=True, timeout=timeout + 30, check=False
        )
        result: dict[str, Any] = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        raise RunnerError(f"could not measure {' '.join(command)}: {exc}") from None
    if result["returncode"] != 0:
        raise RunnerError(
            f"{' '.join(command)} (in {cwd}) exited {result['returncode']}:\n{result['output']}"
        )
    return result


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
    """One synthetic API: its docs, a reference generation, and a folder kept for no-op runs."""

    def __init__(self, root: Path, count: int, config: Config) -> None:
        self.count = count
        self.root = root / f"n{count}"
        self.docs = synth.make_docs(self.root / "docs", count)
        self.config = config
        self.stable = self.fresh_project("stable")
        # The changed-page rounds edit the stable folder; the peer and the client benchmarks
        # read a copy that never changes.
        changes = count == CHANGED_SIZE
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
        return measure(arguments, project, self.env(project), self.config.timeout)

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
            return measure(command, self.root, env, self.config.timeout)
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
        if size.count == CHANGED_SIZE:
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


def client_rounds(package: Path, config: Config) -> None:
    """The generated client against httpx, on a local server started here."""
    env = {**os.environ, "PYTHONPATH": str(package)}
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py"), "--lifetime", str(config.timeout)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = server.stdout.readline().strip()
        if not port.isdigit():
            raise RunnerError("the benchmark server did not start")
        for ids, calls in zip((1, 10_000), config.client_calls, strict=True):
            command = [sys.executable, str(HERE / "client_bench.py"), "--port", port]
            command += ["--ids", str(ids), "--rounds", str(config.client_rounds)]
            command += ["--calls", str(calls)]
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=config.timeout
            )
            if done.returncode != 0:
                raise RunnerError(f"client benchmark failed:\n{done.stderr[-2000:]}")
            config.results.setdefault("client", {})[str(ids)] = json.loads(done.stdout)
            print(f"  client, {ids} ids: done", file=sys.stderr)
    finally:
        if server.stdin is not None:
            server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


_IMPORT = "import hoko_client; hoko_client.HokoClient"
_LOADED = (
    "import sys, hoko_client; hoko_client.HokoClient; "
    "print(len([m for m in sys.modules if m.startswith(('hoko_client.resources.', "
    "'hoko_client.types.'))]))"
)


def import_rounds(packages: dict[int, Path], config: Config) -> None:
    """`import hoko_client` in a fresh interpreter, the two package sizes interleaved."""
    results: dict[str, Any] = {}
    for count, package in packages.items():
        env = {**os.environ, "PYTHONPATH": str(package), "PYTHONDONTWRITEBYTECODE": "1"}
        loaded = subprocess.run(
            [sys.executable, "-c", _LOADED], env=env, capture_output=True, text=True, check=True
        )
        results[str(count)] = {"samples": [], "eager_modules": int(loaded.stdout)}
        # Compile once, as an installed package would be.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    for round_ in range(config.import_rounds):
        order = list(packages) if round_ % 2 == 0 else list(reversed(packages))
        for count in order:
            env = {**os.environ, "PYTHONPATH": str(packages[count])}
            sample = measure([sys.executable, "-c", _IMPORT], packages[count], env, 60)
            results[str(count)]["samples"].append(sample)
    config.results["import"] = results


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
        by_count = {s.count: s.reference / "generated" for s in sizes}
        client_rounds(by_count[min(by_count)], config)
        import_rounds({c: by_count[c] for c in config.import_sizes if c in by_count}, config)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    config.results["machine"]["load_after"] = os.getloadavg()
    config.results["machine"]["seconds"] = round(time.perf_counter() - started, 1)
    return config.results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 20 endpoints, no peer")
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
        config = Config([1, 20], args.rounds or 2, False, (10, 1), 2, (1, 20), 4, args.timeout)
    else:
        config = Config(
            [1, 20, 200, 1000], args.rounds or 5, not args.no_peer, (200, 10), 15, (20, 1000),
            20, args.timeout,
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
    except RunnerError as err:
        print(f"benchmarks: error: {err}", file=sys.stderr)
        return 1
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
