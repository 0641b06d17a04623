"""The small types every generated signature uses: the not-given sentinel and the option types.

``NOT_GIVEN`` is the default of every optional argument, so that leaving an argument out (it is
not sent) differs from passing None (sent as JSON null where the API allows it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Literal, Protocol, TypeVar, overload

import httpx

__all__ = [
    "NOT_GIVEN",
    "RAW_RESPONSE_HEADER",
    "Body",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Query",
    "SequenceNotStr",
    "Timeout",
]

_T_co = TypeVar("_T_co", covariant=True)

Headers = Mapping[str, str]
"""Per-call headers (``extra_headers``), sent over the client's and the documented ones."""
Query = Mapping[str, object]
"""Per-call query parameters (``extra_query``); lists become repeated keys."""
Body = Mapping[str, object]
"""Per-call body fields (``extra_body``), merged into a JSON object body."""
Timeout = float | httpx.Timeout | None
"""Seconds, an ``httpx.Timeout``, or None for no timeout at all."""
FileContent = bytes | IO[bytes]
FileTypes = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
"""A file to upload: its bytes or a binary file object, or ``(filename, content)`` or
``(filename, content, content_type)``."""

RAW_RESPONSE_HEADER = "X-Hoko-Raw-Response"
"""Put in ``extra_headers`` by the raw-response wrappers, and taken out before sending: it asks
the client for the APIResponse instead of the parsed body."""


class NotGiven:
    """The type of ``NOT_GIVEN``: an argument that was left out (and is not sent).

    It is falsy, so ``if value:`` treats a missing argument like an empty one.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:  # noqa: PYI034 - one instance: a subclass gets it too
        # One instance, so that copies and pickles stay the sentinel.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a ``str``: lists and tuples pass type checking, a bare string not.

    A ``str`` is a ``Sequence[str]``, so ``Sequence[str]`` would accept ``"550e8400-..."`` and
    send its characters one by one. ``str.__contains__`` only takes a ``str``, which is what
    keeps ``str`` out of this protocol (the trick the Stainless SDKs use).
    """

    @overload
    def __getitem__(self, index: int, /) -> _T_co: ...

    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...

    def __contains__(self, value: object, /) -> bool: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[_T_co]: ...

    def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...

    def count(self, value: Any, /) -> int: ...

    def __reversed__(self) -> Iterator[_T_co]: ...
