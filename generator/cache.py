"""A record of work already done, so a run repeats none of it.

Two kinds of record, both keyed by a digest of everything the work depended on (the exact input
bytes, the generator's own code, the versions of the tools it ran):

- `DigestSet`: "these bytes passed this check before" (the OpenAPI shards that validated);
- `BlobCache`: what a stage made of its input (a page's endpoints, a model module, a formatted
  file), so the stage is skipped for inputs it has seen.

A record can only ever stand in for work that would produce the same thing, so the cache cannot
change what a run writes; a record that is missing or unreadable just means doing the work.

It lives in the user's cache folder (`$XDG_CACHE_HOME/hoko-codegen`, `~/.cache/hoko-codegen`,
`~/Library/Caches/hoko-codegen` or `%LOCALAPPDATA%\\hoko-codegen\\Cache`), not in the project, so a
repository cannot bring records of its own; HOKO_CODEGEN_CACHE_DIR moves it, and an empty value
turns it off. Files are replaced atomically: two runs at once lose at most a record.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import queue
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = [
    "BlobCache",
    "DigestSet",
    "cache_dir",
    "code_digest",
    "digest",
    "flush",
    "package_versions",
]

_ENV = "HOKO_CODEGEN_CACHE_DIR"
_MAX_ENTRIES = 50_000


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    value = os.environ.get(_ENV)
    if value is not None:
        return Path(value) if value else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "hoko-codegen" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "hoko-codegen"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hoko-codegen"


def digest(*parts: bytes) -> str:
    """A hex SHA-256 over `parts`, each length-prefixed so no two splits of one text collide."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


class DigestSet:
    """One named set of digests (one per line in `<cache>/<name>.txt`)."""

    def __init__(self, name: str) -> None:
        folder = cache_dir()
        self._path = folder / f"{name}.txt" if folder is not None else None
        self._known: dict[str, None] = dict.fromkeys(self._read())
        self._added: dict[str, None] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._known

    def add(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key not in self._known:
                self._added[key] = None
                self._known[key] = None

    def save(self) -> None:
        """Write the set back if anything was added; newest entries first, the oldest dropped."""
        if self._path is None or not self._added:
            return
        keys = [*self._added, *(k for k in self._known if k not in self._added)][:_MAX_ENTRIES]
        if _write(self._path, ("\n".join(keys) + "\n").encode("ascii")):
            self._added.clear()

    def _read(self) -> list[str]:
        if self._path is None:
            return []
        try:
            text = self._path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return []
        return [line for line in text.split("\n") if len(line) == 64]


class BlobCache:
    """Bytes by key, one file each under `<cache>/<name>/`.

    With `keep`, the folder holds at most that many records: putting one drops the oldest
    written (for records of a whole document, which only the next runs read)."""

    def __init__(self, name: str, keep: int | None = None) -> None:
        folder = cache_dir()
        self._folder = folder / name if folder is not None else None
        self._keep = keep

    @property
    def enabled(self) -> bool:
        return self._folder is not None

    def get(self, key: str) -> bytes | None:
        if self._folder is None:
            return None
        path = self._folder / key[:2] / key
        pending = _WRITER.pending(path)
        if pending is not None:
            return pending
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Record `data` under `key`. The file is written by a thread of its own, so the run goes
        on meanwhile; `get` sees the record at once, and the process waits for the thread before
        it exits (`flush`)."""
        if self._folder is not None:
            _WRITER.put(self._folder / key[:2] / key, data)
            if self._keep is not None:
                _WRITER.prune(self._folder, self._keep)


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the `keep` newest records under `folder`."""
    records: list[tuple[float, str]] = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                records.append((os.stat(path).st_mtime, path))
    records.sort(reverse=True)
    for _mtime, path in records[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


class _Writer:
    """Writes records in the background, one file after another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[Path, bytes] = {}
        self._queue: queue.SimpleQueue[Path | Callable[[], object] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._folders: set[Path] = set()

    def pending(self, path: Path) -> bytes | None:
        with self._lock:
            return self._pending.get(path)

    def put(self, path: Path, data: bytes) -> None:
        with self._lock:
            self._pending[path] = data
            self._start()
        self._queue.put(path)

    def _start(self) -> None:
        """Start the thread if it is not running (the lock is held)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hoko-cache", daemon=True)
            self._thread.start()
            atexit.register(self.flush)

    def prune(self, folder: Path, keep: int) -> None:
        """After the records put so far, keep only the `keep` newest under `folder`."""
        self.put_task(lambda: _prune(folder, keep))

    def put_task(self, task: Callable[[], object]) -> None:
        with self._lock:
            self._start()
        self._queue.put(task)

    def flush(self) -> None:
        """Wait until every record put so far is written."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if not isinstance(item, Path):
                with contextlib.suppress(Exception):
                    item()  # a task queued behind the records (prune)
                continue
            with self._lock:
                data = self._pending.get(item)
            if data is not None:
                _write(item, data, self._folders)
            with self._lock:
                if self._pending.get(item) is data:
                    del self._pending[item]


_WRITER = _Writer()


def flush() -> None:
    """Wait for the records being written in the background (see BlobCache.put)."""
    _WRITER.flush()


def _write(path: Path, data: bytes, folders: set[Path] | None = None) -> bool:
    """Replace `path` with `data` atomically; False (and nothing left behind) if that fails.
    A cache that cannot be written costs time on the next run, nothing else. `folders`: those
    known to exist already (made again if one was removed since)."""
    temporary = None
    try:
        if folders is None or path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        if folders is not None:
            folders.add(path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False


def package_versions(names: Iterable[str]) -> list[str]:
    """`name==version` for each installed distribution, `name absent` for a missing one.

    The version is read from the name of the distribution's first `*.dist-info` folder on
    sys.path, the one an import finds, as importlib.metadata would find it, but without importing
    importlib.metadata and reading every distribution's metadata (40 ms in every process of a
    build). Where sys.path holds distributions of another kind (an egg, a zip), a name not found
    that way is asked of importlib.metadata."""
    versions, complete = _dist_info_versions()
    found = []
    for name in names:
        version = versions.get(_normalized(name))
        if version is None and not complete:
            version = _metadata_version(name)
        found.append(f"{name}=={version}" if version is not None else f"{name} absent")
    return found


@functools.cache
def _dist_info_versions() -> tuple[dict[str, str], bool]:
    """Normalized distribution name -> version, from the `name-version.dist-info` folders; and
    whether those are all the distributions importlib.metadata would see (no `*.egg-info`)."""
    found: dict[str, str] = {}
    complete = True
    for entry in sys.path:
        try:
            folders = sorted(os.listdir(entry or "."))
        except OSError:
            complete = complete and not os.path.isfile(entry)  # a zip on the path
            continue
        for folder in folders:
            if folder.endswith(".dist-info"):
                name, _, version = folder.removesuffix(".dist-info").partition("-")
                if version:
                    found.setdefault(_normalized(name), version)
            elif folder.endswith((".egg-info", ".egg")):
                complete = False
    return found, complete


def _normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them (`PyYAML`, `pyyaml`, `py_yaml` alike)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


@functools.cache
def code_digest() -> str:
    """The generator's own code and the versions of what it runs: part of every record's key."""
    root = Path(__file__).resolve().parent
    parts = [sys.version.encode()]
    tools = ("datamodel-code-generator", "ruff", "markdown-it-py", "pydantic", "pyyaml")
    parts.extend(line.encode() for line in package_versions(tools))
    for path in sorted(root.rglob("*.py")):
        parts.append(path.relative_to(root).as_posix().encode())
        parts.append(path.read_bytes())
    return digest(*parts)
