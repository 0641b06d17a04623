"""A record of work already done, so a run repeats none of it: digests of inputs a stage accepted.

The cache only ever says "these exact bytes passed this exact check before"; it holds no output,
so it cannot change what a run writes, and a digest it does not hold just means doing the work.
It lives in `.hoko-codegen-cache/` under the working folder (HOKO_CODEGEN_CACHE_DIR moves it; an
empty value turns it off). Files are replaced atomically, so two runs at once lose at most an
entry, never corrupt one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["DigestSet", "cache_dir", "digest"]

_ENV = "HOKO_CODEGEN_CACHE_DIR"
_DEFAULT = ".hoko-codegen-cache"
_MAX_ENTRIES = 50_000


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    value = os.environ.get(_ENV)
    if value is None:
        return Path(_DEFAULT)
    return Path(value) if value else None


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
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=self._path.name, dir=self._path.parent)
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write("\n".join(keys) + "\n")
            os.replace(temporary, self._path)
        except OSError:
            # A cache that cannot be written costs time on the next run, nothing else.
            return
        self._added.clear()

    def _read(self) -> list[str]:
        if self._path is None:
            return []
        try:
            text = self._path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return []
        return [line for line in text.split("\n") if len(line) == 64]
