"""_batching: splitting long lists into requests, keeping what succeeded, merging results."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from hoko_client_under_test import (
    AsyncDemoClient,
    BadRequestError,
    BatchError,
    CreateLinksRequest,
    DeleteLinksRequest,
    HokoModel,
    Operation,
    ValidationError,
    arun_batches,
    check_batches,
    max_items,
    merge_models,
    run_batches,
)
from pydantic import RootModel
from support.server import RecordedRequest, Reply, ScriptedServer

from .conftest import API_KEY, RecordingClient

IDS = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(5)]
OP: Operation[None] = Operation("DELETE", "/api/links", "links.delete", None)


class Summary(HokoModel):
    ids: list[str]
    count: int
    partial: bool
    note: str | None = None


class Names(RootModel[list[str]]):
    pass


def test_run_batches_calls_in_order_with_at_most_batch_size_items() -> None:
    """Items are cut into consecutive batches; results come back in batch order."""
    seen: list[list[int]] = []

    def call(batch: Sequence[int]) -> int:
        seen.append(list(batch))
        return sum(batch)

    assert run_batches(call, [1, 2, 3, 4, 5], 2) == [3, 7, 5]
    assert seen == [[1, 2], [3, 4], [5]]
    assert run_batches(call, [], 2) == []


def test_run_batches_stops_at_the_first_failure_and_keeps_results() -> None:
    """A failing batch raises BatchError with the earlier results; later batches are not sent."""
    calls: list[Sequence[int]] = []

    def call(batch: Sequence[int]) -> str:
        calls.append(batch)
        if 5 in batch:
            raise ValueError("five is not allowed")
        return f"ok {list(batch)}"

    with pytest.raises(BatchError) as caught:
        run_batches(call, [1, 2, 3, 4, 5, 6, 7], 2)
    error = caught.value
    assert (error.completed, error.completed_batches, error.failed_batch) == (
        ["ok [1, 2]", "ok [3, 4]"],
        [0, 1],
        2,
    )
    assert isinstance(error.__cause__, ValueError)
    assert "Succeeded: 0-1" in str(error) and "Not completed: 3." in str(error)
    assert len(calls) == 3


@pytest.mark.parametrize("size", [0, -1])
def test_batch_size_must_be_positive(size: int) -> None:
    """A batch size below 1 is refused before anything is called."""
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        run_batches(len, [1], size)


def test_arun_batches_bounds_concurrency_and_keeps_order() -> None:
    """No more than `concurrency` batches run at once, and results keep batch order."""
    running = peak = 0

    async def call(batch: Sequence[int]) -> list[int]:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01 * (3 - batch[0] % 3))  # later batches may finish first
        running -= 1
        return list(batch)

    results = asyncio.run(arun_batches(call, list(range(20)), 2, concurrency=3))
    assert results == [[i, i + 1] for i in range(0, 20, 2)]
    assert peak == 3


def test_arun_batches_runs_four_at_once_by_default_and_one_when_asked() -> None:
    """Without a concurrency, up to four batches are in flight at once; with 1, one at a time."""
    running = peak = 0

    async def call(batch: Sequence[int]) -> list[int]:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        return list(batch)

    assert len(asyncio.run(arun_batches(call, list(range(10)), 1))) == 10
    assert peak == 4
    peak = 0
    assert len(asyncio.run(arun_batches(call, list(range(3)), 1, concurrency=1))) == 3
    assert peak == 1


def test_arun_batches_failure_waits_for_batches_in_flight() -> None:
    """After a failure no batch starts, in-flight ones finish, and BatchError lists them."""
    started: list[int] = []

    async def call(batch: Sequence[int]) -> int:
        started.append(batch[0])
        await asyncio.sleep(0.005 if batch[0] == 1 else 0.02)
        if batch[0] == 1:
            raise RuntimeError("batch 1 broke")
        return batch[0]

    with pytest.raises(BatchError) as caught:
        asyncio.run(arun_batches(call, list(range(10)), 1, concurrency=3))
    error = caught.value
    assert started == [0, 1, 2]
    assert (error.completed, error.completed_batches, error.failed_batch) == ([0, 2], [0, 2], 1)
    assert "Succeeded: 0, 2" in str(error) and "Not completed: 3-9." in str(error)


def test_merge_models_concatenates_lists_and_sums_counts() -> None:
    """Lists are joined in order, ints summed, booleans and other fields taken from the first."""
    first = Summary.model_validate({"ids": ["a"], "count": 1, "partial": False, "extra": [1]})
    second = Summary.model_validate({"ids": ["b", "c"], "count": 2, "partial": True, "extra": [2]})
    merged = merge_models([first, second, Summary(ids=[], count=0, partial=True, note="n")])
    assert merged.ids == ["a", "b", "c"]
    assert merged.count == 3
    assert merged.partial is False
    assert merged.note == "n"
    assert merged.model_extra == {"extra": [1, 2]}
    assert type(merged) is Summary
    alone = merge_models([first])  # one batch: its own result
    assert alone.model_dump() == first.model_dump() and alone is not first


def test_merge_models_joins_root_model_lists_and_nested_models() -> None:
    """A RootModel's list is concatenated; nested models are merged field by field too."""

    class Wrapper(HokoModel):
        summary: Summary

    assert merge_models([Names(["a"]), Names(["b"])]).root == ["a", "b"]
    wrapped = [Wrapper(summary=Summary(ids=[i], count=1, partial=False)) for i in "xy"]
    assert merge_models(wrapped).summary.ids == ["x", "y"]
    with pytest.raises(ValueError, match="at least one"):
        merge_models([])


