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
turns it off. A `DigestSet` is a text file, replaced atomically (two runs at once lose at most a
record); the `BlobCache` records are rows of one SQLite database, `records.sqlite3`, written in
transactions (two runs at once wait for each other's writes).
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
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

__all__ = [
    "BlobCache",
    "DigestSet",
    "cache_dir",
    "code_digest",
    "digest",
    "exit_now",
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
    """Bytes by key, in the cache folder's record database (one SQLite file for every name: a
    cold build makes about a thousand records, and a thousand small files cost the file system
    more than the build spends on most of its stages).

    With `keep`, the name holds at most that many records: putting one drops the oldest written
    (for records of a whole document, which only the next runs read)."""

    def __init__(self, name: str, keep: int | None = None) -> None:
        folder = cache_dir()
        self._database = folder / _DATABASE if folder is not None and _sqlite() else None
        self._name = name
        self._keep = keep

    @property
    def enabled(self) -> bool:
        return self._database is not None

    def get(self, key: str) -> bytes | None:
        if self._database is None:
            return None
        pending = _WRITER.pending((self._database, self._name, key))
        if pending is not None:
            return pending
        connection = _connection(self._database)
        if connection is None:
            return None
        try:
            row = connection.execute(_SELECT, (self._name, key)).fetchone()
        except _sqlite().Error:
            return None
        return bytes(row[0]) if row is not None else None

    def has(self, key: str) -> bool:
        """Whether a record is kept under `key` (without reading it)."""
        if self._database is None:
            return False
        if _WRITER.pending((self._database, self._name, key)) is not None:
            return True
        connection = _connection(self._database)
        if connection is None:
            return False
        try:
            return connection.execute(_HAS, (self._name, key)).fetchone() is not None
        except _sqlite().Error:
            return False

    def put(self, key: str, data: bytes) -> None:
        """Record `data` under `key`. The record is written by a thread of its own, so the run
        goes on meanwhile; `get` sees it at once, and the process waits for the thread before it
        exits (`flush`)."""
        if self._database is not None:
            _WRITER.put((self._database, self._name, key), data)
            if self._keep is not None:
                _WRITER.put_task((self._database, self._name, self._keep))


_DATABASE = "records.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (name TEXT NOT NULL, key TEXT NOT NULL, "
    "data BLOB NOT NULL, written REAL NOT NULL, PRIMARY KEY (name, key))"
)
_SELECT = "SELECT data FROM records WHERE name = ? AND key = ?"
_HAS = "SELECT 1 FROM records WHERE name = ? AND key = ?"
_INSERT = "INSERT OR REPLACE INTO records (name, key, data, written) VALUES (?, ?, ?, ?)"
_PRUNE = (
    "DELETE FROM records WHERE name = ? AND key NOT IN "
    "(SELECT key FROM records WHERE name = ? ORDER BY written DESC, rowid DESC LIMIT ?)"
)
_Record = tuple[Path, str, str]
"""(database, name, key)."""
_Prune = tuple[Path, str, int]
"""(database, name, records to keep)."""


@functools.cache
def _sqlite() -> Any:
    """The sqlite3 module, or None where Python was built without it (the cache is then off)."""
    try:
        import sqlite3
    except ImportError:
        return None
    return sqlite3


_CONNECTIONS = threading.local()


def _connection(database: Path) -> Any:
    """This thread's connection to `database` (made, with the file, if there is none or the file
    was removed since); None if it cannot be opened. A file that is not a database is replaced."""
    sqlite3 = _sqlite()
    known: dict[Path, Any] = getattr(_CONNECTIONS, "by_path", None) or {}
    _CONNECTIONS.by_path = known
    connection = known.get(database)
    if connection is not None and database.exists():
        return connection
    if connection is not None:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
    for attempt in range(2):
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(database, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
        except sqlite3.DatabaseError:
            if attempt == 0:  # not a database (or a damaged one): start a new one
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{database}{suffix}")
                continue
            return None
        except (sqlite3.Error, OSError):
            return None
        known[database] = connection
        return connection
    return None


class _Writer:
    """Writes records in the background: whatever has queued up, in one transaction."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[_Record, bytes] = {}
        self._queue: queue.SimpleQueue[_Record | _Prune | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def pending(self, record: _Record) -> bytes | None:
        with self._lock:
            return self._pending.get(record)

    def put(self, record: _Record, data: bytes) -> None:
        with self._lock:
            self._pending[record] = data
            self._start()
        self._queue.put(record)

    def put_task(self, prune: _Prune) -> None:
        """After the records put so far, keep only the newest of a name."""
        with self._lock:
            self._start()
        self._queue.put(prune)

    def _start(self) -> None:
        """Start the thread if it is not running (the lock is held)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hoko-cache", daemon=True)
            self._thread.start()
            atexit.register(self.flush)

    def flush(self) -> None:
        """Wait until every record put so far is written."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        stop = False
        while not stop:
            batch = [self._queue.get()]
            with contextlib.suppress(queue.Empty):
                while True:
                    batch.append(self._queue.get_nowait())
            stop = None in batch
            items = [item for item in batch if item is not None]
            for database in dict.fromkeys(item[0] for item in items):
                self._write([item for item in items if item[0] == database], database)

    def _write(self, items: list[_Record | _Prune], database: Path) -> None:
        """Write `items` (records and prunes, in order) in one transaction; a failure loses them
        (the cache then costs the next run time, nothing else)."""
        sqlite3 = _sqlite()
        records = [(database, name, key) for _db, name, key in items if isinstance(key, str)]
        with self._lock:
            data = {record: self._pending.get(record) for record in records}
        connection = _connection(database)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("BEGIN IMMEDIATE")
                try:
                    now = time.time()
                    for _db, name, key_or_keep in items:
                        if isinstance(key_or_keep, int):
                            connection.execute(_PRUNE, (name, name, key_or_keep))
                            continue
                        value = data.get((database, name, key_or_keep))
                        if value is not None:
                            connection.execute(_INSERT, (name, key_or_keep, value, now))
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
        with self._lock:
            for record, written in data.items():
                if self._pending.get(record) is written:
                    del self._pending[record]


_WRITER = _Writer()


def flush() -> None:
    """Wait for the records being written in the background (see BlobCache.put)."""
    _WRITER.flush()


def exit_now(code: int) -> NoReturn:
    """End the process without tearing its heap down object by object (a big build's took a
    tenth of a second), once what an exit must still do is done: the records being written in
    the background are written, and stdout and stderr flushed."""
    flush()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _write(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` atomically; False (and nothing left behind) if that fails.
    A cache that cannot be written costs time on the next run, nothing else."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
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
    from generator.fingerprint import generator_digest

    parts = [sys.version.encode()]
    tools = ("datamodel-code-generator", "ruff", "markdown-it-py", "pydantic", "pyyaml")
    parts.extend(line.encode() for line in package_versions(tools))
    parts.append(generator_digest().encode())
    return digest(*parts)
