"""What the downstream scenarios share: the key they use, and how results and errors become JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from hoko_client import APIStatusError, HokoError, RateLimitError, ValidationError

__all__ = ["KEY", "Json", "Model", "dicts", "failure", "refusal", "type_names"]

KEY = "hk_all"
Json = dict[str, Any]


class Model(Protocol):
    """Any model of the package (only the public ``to_dict`` is used)."""

    def to_dict(self) -> Json: ...


def dicts(models: Iterable[Model]) -> list[Json]:
    """Each model as the API spells it (``to_dict()``)."""
    return [model.to_dict() for model in models]


def type_names(model: object, *names: str) -> dict[str, str]:
    """The Python type each named attribute was parsed into (``UUID``, ``datetime``...)."""
    return {name: type(getattr(model, name)).__name__ for name in names}


def failure(exc: APIStatusError) -> Json:
    """What an API error carries, as a downstream project would log it."""
    out: Json = {
        "class": type(exc).__name__,
        "status": exc.status_code,
        "message": exc.message,
        "messages": exc.messages,
        "request_id": exc.request_id,
        "is_hoko_error": isinstance(exc, HokoError),
        "request_id_in_text": exc.request_id is not None and exc.request_id in str(exc),
    }
    if isinstance(exc, RateLimitError):
        out["retry_after"] = exc.retry_after
    return out


def refusal(exc: ValidationError) -> Json:
    """What a ValidationError raised before sending says."""
    return {
        "operation": exc.operation,
        "field": exc.field,
        "errors": exc.errors,
        "is_value_error": isinstance(exc, ValueError),
        "is_hoko_error": isinstance(exc, HokoError),
    }
