"""The writer's import check: every module of the staged package imported in a fresh interpreter.

The interpreters are started when a build starts (`ImportCheck()`) and, while the build works,
load what every generated package needs: httpx, pydantic with its model machinery (set up by
defining a model), and the libraries the package's runtime modules import. So the check at the
end pays only for the package's own modules. A big package is split between two of them.

A module is imported again only if it, or a module it imports when it is imported (its package's
`__init__` files included), changed since the check last passed it: passed checks are remembered
by the exact text of the module and of everything it imports, with the Python, pydantic and httpx
that imported them (`generator.cache`). So after a one-page change only the modules that page
touches are imported; nothing that was not imported by these very bytes is ever taken as checked.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.cache import DigestSet

__all__ = ["ImportCheck", "ImportFailed"]

TIMEOUT = 300
"""Seconds an interpreter may take to import its modules."""
_SPLIT = 24
"""Modules to import from which two interpreters share them."""
_RUNTIME = ("pydantic", "pydantic-core", "httpx", "typing-extensions")

# Runs in each interpreter: the first line of input is the package's folder (JSON), then one
# module name per line; it answers "ok" once all imported, or exits non-zero with the traceback.
_WORKER = """\
import importlib, json, os, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
try:
    import datetime, uuid, pydantic

    class Warm(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True)
        a: int = 0
        b: str | None = pydantic.Field(default=None, alias="B", max_length=9)
        c: list[uuid.UUID] = []
        d: datetime.datetime | None = None

    Warm.model_validate({"a": 1, "c": [str(uuid.UUID(int=1))]}).model_dump(mode="json")
except Exception:
    pass
line = sys.stdin.readline()
if not line:
    sys.exit(0)
root = json.loads(line)
sys.path[:] = [root] + [p for p in sys.path if p not in ("", os.getcwd())]
importlib.invalidate_caches()
for name in sys.stdin.read().split():
    module = importlib.import_module(name)
    if not (module.__file__ or "").startswith(root + os.sep):
        raise ImportError(f"{name} was imported from {module.__file__}, not the staged package")
print("ok")
"""

_FROM = re.compile(r"^\s*from\s+(\.*)([\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)", re.MULTILINE)
_IMPORT = re.compile(r"^\s*import\s+([\w.]+)", re.MULTILINE)
_NAME = re.compile(r"\w+")


class ImportFailed(Exception):
    """A module of the staged package did not import; the message is the interpreter's last line."""


