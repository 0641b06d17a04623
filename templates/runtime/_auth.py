"""How a request is authenticated: the API's security schemes, and the credentials they take.

The generated client says, in class attributes, which schemes the API has (``_auth_schemes``,
by the name the OpenAPI document gives them) and which the operations need by default
(``_security``: alternatives, each a set of schemes used together; an empty alternative means
no credentials are needed). An ``Operation`` that needs something else says so itself.

A scheme takes the client's ``api_key`` (a bearer token, an OAuth2 or OpenID Connect access
token, or an API key sent in a header, the query string or a cookie), or its ``username`` and
``password`` (HTTP basic). The first alternative whose credentials the client has is used.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ._exceptions import HokoError

__all__ = [
    "AuthScheme",
    "Credentials",
    "Placed",
    "Security",
    "apply_security",
    "credentials",
]

Security = tuple[tuple[str, ...], ...]
"""Alternatives of schemes (by name): the first whose credentials are all there is used."""


@dataclass(frozen=True)
class AuthScheme:
    """One security scheme: ``bearer`` (``Authorization: Bearer <api_key>``), ``basic``
    (``Authorization: Basic``, from the username and password), or an API key sent as the
    ``header``, ``query`` parameter or ``cookie`` called ``name``."""

    kind: Literal["bearer", "basic", "header", "query", "cookie"]
    name: str = ""


@dataclass(frozen=True)
class Credentials:
    api_key: str | None = None
    username: str | None = None
    password: str | None = None

    def has(self, scheme: AuthScheme) -> bool:
        if scheme.kind == "basic":
            return self.username is not None and self.password is not None
        return bool(self.api_key)


@dataclass
class Placed:
    """What the credentials add to a request."""

    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


def credentials(
    client: str,
    prefix: str,
    given: Credentials,
    security: Security,
    schemes: Mapping[str, AuthScheme],
) -> Credentials:
    """The credentials given, else those of the environment (``<PREFIX>_API_KEY``,
    ``<PREFIX>_USERNAME``, ``<PREFIX>_PASSWORD``).

    Raises HokoError when the operations need credentials by default and none fit."""
    found = Credentials(
        given.api_key or os.environ.get(f"{prefix}_API_KEY"),
        given.username or os.environ.get(f"{prefix}_USERNAME"),
        given.password or os.environ.get(f"{prefix}_PASSWORD"),
    )
    needed = [
        [schemes[n] for n in alternative if n in schemes] for alternative in security
    ]
    if not needed or any(all(found.has(s) for s in wanted) for wanted in needed):
        return found
    if any(s.kind == "basic" for wanted in needed for s in wanted):
        raise HokoError(
            f"No credentials: pass username=... and password=... to {client}() or set the "
            f"{prefix}_USERNAME and {prefix}_PASSWORD environment variables."
        )
    raise HokoError(
        f"No API key: pass api_key=... to {client}() or set the "
        f"{prefix}_API_KEY environment variable."
    )


def apply_security(
    security: Security,
    schemes: Mapping[str, AuthScheme],
    credentials: Credentials,
    operation: str,
) -> Placed:
    """The headers, query parameters and cookies the first usable alternative adds.

    Raises HokoError, before anything is sent, when the operation needs credentials and the
    client has none that fit."""
    placed = Placed()
    if not security:
        return placed
    for alternative in security:
        chosen = [schemes[name] for name in alternative if name in schemes]
        if all(credentials.has(scheme) for scheme in chosen):
            for scheme in chosen:
                _place(scheme, credentials, placed)
            return placed
    raise HokoError(f"{operation} needs {_wanted(security, schemes)}; none was given")


def _place(scheme: AuthScheme, credentials: Credentials, placed: Placed) -> None:
    key = credentials.api_key or ""
    if scheme.kind == "bearer":
        placed.headers["Authorization"] = f"Bearer {key}"
    elif scheme.kind == "basic":
        pair = f"{credentials.username}:{credentials.password}".encode()
        placed.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    elif scheme.kind == "header":
        placed.headers[scheme.name] = key
    elif scheme.kind == "query":
        placed.query[scheme.name] = key
    else:
        placed.cookies[scheme.name] = key


def _wanted(security: Security, schemes: Mapping[str, AuthScheme]) -> str:
    kinds: Sequence[str] = sorted(
        {
            "username= and password=" if schemes[n].kind == "basic" else "api_key="
            for alternative in security
            for n in alternative
            if n in schemes
        }
    )
    return " or ".join(kinds) or "credentials"
