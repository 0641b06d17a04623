"""How a generated module describes an endpoint (``Operation``), and a call's own options.

An ``Operation`` is declared once per endpoint, at the top of the resource module; the per-call
options (``extra_headers``, ``extra_query``, ``extra_body``, ``timeout``) travel with one call,
and with the pages a list call goes on to fetch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._encoding import encode_value
from ._exceptions import ValidationError
from ._types import RAW_RESPONSE_HEADER, Body, Headers, NotGiven, Query, Timeout

if TYPE_CHECKING:
    from ._auth import Security
    from ._pagination import Pagination

__all__ = ["Operation", "call_options", "is_raw", "without_raw"]

T = TypeVar("T")

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One documented endpoint, declared once by the generated module.

    ``response`` is the type the body parses into (None: the docs promise no body; ``str``:
    the body is text; ``bytes``: the body as it came). The parameters ``prepare`` returns go in
    the path for each ``{name}`` of ``path``, in the query string for the names in ``query``,
    in headers for those in ``headers``, in the Cookie header for those in ``cookies`` (wire
    names all). ``page`` says how a list endpoint pages; ``security``, when given, what the
    operation needs instead of the client's default (see ``_auth``).
    """

    method: str
    path: str
    name: str
    response: type[T] | None
    query: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    page: Pagination | None = None
    cookies: tuple[str, ...] = ()
    security: Security | None = None
    path_params: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "path_params", frozenset(_PLACEHOLDER.findall(self.path))
        )

    def place(
        self, params: Mapping[str, object]
    ) -> tuple[dict[str, object], dict[str, object], dict[str, str], dict[str, object]]:
        """``prepare``'s values split into path, query, header and cookie values (headers as
        text, None left out). A name the operation does not know is an error, never a silent
        drop."""
        path: dict[str, object] = {}
        query: dict[str, object] = {}
        headers: dict[str, str] = {}
        cookies: dict[str, object] = {}
        for name, value in params.items():
            if name in self.path_params:
                path[name] = value
            elif name in self.query:
                query[name] = value
            elif name in self.headers:
                if value is not None:
                    headers[name] = encode_value(value)
            elif name in self.cookies:
                cookies[name] = value
            else:
                raise ValidationError(
                    self.name, name, "is not a parameter of this operation"
                )
        return path, query, headers, cookies

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot change the outcome, so retrying is safe."""
        return self.method.upper() in _IDEMPOTENT


def call_options(
    extra_headers: Headers | None,
    extra_query: Query | None,
    extra_body: Body | None,
    timeout: Timeout | NotGiven,
) -> dict[str, Any]:
    """A call's options, as ``request`` keeps them (and passes them on to the next page)."""
    return {
        "extra_headers": extra_headers,
        "extra_query": extra_query,
        "extra_body": extra_body,
        "timeout": timeout,
    }


def is_raw(options: Mapping[str, Any]) -> bool:
    """Whether a raw-response wrapper made the call (it marks ``extra_headers``)."""
    headers = options["extra_headers"]
    return bool(headers) and RAW_RESPONSE_HEADER in headers


def without_raw(options: dict[str, Any]) -> dict[str, Any]:
    """The options for the pages after the first: parsed, whatever the first page was."""
    if not is_raw(options):
        return options
    headers = {
        k: v for k, v in options["extra_headers"].items() if k != RAW_RESPONSE_HEADER
    }
    return {**options, "extra_headers": headers}