class ImportCheck:
    """Interpreters waiting to import a staged package. Use once: `run`, then `close`."""

    def __init__(self, workers: int = 1) -> None:
        self._env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self._env["PYTHONDONTWRITEBYTECODE"] = "1"
        self._processes: list[subprocess.Popen[str]] = []
        self._busy: list[subprocess.Popen[str]] = []
        self._todo: list[str] = []
        self._passed: DigestSet | None = None
        for _ in range(workers):
            self.add_worker()

    def add_worker(self) -> None:
        """Start one more interpreter (at most two, and no more than the machine has cores)."""
        if len(self._processes) < min(2, os.cpu_count() or 1):
            self._processes.append(self._start(self._env))

    @staticmethod
    def _start(env: Mapping[str, str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", _WORKER, *_runtime_libraries()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tempfile.gettempdir(),
            env=dict(env),
            text=True,
        )

    def run(self, package_dir: Path, files: Mapping[str, str]) -> int:
        """Import the modules of `files` (staged in `package_dir`) that need it; ImportFailed if
        one fails. Returns how many were imported."""
        count = self.start(package_dir, files)
        self.wait()
        return count

    def start(self, package_dir: Path, files: Mapping[str, str]) -> int:
        """Give the interpreters the modules to import, without waiting (`wait`); how many."""
        from generator.cache import DigestSet

        modules = _modules(files)
        keys = _closure_keys(modules)
        self._passed = DigestSet("imports")
        todo = [name for name in sorted(modules) if keys[name] not in self._passed]
        self._todo = [keys[name] for name in todo]
        self._busy = []
        if not todo:
            return 0
        groups = _share(todo, modules, len(self._processes) if len(todo) >= _SPLIT else 1)
        if not self._processes:
            self.add_worker()
        root = json.dumps(str(package_dir.resolve()))
        # Every interpreter is given its modules before any is waited for, so they work together.
        for process, group in zip(self._processes, groups, strict=False):
            assert process.stdin is not None
            with contextlib.suppress(OSError):
                process.stdin.write(root + "\n" + "\n".join(group) + "\n")
            with contextlib.suppress(OSError):
                process.stdin.close()
            process.stdin = None  # closed: communicate() must not flush it
            self._busy.append(process)
        return len(todo)

    def wait(self) -> None:
        """Wait for the modules given by `start`; ImportFailed if one did not import."""
        for process in self._busy:
            _wait(process)
        if self._todo and self._passed is not None:
            self._passed.add(self._todo)
            self._passed.save()
        self._busy, self._todo = [], []

    def close(self) -> None:
        """Stop the interpreters not waited for (those given no modules, or all after a failure)."""
        for process in self._processes:
            if process.returncode is None:
                process.kill()
                process.wait()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
        self._processes.clear()

    def __enter__(self) -> ImportCheck:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@functools.cache
def _runtime_libraries() -> tuple[str, ...]:
    """What the package's runtime modules (templates/runtime) import from outside it."""
    from generator.fingerprint import template_root

    found: set[str] = {"httpx", "pydantic"}
    for path in sorted((template_root() / "runtime").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = _Lines(text)
        for match, number in _numbered(_FROM.finditer(text), text):
            if not match.group(1) and match.group(2) != "__future__" and lines.runs(number):
                found.add(match.group(2))
        for match, number in _numbered(_IMPORT.finditer(text), text):
            if lines.runs(number):
                found.add(match.group(1))
    return tuple(sorted(found))


def _wait(process: subprocess.Popen[str]) -> None:
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ImportFailed(f"importing took more than {TIMEOUT}s") from None
    if process.returncode != 0 or out.strip() != "ok":
        lines = [line for line in err.strip().splitlines() if line.strip()]
        raise ImportFailed(lines[-1] if lines else f"exit code {process.returncode}")


def _modules(files: Mapping[str, str]) -> dict[str, str]:
    """Module name -> source, for the Python files of the package (`pkg/x.py` -> `pkg.x`)."""
    return {
        name.removesuffix(".py").removesuffix("/__init__").replace("/", "."): text
        for name, text in files.items()
        if name.endswith(".py") and "/" in name
    }


def _closure_keys(modules: Mapping[str, str]) -> dict[str, str]:
    """Module -> a digest of what importing it runs: its text, and those of the modules it
    imports when imported (at any depth, its packages' `__init__` included), with the versions
    of the Python and the libraries that import them."""
    from generator.cache import digest, package_versions

    packages = {p for name in modules for p in _with_parents(name.rpartition(".")[0]) if p}
    direct = {name: _imports(name, text, modules, packages) for name, text in modules.items()}
    own = {name: digest(name.encode(), _as_seen(text).encode()) for name, text in modules.items()}
    prefix = [part.encode() for part in (sys.version, *package_versions(_RUNTIME))]
    keys: dict[str, str] = {}
    for name in modules:
        keys[name] = digest(*prefix, *(own[m].encode() for m in sorted(_reach(name, direct))))
    return keys


def _as_seen(text: str) -> str:
    """What of a module's text its import depends on. For a module of nothing but constants
    (`_version.py`: `__version__ = "0.2.0"`), that is only the names it binds, so a new version
    number does not make every module that imports it count as changed. Such a module cannot
    fail to import once it parses, which this checks."""
    if len(text) > 4096 or "class " in text or "def " in text:
        return text
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if (
            isinstance(node, ast.Assign)
            and all(isinstance(t, ast.Name) for t in node.targets)
            and _literal(node.value)
        ):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
            continue
        return text
    return "constants: " + " ".join(sorted(names))


def _literal(node: object) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.List | ast.Tuple):
        return all(_literal(item) for item in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _literal(k) for k in node.keys) and all(
            _literal(v) for v in node.values
        )
    return False


def _reach(start: str, direct: Mapping[str, set[str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for found in direct[stack.pop()]:
            if found not in seen:
                seen.add(found)
                stack.append(found)
    return seen


def _imports(name: str, text: str, modules: Mapping[str, str], packages: set[str]) -> set[str]:
    """The package's modules that importing `name` may import: its packages, and those named in
    its import statements, except statements that cannot run at import time (in a function, or
    under `if TYPE_CHECKING:`). Reading indentation rather than a syntax tree, it may count a
    statement that does not run (a line of a docstring, say), never miss one that does."""
    here = (name if name in packages else name.rpartition(".")[0]).split(".")
    found = {".".join(here[:i]) for i in range(1, len(here) + 1)}
    lines = _Lines(text)
    for match, number in _numbered(_FROM.finditer(text), text):
        if not lines.runs(number):
            continue
        dots, base, names = match.groups()
        if dots:
            up = len(dots) - 1
            if up >= len(here):
                continue
            target = ".".join([*here[: len(here) - up], *filter(None, base.split("."))])
        else:
            target = base
        found.update(_with_parents(target))
        found.update(f"{target}.{word}" for word in _NAME.findall(names))
    for match, number in _numbered(_IMPORT.finditer(text), text):
        if lines.runs(number):
            found.update(_with_parents(match.group(1)))
    return {m for m in found if m in modules and m != name}


def _numbered(matches: Iterable[re.Match[str]], text: str) -> Iterable[tuple[re.Match[str], int]]:
    """Each match with the number of the line it starts on (counted on from the one before)."""
    offset = number = 0
    for match in matches:
        number += text.count("\n", offset, match.start())
        offset = match.start()
        yield match, number


class _Lines:
    """Which lines of a module may run when it is imported: not those inside a function body or
    an `if TYPE_CHECKING:` block, as told by the headers above them, indented less and less."""

    def __init__(self, text: str) -> None:
        self._lines = text.split("\n")
        self._header: dict[int, int | None] = {}
        self._runs: dict[int, bool] = {}

    def runs(self, number: int) -> bool:
        if number not in self._runs:
            header = self._header_of(number)
            if header is None:
                self._runs[number] = True
            else:
                stripped = self._lines[header].strip()
                skipped = stripped.startswith(("def ", "async def ")) or stripped in _TYPE_CHECKING
                self._runs[number] = not skipped and self.runs(header)
        return self._runs[number]

    def _header_of(self, number: int) -> int | None:
        """The nearest line above `number` indented less; a line above at the same indent that
        was looked at before has the same one."""
        indent = _indent(self._lines[number])
        found: int | None = None
        for above in range(number - 1, -1, -1):
            if indent == 0:
                break
            line = self._lines[above]
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            depth = _indent(line)
            if depth < indent:
                found = above
                break
            if depth == indent and above in self._header:
                found = self._header[above]
                break
        self._header[number] = found
        return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


_TYPE_CHECKING = frozenset({"if TYPE_CHECKING:", "if typing.TYPE_CHECKING:"})


def _with_parents(dotted: str) -> Iterable[str]:
    parts = dotted.split(".")
    return (".".join(parts[:i]) for i in range(1, len(parts) + 1))


def _share(todo: list[str], modules: Mapping[str, str], count: int) -> list[list[str]]:
    """`todo` split into `count` groups of about equal text. Modules of one name in different
    packages (`resources.links`, `types.links`) stay together: one usually imports the other,
    which would otherwise be imported twice."""
    families: dict[str, list[str]] = {}
    for name in todo:
        families.setdefault(name.rpartition(".")[2], []).append(name)
    groups: list[list[str]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(groups)
    weight = {key: sum(len(modules[m]) for m in names) for key, names in families.items()}
    for key in sorted(families, key=lambda k: (-weight[k], k)):
        smallest = sizes.index(min(sizes))
        groups[smallest].extend(families[key])
        sizes[smallest] += weight[key]
    return [sorted(group) for group in groups if group]
