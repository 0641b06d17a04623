"""The writer's gate: every module of the staged package imported in a fresh interpreter.

A package that does not import never replaces one that does. The interpreter sees only the staged
folder and the installed libraries (no PYTHONPATH, no working folder), writes no bytecode, and
must find each module in that folder, not an installed copy of the package. It is started when a
run starts (`Gate()`) and imports what every generated package needs (httpx, pydantic) while the
run builds, so that the check at the end pays for the package's own modules only; it serves one
check, and has imported nothing of any package before it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

__all__ = ["TIMEOUT", "Gate", "ImportFailed", "module_names"]

TIMEOUT = 300
"""Seconds the interpreter may take to import the package."""

_IMPORTER = """\
import importlib, json, os, sys
for library in ("httpx", "pydantic"):
    try:
        importlib.import_module(library)
    except ImportError:
        pass
request = json.loads(sys.stdin.readline())
root = request["root"]
sys.path[:] = [root] + [p for p in sys.path if p not in ("", os.getcwd())]
for name in request["modules"]:
    module = importlib.import_module(name)
    if not (module.__file__ or "").startswith(root + os.sep):
        raise ImportError(f"{name} was imported from {module.__file__}, not the staged package")
"""


class ImportFailed(Exception):
    """A module of the staged package did not import; the message is the interpreter's last line."""


def module_names(files: Iterable[str]) -> list[str]:
    """The importable modules among package-relative file names (`hoko_client/_client.py` ->
    `hoko_client._client`), packages first."""
    names = []
    for name in files:
        path = PurePosixPath(name)
        if path.suffix != ".py" or not all(
            part.isidentifier() for part in path.with_suffix("").parts
        ):
            continue
        parts = path.with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(n for n in set(names) if n)


class Gate:
    """A fresh interpreter, started now, that will import one staged package (`check`)."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self._process: subprocess.Popen[str] | None = subprocess.Popen(
            [sys.executable, "-c", _IMPORTER],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def check(self, root: Path, modules: list[str]) -> None:
        """Import `modules` from the folder `root`; ImportFailed if one fails."""
        process, self._process = self._process, None
        if process is None:
            raise RuntimeError("a gate checks one package")
        request = json.dumps({"root": str(root.resolve()), "modules": modules}) + "\n"
        try:
            _, errors = process.communicate(request, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise ImportFailed(f"importing took over {TIMEOUT} s") from None
        if process.returncode != 0:
            lines = errors.strip().splitlines()
            raise ImportFailed(lines[-1] if lines else f"exit code {process.returncode}")

    def close(self) -> None:
        """Stop the interpreter if it was never given a package."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.communicate()

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
