"""The API's security schemes -> what the client's runtime applies (templates/runtime/_auth.py).

    http bearer, oauth2, openIdConnect   "bearer": `Authorization: Bearer <api_key>`
    http basic                           "basic": from `username` and `password`
    apiKey in header, query or cookie    "header", "query", "cookie", named as the document says

A scheme of another kind (http digest, mutualTLS) is a warning: operations that need only it
are sent without credentials. Security requirements are alternatives, each a set of schemes
used together; the client's default is the document's `security`, else the one every
operation states, and an operation that needs something else says so itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Security", "default_security", "requirement", "schemes"]

Security = tuple[tuple[str, ...], ...]


def schemes(document: Mapping[str, Any]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Scheme name -> (kind, parameter name), and the warnings for those not supported."""
    found: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    given = (document.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in sorted(given.items()) if isinstance(given, Mapping) else ():
        kind = scheme.get("type") if isinstance(scheme, Mapping) else None
        http = str(scheme.get("scheme", "")).lower() if isinstance(scheme, Mapping) else ""
        if kind in ("oauth2", "openIdConnect") or (kind == "http" and http == "bearer"):
            found[str(name)] = ("bearer", "")
        elif kind == "http" and http == "basic":
            found[str(name)] = ("basic", "")
        elif kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
            found[str(name)] = (str(scheme["in"]), str(scheme.get("name", "")))
        else:
            what = f"{kind} {http}".strip() if kind == "http" else str(kind)
            problems.append(
                f"security scheme {name!r} ({what}) is not supported: operations that need "
                "only it are sent without credentials"
            )
    return found, problems


def requirement(value: Any, known: Mapping[str, Any]) -> Security | None:
    """A `security` list as alternatives of scheme names (None: not stated). A scheme the
    client does not know is left out of its alternative."""
    if not isinstance(value, list):
        return None
    out = []
    for alternative in value:
        if isinstance(alternative, Mapping):
            out.append(tuple(str(n) for n in alternative if str(n) in known))
    return tuple(out)


def default_security(document: Mapping[str, Any], stated: list[Security | None]) -> Security:
    """The client's default: the document's own, else what every operation states alike."""
    known = schemes(document)[0]
    top = requirement(document.get("security"), known)
    if top is not None:
        return top
    distinct = set(stated)
    if len(distinct) == 1 and None not in distinct:
        only = next(iter(distinct))
        return only if only is not None else ()
    return ()
