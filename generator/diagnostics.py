"""One sink for every message the generator has for the user, in compiler style.

A diagnostic reads `path:line: error: message`. Stages report into a `Sink` and go on where they
can, so one run lists every problem; the pipeline stops before writing anything when the sink
holds an error (or, with `--strict`, a warning).
"""

from __future__ import annotations

import enum
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Location:
    """A place in the user's files: a path as the user gave it, and a 1-based line (0: no line)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    location: Location
    message: str
    related: tuple[Location, ...] = ()
    """The other places a finding across pages is about (each also holds a finding naming this
    one), so a view of the docs can link them both ways."""

    def __str__(self) -> str:
        return printable(f"{self.location}: {self.severity.value}: {self.message}")


def printable(text: str) -> str:
    """`text` for a terminal: each character that is not printable written as its escape (`\\x1b`).

    Messages quote doc text: printed raw, it could move the cursor, recolour or clear the
    terminal (ESC sequences), reorder the line (bidi controls) or break it in two.
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class Sink:
    """Collects diagnostics in the order they were reported."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, related: tuple[Location, ...] = ()) -> None:
        self.items.append(Diagnostic(Severity.ERROR, location, message, related))

    def warning(self, location: Location, message: str, related: tuple[Location, ...] = ()) -> None:
        self.items.append(Diagnostic(Severity.WARNING, location, message, related))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


class GeneratorError(Exception):
    """Stops the run; carries the diagnostics that explain why. The CLI prints them and exits 1."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def at(cls, location: Location, message: str) -> GeneratorError:
        return cls([Diagnostic(Severity.ERROR, location, message)])


def display_path(path: Path) -> str:
    """How a file is named in diagnostics and in the output: relative to the working folder
    when inside it, so the output does not depend on where the project is checked out."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(_working_folder(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=4)
def _working_folder(cwd: str) -> Path:
    return Path(cwd).resolve()
