"""What a successful call returns before parsing, and the raw-response wrappers that return it.

``APIResponse.parse()`` builds the documented type from the body: validated when it matches,
else leniently (see ``_construct``), or, with ``strict_response_validation=True``, validated
and refused with ``APIResponseValidationError``. pydantic is imported on the first parse, not
with the package.
"""

from __future__ import annotations

import datetime
import functools
import json
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._exceptions import APIResponseValidationError, finite_number, request_id
from ._logs import redact_url
from ._types import RAW_RESPONSE_HEADER

__all__ = [
    "APIResponse",
    "RateLimit",
    "async_to_raw_response_wrapper",
    "to_raw_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")

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


class APIResponse(Generic[R]):
    """A 2xx reply, what it took to get it, and the value it parses into (``parse()``)."""

    def __init__(
        self,
        http_response: httpx.Response,
        cast_to: Any,
        *,
        strict: bool = False,
        retries_taken: int = 0,
        secret: str = "",
        wrap: Callable[[Any], R] | None = None,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        """How many times the request was sent again before this reply (0: the first try)."""
        self._cast_to = cast_to
        self._strict = strict
        self._secret = secret
        self._wrap = wrap
        self._parsed: R = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The ID the server gave the request (X-Request-Id and the like), if it sent one."""
        return request_id(self.http_response.headers)

    @property
    def rate_limit(self) -> RateLimit:
        return RateLimit.from_headers(self.http_response.headers)

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to reading the whole reply."""
        return self.http_response.elapsed

    def parse(self) -> R:
        """The body as the documented type (a page for a list method); None when the operation
        documents no body. Parsed once, then cached."""
        if self._parsed is _UNPARSED:
            body = self._parse_body()
            self._parsed = self._wrap(body) if self._wrap is not None else body
        return self._parsed

    def _parse_body(self) -> Any:
        if self._cast_to is None:
            return None
        if self._cast_to is bytes:
            return self.http_response.content
        if self._cast_to is str:
            return self.http_response.text
        import pydantic

        from ._construct import adapter, construct, model_class

        content = self.http_response.content
        try:
            model = model_class(self._cast_to)
            if model is not None:
                return model.model_validate_json(content)
            return adapter(self._cast_to).validate_json(content)
        except pydantic.ValidationError as exc:
            if exc.errors()[0]["type"] == "json_invalid":
                raise self._error(f"the body is not JSON: {_summary(exc)}") from exc
            if self._strict:
                raise self._error(
                    f"the body does not match {_name(self._cast_to)}: {_summary(exc)}"
                ) from exc
            return construct(json.loads(content), self._cast_to)

    def _error(self, problem: str) -> APIResponseValidationError:
        request = self.http_response.request
        where = f"{request.method} {redact_url(request.url, self._secret)}"
        message = f"{where} -> {self.status_code}: {problem}"
        return APIResponseValidationError(message, response=self.http_response)

    def __repr__(self) -> str:
        response = self.http_response
        return f"<APIResponse [{response.status_code} {response.reason_phrase}]>"


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """``func`` (a generated method) returning the APIResponse instead of the parsed value.

    The same method runs, with a marker in ``extra_headers`` that the client takes out before
    sending; so the raw variant has the method's signature, checks and docstring.
    """

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        kwargs["extra_headers"] = _marked(kwargs.get("extra_headers"))
        return cast("APIResponse[R]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """The asyncio twin of ``to_raw_response_wrapper``."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        kwargs["extra_headers"] = _marked(kwargs.get("extra_headers"))
        return cast("APIResponse[R]", await func(*args, **kwargs))

    return wrapped


def _marked(headers: object) -> dict[str, str]:
    return {**cast("Mapping[str, str]", headers or {}), RAW_RESPONSE_HEADER: "true"}


def _summary(error: Any) -> str:
    """The first problem pydantic found, short enough for one line."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _name(annotation: Any) -> str:
    # On Python 3.10 list[Link] is an instance of type too; its __name__ would say just "list".
    plain = isinstance(annotation, type) and typing.get_origin(annotation) is None
    return annotation.__name__ if plain else repr(annotation)


def _int(value: str | None) -> int | None:
    number = finite_number(value)
    return int(number) if number is not None else None
