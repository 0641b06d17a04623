"""One content-addressed store: what a stage made of its input, kept so a run repeats no work.

A record is found by a digest of everything the work depended on: the exact input bytes, the
generator's own code, the versions of Python and of the tools it ran. So a record can only stand
in for work that would produce the same thing, and the store cannot change what a run writes; a
record that is missing or unreadable just means doing the work. Only `generator.pipeline` uses
it: no stage knows it exists.

It lives in the user's cache folder (`$XDG_CACHE_HOME/hoko-codegen`, `~/.cache/hoko-codegen`,
`~/Library/Caches/hoko-codegen` or `%LOCALAPPDATA%\\hoko-codegen\\Cache`), not in the project, so
a repository cannot bring records of its own; HOKO_CODEGEN_CACHE_DIR moves it, and an empty value
turns it off. Records are rows of one SQLite database, read as needed and written in one
transaction when the run closes the store; the least recently used are dropped beyond `LIMIT`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path
from types import TracebackType

__all__ = ["LIMIT", "Store", "cache_dir"]

LIMIT = 50_000
"""Records kept; the least recently used beyond it are dropped."""

_ENV = "HOKO_CODEGEN_CACHE_DIR"
_DATABASE = "store.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records "
    "(key TEXT PRIMARY KEY, data BLOB NOT NULL, used REAL NOT NULL)"
)


def cache_dir() -> Path | None:
    """The store's folder, or None when the store is turned off."""
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


class Store:
    """Records by key. `Store(None)` keeps nothing (every lookup misses)."""

    def __init__(self, folder: Path | None, salt: bytes = b"") -> None:
        self._salt = salt
        self._written: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._connection: sqlite3.Connection | None = None
        if folder is not None:
            self._connection = _connect(folder / _DATABASE)

    def key(self, kind: str, *parts: bytes) -> str:
        """The digest of `parts` (each length-prefixed, so no two splits collide), of the kind of
        work and of the store's salt (the generator's code and the tools' versions)."""
        hasher = hashlib.sha256()
        for part in (self._salt, kind.encode(), *parts):
            hasher.update(len(part).to_bytes(8, "big"))
            hasher.update(part)
        return hasher.hexdigest()

    def get(self, key: str) -> bytes | None:
        if key in self._written:
            return self._written[key]
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT data FROM records WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        self._used.add(key)
        return bytes(row[0])

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` under `key` (written when the store is closed)."""
        if self._connection is not None:
            self._written[key] = data

    def close(self) -> None:
        """`flush`, drop the least recently used records beyond LIMIT, let go of the database."""
        self.flush()
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            connection.execute(
                "DELETE FROM records WHERE key NOT IN "
                "(SELECT key FROM records ORDER BY used DESC LIMIT ?)",
                (LIMIT,),
            )
        connection.close()

    def flush(self) -> None:
        """Write what was put and mark what was read as used. A failure loses the records (the
        next run then does the work), nothing else."""
        connection = self._connection
        if connection is None or not (self._written or self._used):
            return
        now = time.time()
        with contextlib.suppress(sqlite3.Error):
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany(
                    "INSERT OR REPLACE INTO records (key, data, used) VALUES (?, ?, ?)",
                    [(key, data, now) for key, data in self._written.items()],
                )
                connection.executemany(
                    "UPDATE records SET used = ? WHERE key = ?", [(now, k) for k in self._used]
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        self._written.clear()
        self._used.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _connect(database: Path) -> sqlite3.Connection | None:
    """A connection to `database` (made, with the file, if there is none); None if it cannot be
    opened. A file that is not a database is replaced."""
    for attempt in range(2):
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(database, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            return connection
        except sqlite3.DatabaseError:
            if attempt == 0:  # not a database (or a damaged one): start a new one
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{database}{suffix}")
                continue
            return None
        except (sqlite3.Error, OSError):
            return None
    return None
