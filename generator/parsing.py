"""The docs stage as a build runs it: each page parsed once, the new ones shared with the helper.

`parse_docs` (generator.parse) reads pages one by one, checks that no endpoint is documented
twice, then reads what only the pages together say (`check_across`: what a resource's request
tables imply of its responses, pages that contradict each other). So a page's own endpoints and
diagnostics are remembered by its path and bytes (with the generator's code and tools,
`generator.cache`), the pages not seen before are parsed here and, when there are many, half of
them in the helper process, and `check_across` runs on the whole set every time. Whenever a page
has an error, or an endpoint appears twice, the whole set is parsed again in one serial
`parse_docs`, so diagnostics come out exactly as it gives them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.cache import BlobCache, code_digest, digest
from generator.diagnostics import Diagnostic, Severity, Sink
from generator.ir.docs import Endpoint

if TYPE_CHECKING:
    from generator.helper import Helper

__all__ = ["parse_each", "parse_pages"]

MANY_NEW_PAGES = 40
"""New pages from which a build counts as big (`on_many`)."""
SPLIT_PAGES = 300
"""New pages from which the helper parses half of them while the build parses the other half.
A page reads in about 2 ms; below this, the helper is better left to load datamodel-code-generator
meanwhile."""

Parsed = tuple[list[Endpoint], list[Diagnostic]]


def parse_each(files: list[tuple[str, bytes]]) -> list[Parsed]:
    """Each file parsed on its own: its endpoints and its diagnostics."""
    from generator.parse import parse_docs  # the parser's import is left off the build's start

    out: list[Parsed] = []
    for file in files:
        sink = Sink()
        out.append((parse_docs([file], sink, across=False), sink.items))
    return out


def parse_pages(
    files: list[tuple[str, bytes]],
    sink: Sink,
    helper: Helper | None = None,
    on_many: Callable[[], object] | None = None,
) -> list[Endpoint]:
    """`parse_docs(files, sink)`, reusing what earlier runs parsed and sharing new pages.
    `on_many` is called when many pages are new (`MANY_NEW_PAGES`: a big build is ahead)."""
    cache = BlobCache("pages")
    code = code_digest().encode()
    keys = [digest(code, path.encode(), data) for path, data in files]
    results: dict[int, Parsed] = {}
    for index, key in enumerate(keys):
        found = _load(cache.get(key))
        if found is not None:
            results[index] = found
    missing = [i for i in range(len(files)) if i not in results]
    if on_many is not None and len(missing) >= MANY_NEW_PAGES:
        on_many()
    for index, parsed in zip(missing, _parse_new([files[i] for i in missing], helper), strict=True):
        results[index] = parsed
    ordered = [results[i] for i in range(len(files))]
    endpoints = [e for found, _ in ordered for e in found]
    routes = [(e.method, e.path) for e in endpoints]
    failed = any(d.severity is Severity.ERROR for _, items in ordered for d in items)
    if failed or len(set(routes)) != len(routes):
        from generator.parse import parse_docs

        return parse_docs(files, sink)
    for index in missing:
        cache.put(keys[index], pickle.dumps(results[index], protocol=pickle.HIGHEST_PROTOCOL))
    sink.items.extend(d for _, items in ordered for d in items)
    from generator.parse import check_across  # what the pages say together: never remembered

    return check_across(endpoints, sink)


def _parse_new(files: list[tuple[str, bytes]], helper: Helper | None) -> list[Parsed]:
    from generator.helper import HelperError

    if helper is None or len(files) < SPLIT_PAGES:
        return parse_each(files)
    half = len(files) // 2
    ticket = helper.submit("parse", files[half:])
    try:
        first = parse_each(files[:half])
    finally:
        try:
            second: list[Parsed] | None = helper.result(ticket)
        except HelperError:
            second = None
    return first + (second if second is not None else parse_each(files[half:]))


def _load(blob: bytes | None) -> Parsed | None:
    """A remembered page, or None if there is none or it cannot be read back."""
    if blob is None:
        return None
    try:
        value: Any = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged record is only a miss
        return None
    if not (isinstance(value, tuple) and len(value) == 2):
        return None
    return value[0], value[1]
