"""The writer's import check: every module of the staged package imported in a fresh interpreter.

The interpreters are started when a build starts (`ImportCheck()`) and, while the build works,
load what every generated package needs: httpx, pydantic with its model machinery (set up by
defining a model), and the libraries the package's runtime modules import. So the check at the
end pays only for the package's own modules. A big package is split between two of them where
the machine has cores to spare.

A module is imported again only if it, or a module it imports when it is imported (its package's
`__init__` files included), changed since the check last passed it: passed checks are remembered
by the exact text of the module and of everything it imports, with the Python, pydantic and httpx
that imported them (`generator.cache`). So after a one-page change only the modules that page
touches are imported; nothing that was not imported by these very bytes is ever taken as checked.

The build hands over files as soon as their text is final (`ImportCheck.prepare`: the package's
core and models while the resources are still being formatted), and they are imported then, from
a folder of the check's own holding those same bytes; the writer's check imports what is left.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
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

# Runs in each interpreter: each line of input is a batch, {"root": folder, "modules": [names]};
# it answers "ok" once a batch is imported, or exits non-zero with the traceback.
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
root = None
for line in sys.stdin:
    batch = json.loads(line)
    if root is None:
        root = batch["root"]
        sys.path[:] = [root] + [p for p in sys.path if p not in ("", os.getcwd())]
    elif batch["root"] != root:
        raise RuntimeError("an interpreter imports from one folder only")
    importlib.invalidate_caches()
    for name in batch["modules"]:
        module = importlib.import_module(name)
        if not (module.__file__ or "").startswith(root + os.sep):
            raise ImportError(f"{name} was imported from {module.__file__}, not the staged package")
    print("ok", flush=True)
"""

_FROM = re.compile(r"^\s*from\s+(\.*)([\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)", re.MULTILINE)
_IMPORT = re.compile(r"^\s*import\s+([\w.]+)", re.MULTILINE)
_NAME = re.compile(r"\w+")


class ImportFailed(Exception):
    """A module of the staged package did not import; the message is the interpreter's last line."""


