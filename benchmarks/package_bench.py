"""What the generated package costs its users: a call, against httpx, and its import, against
`import httpx, pydantic`.

- `client_rounds` starts the local server (server.py) and runs client_bench.py against it for
  1 and 10,000 ids, with the package on PYTHONPATH;
- `import_rounds` imports in a fresh interpreter each time, the sides interleaved, and counts the
  resource and model modules that `import hoko_client` loads (none: they load on first use).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from measure import RunnerError, measured

__all__ = ["client_rounds", "import_rounds"]

HERE = Path(__file__).resolve().parent


def client_rounds(
    package: Path, calls: tuple[int, int], rounds: int, timeout: float
) -> dict[str, Any]:
    """The generated client against httpx, for 1 and 10,000 ids (`calls` calls a round each):
    for each, seconds per call of each side, round by round."""
    env = {**os.environ, "PYTHONPATH": str(package)}
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py"), "--lifetime", str(timeout)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    results: dict[str, Any] = {}
    try:
        assert server.stdout is not None
        port = server.stdout.readline().strip()
        if not port.isdigit():
            raise RunnerError("the benchmark server did not start")
        for ids, count in zip((1, 10_000), calls, strict=True):
            command = [sys.executable, str(HERE / "client_bench.py"), "--port", port]
            command += ["--ids", str(ids), "--rounds", str(rounds), "--calls", str(count)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
            if done.returncode != 0:
                raise RunnerError(f"client benchmark failed:\n{done.stderr[-2000:]}")
            results[str(ids)] = json.loads(done.stdout)
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
    return results


_BASELINE = "import httpx, pydantic"
_IMPORT = "import hoko_client; hoko_client.HokoClient"
_LOADED = (
    "import sys, hoko_client; hoko_client.HokoClient; "
    "print(len([m for m in sys.modules if m.startswith(('hoko_client.resources.', "
    "'hoko_client.types.'))]))"
)


def import_rounds(packages: dict[int, Path], rounds: int, folder: Path) -> dict[str, Any]:
    """A fresh interpreter for each import: `import httpx, pydantic` (run in `folder`, which
    holds no Python) and `import hoko_client; hoko_client.HokoClient` for each package (a
    `generated/` folder), interleaved, which goes first rotating round by round. Each package
    is byte-compiled first, as an installed one is (pip compiled httpx and pydantic)."""
    sides = {"baseline": ([sys.executable, "-c", _BASELINE], folder, dict(os.environ))}
    eager: dict[str, int] = {}
    for count, package in packages.items():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
        env = {**os.environ, "PYTHONPATH": str(package)}
        loaded = subprocess.run(
            [sys.executable, "-c", _LOADED], env=env, capture_output=True, text=True, check=True
        )
        eager[str(count)] = int(loaded.stdout)
        sides[str(count)] = ([sys.executable, "-c", _IMPORT], package, env)
    measured(*sides["baseline"], 60)  # warms the file cache, as _LOADED did for the packages
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    for round_ in range(rounds):
        names = list(sides)
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            samples[name].append(measured(*sides[name], 60))
    return {
        "baseline": samples.pop("baseline"),
        "packages": {
            count: {"samples": runs, "eager_modules": eager[count]}
            for count, runs in samples.items()
        },
    }