def test_max_items_reads_the_documented_limit_of_a_list_body() -> None:
    """The most items a RootModel list body may hold, from its Field(max_length=...)."""
    assert max_items(DeleteLinksRequest) == max_items(CreateLinksRequest) == 100
    assert max_items(Names) is None
    assert max_items(Summary) is None


@pytest.mark.parametrize(
    ("items", "size", "options", "field", "message"),
    [
        (IDS, 0, {}, "batch_size", "must be between 1 and 100 (the documented maximum), got 0"),
        (IDS, 101, {}, "batch_size", "must be between 1 and 100 (the documented maximum), got 101"),
        ([], 10, {}, "body", "nothing to send: the list is empty"),
        (IDS, 2, {"concurrency": 0}, "concurrency", "must be 1 or more, got 0"),
        ([*IDS, "x", *IDS], 3, {}, "body[5]", "Input should be a valid UUID"),
        (["x", *IDS], 3, {}, "body[0]", "Input should be a valid UUID"),
    ],
)
def test_check_batches_refuses_bad_arguments_before_anything_is_sent(
    items: list[str], size: int, options: dict[str, int], field: str, message: str
) -> None:
    """A bad batch size or concurrency, an empty list or a bad item (at its index in the whole
    list, not in its batch) raise ValidationError naming the operation."""
    with pytest.raises(ValidationError) as caught:
        check_batches(OP, DeleteLinksRequest, items, size, **options)
    assert (caught.value.operation, caught.value.field) == ("links.delete", field)
    assert message in str(caught.value)


def test_check_batches_passes_batches_within_the_limit() -> None:
    """250 valid ids in batches of 100 pass, though the whole list is over the limit."""
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(250)]
    check_batches(OP, DeleteLinksRequest, ids, 100)
    check_batches(OP, DeleteLinksRequest, tuple(ids), 100, concurrency=4)


def test_a_bad_id_in_a_later_batch_stops_the_whole_call(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """delete_in_batches validates every batch first: a bad id in batch 3 sends nothing."""
    ids = [*IDS, *IDS, "not-an-id"]
    with pytest.raises(
        ValidationError, match=r"links\.delete: body\[10\]: Input should be a valid UUID"
    ):
        client.links.delete_in_batches(ids, batch_size=4)
    assert server.requests == []


def echo_deleted(request: RecordedRequest) -> Reply:
    return Reply(json={"deletedIds": request.json()})


def test_batched_delete_against_the_server(server: ScriptedServer, client: RecordingClient) -> None:
    """A batched delete sends one request per batch and returns one merged result."""
    server.handler = echo_deleted
    result = client.links.delete_in_batches(IDS, batch_size=2, extra_headers={"X-Trace": "b"})
    assert [str(i) for i in result.deleted_ids] == IDS
    assert [r.json() for r in server.requests] == [IDS[:2], IDS[2:4], IDS[4:]]
    assert [r.headers["x-trace"] for r in server.requests] == ["b", "b", "b"]


def test_batched_delete_reports_what_was_deleted_before_a_failure(
    server: ScriptedServer, client: RecordingClient
) -> None:
    """When the second batch gets a 400, BatchError holds the first batch's result."""
    server.enqueue(
        "/api/links",
        Reply(json={"deletedIds": IDS[:2]}),
        Reply(400, json={"error": {"en": "Invalid request"}}),
    )
    with pytest.raises(BatchError) as caught:
        client.links.delete_in_batches(IDS, batch_size=2)
    error = caught.value
    assert [[str(i) for i in result.deleted_ids] for result in error.completed] == [IDS[:2]]
    assert isinstance(error.__cause__, BadRequestError)
    assert "BadRequestError" in str(error) and "Invalid request" in str(error)
    assert len(server.requests) == 2


def test_async_batched_delete_against_the_server(server: ScriptedServer) -> None:
    """The async batched delete runs batches concurrently and merges them in order."""
    server.handler = echo_deleted

    async def main() -> list[str]:
        async with AsyncDemoClient(api_key=API_KEY, base_url=server.url) as client:
            result = await client.links.delete_in_batches(IDS, batch_size=1, concurrency=3)
        return [str(i) for i in result.deleted_ids]

    assert asyncio.run(main()) == IDS
    assert len(server.requests) == 5