class ImportCheck:
    """Interpreters waiting to import a generated package. Use once: any number of `prepare`,
    then `run` (or `start` and `wait`), then `close`.

    `prepare` hands over files whose text is final while the build is still making the others:
    they are written to a folder of the check's own and imported there at once, so that `run`,
    given the staged package, finds them passed (by the closure of their exact text, as any
    module checked before) and imports only the rest, in the same interpreters and folder. If a
    prepared batch failed, or a file changed since it was prepared, `run` checks the staged
    package from scratch in new interpreters instead.
    """

    def __init__(self, workers: int = 1) -> None:
        self._env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self._env["PYTHONDONTWRITEBYTECODE"] = "1"
        self._processes: list[subprocess.Popen[str]] = []
        self._busy: list[subprocess.Popen[str]] = []
        self._todo: list[str] = []
        self._passed: DigestSet | None = None
        self._folder: Path | None = None
        self._known: dict[str, str] = {}
        """Every file given to `prepare`: package-relative name -> text."""
        self._on_disk: set[str] = set()
        self._imported: set[str] = set()
        """Modules the interpreters were asked to import, and all they import."""
        self._pending: list[tuple[subprocess.Popen[str], list[str]]] = []
        self._owners: dict[str, int] = {}
        self._loads: list[int] = []
        self._spoilt = False
        self._most = max(workers, _interpreters())
        for _ in range(workers):
            self.add_worker()

    def add_worker(self) -> None:
        """Start one more interpreter, if the check may use more (`_interpreters`)."""
        if len(self._processes) < self._most:
            self._processes.append(self._start(self._env))
            self._loads.append(0)

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

    def _passed_set(self) -> DigestSet:
        from generator.cache import DigestSet

        if self._passed is None:
            self._passed = DigestSet("imports")
        return self._passed

    def prepare(self, files: Mapping[str, str]) -> None:
        """Start importing the Python files of `files` (package-relative names, final texts),
        without waiting; the modules they import must be among the files prepared so far. Only
        what has not passed before is imported, and only what that imports is written."""
        python = {name: text for name, text in files.items() if name.endswith(".py")}
        for name, text in python.items():
            self._spoilt |= self._known.setdefault(name, text) != text
        if self._spoilt or not python:
            return
        modules = _modules(self._known)
        direct = _direct_imports(modules)
        keys = _closure_keys(modules, direct)
        passed = self._passed_set()
        todo = [name for name in sorted(_modules(python)) if keys[name] not in passed]
        if todo and self._write(todo, direct):
            assert self._folder is not None
            self._send(self._folder, todo, modules, keys)

    def _write(self, todo: list[str], direct: Mapping[str, set[str]]) -> bool:
        """Write what importing `todo` reads into the prepared folder; False (and spoilt) if
        that failed."""
        needed = set().union(*(_reach(name, direct) for name in todo))
        self._imported |= needed
        if not self._processes:
            self.add_worker()
        try:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="hoko-codegen-import-"))
            for name, text in self._known.items():
                if name in self._on_disk or _module_name(name) not in needed:
                    continue
                if name.startswith("/") or ".." in name.split("/"):
                    self._spoilt = True
                    break
                target = self._folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                self._on_disk.add(name)
        except OSError:
            self._spoilt = True
        return not self._spoilt

    def _send(
        self, root: Path, todo: list[str], modules: Mapping[str, str], keys: Mapping[str, str]
    ) -> None:
        """Give each interpreter its share of `todo` (a module goes where its family went)."""
        groups: list[list[str]] = [[] for _ in self._processes]
        families = _families(todo)
        weight = {f: sum(len(modules[n]) for n in names) for f, names in families.items()}
        for family in sorted(families, key=lambda f: (-weight[f], f)):
            names = families[family]
            owner = self._owners.get(family)
            if owner is None:
                owner = self._loads.index(min(self._loads)) if len(todo) >= _SPLIT else 0
                self._owners[family] = owner
            groups[owner].extend(names)
            self._loads[owner] += weight[family]
        line = json.dumps({"root": str(root.resolve())})[:-1]
        for process, group in zip(self._processes, groups, strict=True):
            if not group:
                continue
            batch = f'{line}, "modules": {json.dumps(sorted(group))}}}\n'
            try:
                assert process.stdin is not None
                process.stdin.write(batch)
                process.stdin.flush()
            except (OSError, ValueError):
                self._spoilt = True  # and its answer, when read, is not "ok"
            self._pending.append((process, [keys[name] for name in group]))

    def _settle(self) -> bool:
        """Wait for the prepared batches and remember those that passed; False if one failed."""
        passed = self._passed_set()
        for process, keys in self._pending:
            try:
                _answer(process)
            except ImportFailed:
                self._spoilt = True
                continue
            passed.add(keys)
        self._pending = []
        return not self._spoilt

    def run(self, package_dir: Path, files: Mapping[str, str]) -> int:
        """Import the modules of `files` (staged in `package_dir`) that need it; ImportFailed if
        one fails. Returns how many were imported."""
        count = self.start(package_dir, files)
        self.wait()
        return count

    def start(self, package_dir: Path, files: Mapping[str, str]) -> int:
        """Give the interpreters the modules to import, without waiting (`wait`); how many."""
        modules = _modules(files)
        direct = _direct_imports(modules)
        keys = _closure_keys(modules, direct)
        used = bool(self._imported)  # the interpreters imported from the prepared folder
        prepared = self._settle() if used else False
        passed = self._passed_set()
        todo = [name for name in sorted(modules) if keys[name] not in passed]
        self._todo = [keys[name] for name in todo]
        self._busy = []
        if not todo:
            self._finish_sending()
            return 0
        python = {n: t for n, t in files.items() if n.endswith(".py")}
        if (
            prepared
            and not set(todo) & self._imported
            and all(python.get(n) == t for n, t in self._known.items())
        ):
            # The prepared folder holds these very texts, and none of `todo` was imported
            # there: they are imported there, by the interpreters that imported the rest.
            self._known.update(python)
            if self._write(todo, direct):
                assert self._folder is not None
                self._send(self._folder, todo, modules, keys)
        if not self._pending:
            if used:  # new interpreters, which have imported nothing of the package yet
                self.close(keep_folder=True)
                self.add_worker()
                if len(todo) >= _SPLIT:
                    self.add_worker()
            elif not self._processes:
                self.add_worker()
            self._owners, self._pending, self._spoilt = {}, [], False
            self._send(package_dir, todo, modules, keys)
        self._busy = [process for process, _keys in self._pending]
        self._pending = []
        self._finish_sending()
        return len(todo)

    def _finish_sending(self) -> None:
        for process in self._processes:
            if process.stdin is not None:
                with contextlib.suppress(OSError, ValueError):
                    process.stdin.close()
                process.stdin = None  # closed: communicate() must not flush it

    def wait(self) -> None:
        """Wait for the modules given by `start`; ImportFailed if one did not import."""
        for process in self._busy:
            _answer(process)
        if self._passed is not None:
            self._passed.add(self._todo)
            self._passed.save()  # with what the prepared batches passed
        self._busy, self._todo = [], []

    def close(self, *, keep_folder: bool = False) -> None:
        """Stop the interpreters (and drop the prepared folder, unless `keep_folder`)."""
        for process in self._processes:
            if process.returncode is None:
                process.kill()
                process.wait()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
        self._processes.clear()
        self._loads.clear()
        if not keep_folder and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> ImportCheck:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _interpreters() -> int:
    """How many interpreters share a big package: two where the machine has cores beyond the two
    the build keeps busy (itself and its helper, generator.helper), else one. On two cores a
    second interpreter's start-up cost more than it saved: a cold 200-endpoint build took
    3.46 s with one against 3.6 s with two (medians of 6 interleaved rounds), a 1,000-endpoint
    one 12.6 s against 13.4 s (3 rounds)."""
    return 2 if (os.cpu_count() or 1) >= 4 else 1


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


