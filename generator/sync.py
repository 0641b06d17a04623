"""Download Hoko's endpoint pages, as listed in its llms.txt index, into the docs folder.

The only module that talks to the network. `sync_docs` fetches the index, maps each endpoint link
(`.../docs/api/partners/delete/README.md`) to a file name (`partners-delete.md`), downloads every
page into memory, and only then writes the pages whose bytes changed, each through a temp file and
`os.replace`. A failed download therefore writes nothing.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from generator import __version__
from generator.diagnostics import GeneratorError, Location

__all__ = ["MAX_PAGE_BYTES", "MAX_REDIRECTS", "SOURCES", "SyncReport", "sync_docs"]

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_BACKOFF_SECONDS = 0.25
_CHUNK_BYTES = 64 * 1024
_DOCS_API = ("docs", "api")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# An inline markdown link target: `[text](url)`, `[text](<url>)` or `[text](url "title")`.
_LINK = re.compile(r"\]\(\s*<?([^()<>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_PAGE_FILE = re.compile(r"[a-z0-9-]+\.md")


@dataclass(frozen=True)
class SyncReport:
    """What a sync found, by file name in the docs folder (`removed`: deleted only on prune)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"sync: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged"
        )


@dataclass(frozen=True)
class _Link:
    url: str
    line: int


class _Transient(Exception):
    """A failure worth another attempt: no connection, a timeout, a 5xx or a 429."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # Redirects come back as HTTPError so that `_fetch_once` can check each hop itself.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _refuse(where: Location, message: str) -> GeneratorError:
    """An error raised before anything is written, saying so."""
    return GeneratorError.at(where, f"{message}; nothing was written")


def sync_docs(
    index_url: str,
    docs_dir: Path,
    *,
    timeout: float = 10.0,
    retries: int = 2,
    prune: bool = False,
) -> SyncReport:
    """Bring `docs_dir` in line with the endpoint pages listed at `index_url`.

    `timeout` bounds each request, in seconds; `retries` is how many more attempts a transient
    failure gets. Pages no longer listed are reported as removed, and deleted only with `prune`.
    """
    _check_url(index_url, Location(index_url))
    index = _decode(index_url, _fetch(index_url, timeout, retries))
    names = _page_names(_page_links(index, index_url), index_url)
    pages: dict[str, bytes] = {}
    for name, link in names.items():
        pages[name] = _fetch(link.url, timeout, retries)
        _decode(link.url, pages[name])
    report = _write(pages, docs_dir, prune=prune)
    _write_sources({name: link.url for name, link in names.items()}, docs_dir, prune=prune)
    return report


SOURCES = "sources.json"
"""Beside the pages: each page's public URL, as the index lists it (`hoko-codegen generate` puts
it in the spec, as the operation's externalDocs, and in the method's docstring)."""


def _write_sources(urls: dict[str, str], docs_dir: Path, *, prune: bool) -> None:
    """The pages' URLs, merged with those already recorded (pruned with the pages)."""
    path = docs_dir / SOURCES
    known: dict[str, str] = {}
    if path.is_file() and not prune:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                known = {str(k): str(v) for k, v in loaded.items()}
    text = json.dumps({**known, **urls}, indent=2, sort_keys=True) + "\n"
    docs_dir.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        try:
            _replace(path, text.encode("utf-8"))
        except OSError as exc:
            raise GeneratorError.at(Location(str(path)), f"could not write it: {exc}") from None


def _page_links(index: str, index_url: str) -> list[_Link]:
    links: dict[str, _Link] = {}
    for match in _LINK.finditer(index):
        url, _ = urldefrag(urljoin(index_url, match.group(1)))
        if not urlsplit(url).path.lower().endswith(".md") or url in links:
            continue
        line = index.count("\n", 0, match.start()) + 1
        _check_url(url, Location(index_url, line))
        links[url] = _Link(url, line)
    if not links:
        raise _refuse(
            Location(index_url),
            "the index links to no markdown pages (expected links like https://hoko.to/docs/api/"
            "partners/delete/README.md); check that this is Hoko's llms.txt",
        )
    return list(links.values())


def _page_names(links: list[_Link], index_url: str) -> dict[str, _Link]:
    segments = {link: _segments(link, index_url) for link in links}
    skip = _prefix_length(list(segments.values()))
    names: dict[str, _Link] = {}
    for link, parts in segments.items():
        where = Location(index_url, link.line)
        slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts[skip:]).lower()).strip("-")
        if not slug:
            raise _refuse(where, f"{link.url} gives an empty file name; link below the docs root")
        name = f"{slug}.md"
        if name in names:
            first = names[name]
            raise _refuse(
                where,
                f"{link.url} and {first.url} (line {first.line}) would both be saved as {name}; "
                "the index must give each endpoint its own page",
            )
        names[name] = link
    return names


