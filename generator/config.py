"""What a run is asked to do: the options of one `generate`, `check` or `diff`, and the defaults
a project sets in `[tool.hoko-codegen]` of its pyproject.toml."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from generator.diagnostics import GeneratorError, Location

__all__ = ["DEFAULTS", "Options", "project_config"]

DEFAULTS = {
    "docs": "spec/docs",
    "spec": "spec/openapi.yaml",
    "out": "generated",
    "package": "hoko_client",
}


@dataclass(frozen=True)
class Options:
    docs: Path
    spec: Path
    out: Path
    package: str = "hoko_client"
    from_spec: Path | None = None
    strict: bool = False
    version: str = "0.1.0"
    date: str | None = None
    """The day for a new changelog entry (YYYY-MM-DD); None: from the docs' git history."""
    client_name: str | None = None
    """The client classes' name (`--client-name Petstore`: `PetstoreClient`); by default from the
    document's title with --from-spec, `HokoClient` otherwise."""
    jobs: int = 0
    """Processes the slow stages may use beside this one: 0 picks by the machine's cores, 1 runs
    every stage serially in this process (for a debugger)."""


def project_config(path: Path = Path("pyproject.toml")) -> dict[str, Any]:
    """`[tool.hoko-codegen]` of the project's pyproject.toml over the defaults."""
    if not path.is_file():
        return dict(DEFAULTS)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise GeneratorError.at(
            Location(str(path)), f"cannot read [tool.hoko-codegen]: {err}"
        ) from None
    section = data.get("tool", {}).get("hoko-codegen", {})
    return {**DEFAULTS, **(section if isinstance(section, dict) else {})}