def _answer(process: subprocess.Popen[str]) -> None:
    """Read an interpreter's answer to its next batch; ImportFailed if it failed or took too long."""
    assert process.stdout is not None
    watchdog = threading.Timer(TIMEOUT, process.kill)
    watchdog.start()
    try:
        line = process.stdout.readline()
    finally:
        watchdog.cancel()
    if line.strip() == "ok":
        return
    try:
        _out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    if process.returncode is not None and process.returncode < 0:
        raise ImportFailed(f"importing took more than {TIMEOUT}s or was stopped")
    lines = [line for line in (err or "").strip().splitlines() if line.strip()]
    raise ImportFailed(lines[-1] if lines else f"exit code {process.returncode}")


def _modules(files: Mapping[str, str]) -> dict[str, str]:
    """Module name -> source, for the Python files of the package (`pkg/x.py` -> `pkg.x`)."""
    return {
        _module_name(name): text
        for name, text in files.items()
        if name.endswith(".py") and "/" in name
    }


def _module_name(file: str) -> str:
    return file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _closure_keys(
    modules: Mapping[str, str], direct: Mapping[str, set[str]] | None = None
) -> dict[str, str]:
    """Module -> a digest of what importing it runs: its text, and those of the modules it
    imports when imported (at any depth, its packages' `__init__` included), with the versions
    of the Python and the libraries that import them."""
    from generator.cache import digest, package_versions

    direct = _direct_imports(modules) if direct is None else direct
    own = {name: _own_key(name, text) for name, text in modules.items()}
    prefix = [part.encode() for part in (sys.version, *package_versions(_RUNTIME))]
    keys: dict[str, str] = {}
    for name in modules:
        keys[name] = digest(*prefix, *(own[m].encode() for m in sorted(_reach(name, direct))))
    return keys


def _direct_imports(modules: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> the modules of `modules` importing it may import directly."""
    packages = {p for name in modules for p in _with_parents(name.rpartition(".")[0]) if p}
    return {name: _imports(name, text, modules, packages) for name, text in modules.items()}


@functools.lru_cache(maxsize=8192)
def _own_key(name: str, text: str) -> str:
    from generator.cache import digest

    return digest(name.encode(), _as_seen(text).encode())


def _as_seen(text: str) -> str:
    """What of a module's text its import depends on. For a module of nothing but constants
    (`_version.py`: `__version__ = "0.2.0"`), that is only the names it binds, so a new version
    number does not make every module that imports it count as changed. Such a module cannot
    fail to import once it parses, which this checks."""
    if len(text) > 1_000_000 or "class " in text or "def " in text:
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
    return {m for m in _named(name, name in packages, text) if m in modules and m != name}


@functools.lru_cache(maxsize=8192)
def _named(name: str, package: bool, text: str) -> frozenset[str]:
    """Every dotted name that importing `name` may import (a build asks again and again, as the
    files of a package come in: the answer is remembered)."""
    here = (name if package else name.rpartition(".")[0]).split(".")
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
    return frozenset(found)


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


def _families(todo: list[str]) -> dict[str, list[str]]:
    """`todo` by family: modules of one name in different packages (`resources.links`,
    `types.links`) go to one interpreter, since one usually imports the other."""
    families: dict[str, list[str]] = {}
    for name in todo:
        families.setdefault(name.rpartition(".")[2], []).append(name)
    return families