def _segments(link: _Link, index_url: str) -> tuple[str, ...]:
    """The decoded path segments that name a page: `/docs/api/a/b/README.md` -> docs, api, a, b."""
    parts = [unquote(part) for part in urlsplit(link.url).path.split("/") if part]
    last = parts.pop()
    if last.lower() != "readme.md":
        parts.append(last[: -len(".md")])
    for part in parts:
        if part in {".", ".."} or any(char in part for char in "/\\:\0"):
            raise _refuse(
                Location(index_url, link.line),
                f"{link.url} would be saved outside the docs folder (path segment {part!r})",
            )
    return tuple(parts)


def _prefix_length(all_parts: list[tuple[str, ...]]) -> int:
    """How many leading segments to drop: docs/api, else what all pages share (keeping one)."""
    if all(tuple(p.lower() for p in parts[:2]) == _DOCS_API for parts in all_parts):
        return len(_DOCS_API)
    first, shortest = all_parts[0], min(len(parts) for parts in all_parts)
    length = 0
    while length < shortest - 1 and all(parts[length] == first[length] for parts in all_parts):
        length += 1
    return length


def _check_url(url: str, where: Location) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _refuse(where, f"{url} is not an http or https URL; only those are downloaded")


def _decode(url: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(
            Location(url),
            f"the response is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
            "check that the URL points at a markdown page",
        ) from None


def _fetch(url: str, timeout: float, retries: int) -> bytes:
    attempts = 0
    while True:
        try:
            return _fetch_once(url, timeout)
        except _Transient as exc:
            attempts += 1
            if attempts > retries:
                tries = f" (tried {attempts} times)" if attempts > 1 else ""
                raise _refuse(
                    Location(url),
                    f"{exc}{tries}; check the network or the server and try again later, or "
                    "allow a longer timeout",
                ) from None
        time.sleep(_BACKOFF_SECONDS * 2 ** (attempts - 1))


def _fetch_once(url: str, timeout: float) -> bytes:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(
            current, headers={"User-Agent": f"hoko-codegen/{__version__}"}
        )
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return _read(response, current, timeout)
        except HTTPError as exc:
            with exc:
                current = _after_error(exc, url, current)
        except (OSError, http.client.HTTPException) as exc:  # URLError is an OSError too
            reason = exc.reason if isinstance(exc, URLError) else exc
            if isinstance(reason, TimeoutError):
                raise _Transient(f"timed out after {timeout:g} s") from None
            raise _Transient(
                f"the connection failed ({str(reason) or type(reason).__name__})"
            ) from None
    raise _refuse(Location(url), f"more than {MAX_REDIRECTS} redirects, the last to {current}")


def _after_error(exc: HTTPError, url: str, current: str) -> str:
    """The URL to try next when `exc` is a redirect we may follow; raises for anything else."""
    status = f"HTTP {exc.code} {exc.reason}"
    if exc.code >= 500 or exc.code == 429:
        raise _Transient(f"the server answered {status}")
    target = exc.headers.get("Location")
    if exc.code not in _REDIRECTS or not target:
        raise _refuse(Location(url), f"the server answered {status}; check that the URL is right")
    target, _ = urldefrag(urljoin(current, target))
    _check_url(target, Location(url))
    old, new = urlsplit(current), urlsplit(target)
    if new.hostname != old.hostname or (old.scheme, new.scheme) == ("https", "http"):
        raise _refuse(
            Location(url),
            f"the server redirects to {target}; only redirects within {old.scheme}://"
            f"{old.hostname} are followed; if that target is right, link to it instead",
        )
    return target


def _read(response: http.client.HTTPResponse, url: str, timeout: float) -> bytes:
    too_big = _refuse(
        Location(url), f"the response is larger than {MAX_PAGE_BYTES} bytes, the limit for a page"
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
        raise too_big
    # The socket timeout bounds each read; the deadline bounds a server that trickles bytes.
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise too_big
        if time.monotonic() > deadline:
            raise _Transient(f"timed out after {timeout:g} s while reading")
        chunks.append(chunk)
    return b"".join(chunks)


def _write(pages: dict[str, bytes], docs_dir: Path, *, prune: bool) -> SyncReport:
    try:
        return _apply(pages, docs_dir, prune=prune)
    except OSError as exc:
        raise GeneratorError.at(
            Location(str(docs_dir)),
            f"could not update the docs folder ({exc.strerror or exc}: {exc.filename}); check that "
            "it is a writable folder and sync again (pages written so far are complete)",
        ) from None


def _apply(pages: dict[str, bytes], docs_dir: Path, *, prune: bool) -> SyncReport:
    existing = _existing_pages(docs_dir)
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    for name, data in sorted(pages.items()):
        path = docs_dir / name
        if name in existing and path.read_bytes() == data:
            unchanged.append(name)
            continue
        (changed if name in existing else added).append(name)
        docs_dir.mkdir(parents=True, exist_ok=True)
        _replace(path, data)
    removed = sorted(existing - pages.keys())
    if prune:
        for name in removed:
            (docs_dir / name).unlink(missing_ok=True)
    return SyncReport(tuple(added), tuple(changed), tuple(removed), tuple(unchanged))


def _existing_pages(docs_dir: Path) -> set[str]:
    if not docs_dir.exists():
        return set()
    return {p.name for p in docs_dir.iterdir() if _PAGE_FILE.fullmatch(p.name) and p.is_file()}


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
