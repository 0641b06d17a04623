"""What a successful call returns before parsing: the HTTP reply plus its rate-limit headers."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._exceptions import APIResponseValidationError, finite_number

__all__ = ["APIResponse", "RateLimit"]

T = TypeVar("T")

_UNPARSED: Any = object()


@dataclass(frozen=True)
class RateLimit:
    """The ``X-RateLimit-*`` headers of a reply; a field is None when its header is absent."""

    limit: int | None
    remaining: int | None
    reset: float | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit:
        """Read the three headers (case-insensitively); unparsable values become None."""
        headers = httpx.Headers(headers)
        reset = finite_number(headers.get("X-RateLimit-Reset"))
        return cls(
            limit=_int(headers.get("X-RateLimit-Limit")),
            remaining=_int(headers.get("X-RateLimit-Remaining")),
            reset=reset,
        )


class APIResponse(Generic[T]):
    """A 2xx reply and the model it parses into.

    ``parse()`` validates the raw bytes with the operation's response model (in pydantic-core,
    without building an intermediate dict) and caches the result.
    """

    def __init__(self, http_response: httpx.Response, model: type[T] | None) -> None:
        self.http_response = http_response
        self._model = model
        self._parsed: T = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def rate_limit(self) -> RateLimit:
        return RateLimit.from_headers(self.http_response.headers)

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to reading the whole reply."""
        return self.http_response.elapsed

    def parse(self) -> T:
        """The body as the operation's model; None when the operation documents no body."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parse()
        return self._parsed

    def _parse(self) -> T:
        model = cast("type[pydantic.BaseModel] | None", self._model)
        if model is None:
            return cast(T, None)
        try:
            return cast(T, model.model_validate_json(self.http_response.content))
        except pydantic.ValidationError as exc:
            request = self.http_response.request
            message = (
                f"{request.method} {request.url} -> {self.status_code}: the body does not match "
                f"{model.__name__}: {_summary(exc)}"
            )
            raise APIResponseValidationError(message, response=self.http_response) from exc

    def __repr__(self) -> str:
        response = self.http_response
        return f"<APIResponse [{response.status_code} {response.reason_phrase}]>"


def _summary(error: pydantic.ValidationError) -> str:
    """The first problem pydantic found, short enough for one line."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _int(value: str | None) -> int | None:
    number = finite_number(value)
    return int(number) if number is not None else None
