"""Split a call over a long list into several requests, and put the answers back together.

Endpoints cap how many IDs one request may carry; the generated ``<method>_in_batches`` methods
call ``check_batches`` first, then ``run_batches`` (or ``arun_batches``) with one batch per
request, and ``merge_models`` to return one result.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

from ._exceptions import BatchError, ValidationError
from ._models import check_body
from ._types import SequenceNotStr

if TYPE_CHECKING:
    from ._operation import Operation

__all__ = ["arun_batches", "check_batches", "max_items", "merge_models", "run_batches"]

_INDEX = re.compile(r"^body\[(\d+)\]")

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


def check_batches(
    op: Operation[Any],
    model: type[pydantic.BaseModel],
    items: SequenceNotStr[Any],
    batch_size: int,
    *,
    concurrency: int = 1,
) -> None:
    """Validate every batch before the first is sent, so bad input cannot half-succeed.

    Raises ValidationError for a batch size outside 1 and the documented maximum of ``model``
    (a RootModel of a list), a ``concurrency`` below 1, an empty list, or any item the model
    rejects (at its index in the whole list); nothing has been sent when it does.
    """
    if concurrency < 1:
        raise ValidationError(
            op.name, "concurrency", f"must be 1 or more, got {concurrency}"
        )
    limit = max_items(model)
    if batch_size < 1 or (limit is not None and batch_size > limit):
        bounds = (
            f"between 1 and {limit} (the documented maximum)"
            if limit is not None
            else "1 or more"
        )
        raise ValidationError(
            op.name, "batch_size", f"must be {bounds}, got {batch_size}"
        )
    if not items:
        raise ValidationError(op.name, "body", "nothing to send: the list is empty")
    for start in range(0, len(items), batch_size):
        try:
            check_body(op, model, items[start : start + batch_size])
        except ValidationError as exc:
            raise _shifted(exc, start) from exc


def max_items(model: type[pydantic.BaseModel]) -> int | None:
    """The most items a list body (a RootModel) may hold, as its schema documents it."""
    root = (
        model.model_fields.get("root")
        if issubclass(model, pydantic.RootModel)
        else None
    )
    limits = [getattr(m, "max_length", None) for m in (root.metadata if root else [])]
    return next((limit for limit in limits if isinstance(limit, int)), None)


def _shifted(error: ValidationError, start: int) -> ValidationError:
    """``error`` about a batch, with each index counted in the whole list instead."""

    def shift(field: str) -> str:
        return _INDEX.sub(lambda m: f"body[{int(m.group(1)) + start}]", field)

    errors = [{**e, "field": shift(e["field"])} for e in error.errors]
    first = errors[0]
    return ValidationError(
        error.operation, first["field"], first["message"], errors=errors
    )


def run_batches(
    call: Callable[[Sequence[ItemT]], ResultT],
    items: SequenceNotStr[ItemT],
    batch_size: int,
) -> list[ResultT]:
    """``call`` on each run of ``batch_size`` items, in order; the results in the same order.

    The first failure stops the run and raises BatchError, which keeps the results of the
    batches already done: those requests took effect and the caller must know it.
    """
    batches = _split(items, batch_size)
    results: list[ResultT] = []
    for index, batch in enumerate(batches):
        try:
            results.append(call(batch))
        except Exception as exc:
            raise BatchError(
                completed=results,
                completed_batches=range(index),
                failed_batch=index,
                total_batches=len(batches),
                cause=exc,
            ) from exc
    return results


async def arun_batches(
    call: Callable[[Sequence[ItemT]], Awaitable[ResultT]],
    items: SequenceNotStr[ItemT],
    batch_size: int,
    *,
    concurrency: int = 4,
) -> list[ResultT]:
    """The asyncio twin of ``run_batches``, with up to ``concurrency`` batches in flight.

    After a failure no new batch starts, but batches already in flight are awaited rather than
    cancelled, so BatchError can say exactly which ones took effect.
    """
    import asyncio  # here, so that a blocking client never loads asyncio

    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    batches = _split(items, batch_size)
    results: dict[int, ResultT] = {}
    errors: dict[int, Exception] = {}
    pending = iter(range(len(batches)))

    async def worker() -> None:
        # The workers share one iterator, which is what bounds the batches in flight.
        for index in pending:
            if errors:
                return
            try:
                results[index] = await call(batches[index])
            except Exception as exc:  # noqa: BLE001 - reported with the batches done
                errors[index] = exc

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(batches)))))
    if errors:
        failed = min(errors)
        done = sorted(results)
        raise BatchError(
            completed=[results[i] for i in done],
            completed_batches=done,
            failed_batch=failed,
            total_batches=len(batches),
            cause=errors[failed],
        ) from errors[failed]
    return [results[i] for i in range(len(batches))]


def merge_models(results: Sequence[ModelT]) -> ModelT:
    """One model from the results of several batches, field by field.

    Lists are concatenated in order, integers (not booleans) summed, nested models merged the
    same way, and anything else taken from the first result that has it. Extra fields are kept,
    and a RootModel's list is concatenated like any other.
    """
    if not results:
        raise ValueError("merge_models needs at least one result")
    # Iterating a model yields (name, value) for its fields and its extra fields alike.
    fields = [dict(result) for result in results]
    names = dict.fromkeys(name for values in fields for name in values)
    update = {name: _merge([values.get(name) for values in fields]) for name in names}
    return results[0].model_copy(update=update)


def _merge(values: list[object]) -> object:
    present = [value for value in values if value is not None]
    if not present:
        return None
    first = present[0]
    if isinstance(first, list):
        return [item for value in present if isinstance(value, list) for item in value]
    if isinstance(first, int) and not isinstance(first, bool):
        return sum(v for v in present if isinstance(v, int) and not isinstance(v, bool))
    if isinstance(first, pydantic.BaseModel) and all(
        type(v) is type(first) for v in present
    ):
        return merge_models([v for v in present if isinstance(v, pydantic.BaseModel)])
    return first


def _split(items: SequenceNotStr[ItemT], batch_size: int) -> list[Sequence[ItemT]]:
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    return [
        items[start : start + batch_size] for start in range(0, len(items), batch_size)
    ]
