"""The writer's gate: every module of the staged package imported in a fresh interpreter.

A package that does not import never replaces one that does. The interpreter sees only the staged
folder and the installed libraries (no PYTHONPATH, no working folder), writes no bytecode into the
staged folder, and must find each module in that folder, not an installed copy of the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

__all__ = ["TIMEOUT", "ImportFailed", "check_imports", "module_names"]

TIMEOUT = 300
"""Seconds the interpreter may take to import the package."""

_IMPORTER = """\
import importlib, json, os, sys
root, names = sys.argv[1], json.loads(sys.stdin.read())
sys.path[:] = [root] + [p for p in sys.path if p not in ("", os.getcwd())]
for name in names:
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


def check_imports(root: Path, modules: list[str]) -> None:
    """Import `modules` from the folder `root` in a fresh interpreter; ImportFailed if one fails."""
    if not modules:
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        result = subprocess.run(
            [sys.executable, "-c", _IMPORTER, str(root.resolve())],
            input=json.dumps(modules),
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImportFailed(f"importing took over {TIMEOUT} s") from None
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise ImportFailed(lines[-1] if lines else f"exit code {result.returncode}")
