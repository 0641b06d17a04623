"""Format generated Python with the pinned ruff: imports and `__all__` sorted (as its own rules
want them), unused imports dropped, then `ruff format`. Runs ruff over a private temporary folder
(twice: fix, then format), whatever the number of files; the pipeline puts that folder where the
next run clears it should this one be killed.

ruff's settings are given on the command line with `--isolated`, so no configuration file of the
user's project can change our output.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

__all__ = ["format_python"]

# ruff's own defaults (line length 88), so `ruff check --isolated` on the package agrees. No
# cache: the folder is thrown away after one run.
_SETTINGS = ["--isolated", "--no-cache", "--target-version", "py310"]


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin

    return str(find_ruff_bin())


def format_python(
    files: Mapping[str, str], scratch: Path | None = None, todo: Iterable[str] | None = None
) -> dict[str, str]:
    """The `.py` files of `todo` (all of `files` by default), fixed and formatted by ruff.

    Each is formatted as it would be among the whole package: ruff is shown every `__init__.py`
    of `files`, so it sorts the package's own imports as first-party. The temporary folder is
    made inside `scratch` when given (the caller removes `scratch`)."""
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    chosen = [p for p in (python if todo is None else todo) if p in python]
    if not chosen:
        return {}
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    return _format_in_temporary(python, scratch, chosen)


def _format_in_temporary(
    python: Mapping[str, str], scratch: Path | None, todo: list[str] | None = None
) -> dict[str, str]:
    """The files of `todo` (all by default) are written and formatted, with every `__init__.py`
    of the package (an empty one where `python` has none): ruff sorts an import as first-party by
    the packages it finds beside it."""
    with tempfile.TemporaryDirectory(prefix="hoko-codegen-ruff-", dir=scratch) as tmp:
        root = Path(tmp)
        chosen = set(todo or python)
        for path, text in python.items():
            if path not in chosen and not path.endswith("__init__.py"):
                continue
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path in chosen:
            for parent in PurePosixPath(path).parents:
                marker = root / parent / "__init__.py"
                if parent.parts and not marker.exists():
                    marker.write_text("", encoding="utf-8")
        ruff = _ruff()
        targets = ["."] if todo is None or len(todo) == len(python) else todo
        # Fix, then format what the fixer left. (Import sorting writes each import block anew,
        # so it need not see formatted code: formatting first as well gave the same bytes for
        # all 1,125 files the tests and the benchmark sets generate.)
        _run(
            [
                ruff,
                "check",
                *_SETTINGS,
                "--select",
                "I,F401,F811,RUF022",
                "--fix",
                "--exit-zero",
                "--quiet",
                *targets,
            ],
            root,
        )
        _run([ruff, "format", *_SETTINGS, "--quiet", *targets], root)
        return {path: (root / path).read_text(encoding="utf-8") for path in todo or python}


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"ruff failed on generated code: {result.stderr.strip() or result.stdout.strip()}"
        )
