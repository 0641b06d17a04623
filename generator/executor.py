"""Where the slow stages run: worker processes, or this process.

`Workers(jobs)` is a `concurrent.futures` process pool whose workers import
datamodel-code-generator as soon as they start, while this process reads the docs; the OpenAPI check and the model rendering then run there, beside each other and
beside the rest of the build. With `jobs=1` (or on a one-core machine) every task runs here, at
once, in order: the same results, and a debugger can step into any stage. Only
`generator.pipeline` uses it: no stage knows where it runs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["Task", "Workers"]

T = TypeVar("T")


def _warm() -> None:
    """Import what every run's tasks need, before any task comes: datamodel-code-generator's
    parser and config (half a second; its top module is lazy, so they are loaded by name).

    openapi-spec-validator (a third of a second) is left to the task that checks a document:
    a run given an OpenAPI 3.0 document has none, and would pay for it in both workers."""
    import datamodel_code_generator.config
    import datamodel_code_generator.parser.openapi  # noqa: F401


class Workers:
    """Runs tasks in worker processes or, with one job, in this process. `jobs` counts this
    process too (`--jobs 3`: two workers); 0 takes two workers where there are two cores."""

    def __init__(self, jobs: int = 0) -> None:
        count = jobs - 1 if jobs > 0 else (2 if (os.cpu_count() or 1) >= 2 else 0)
        self._pool: ProcessPoolExecutor | None = None
        if count >= 1:
            # Spawned, not forked: a fork copies whatever threads the caller has (a test server,
            # say) in whatever state they are in.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(count, mp_context=context, initializer=_warm)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, task: Callable[..., T], *args: Any) -> Task[T]:
        """Start `task(*args)` in a worker, or run it here at once; `result()` gives what it
        returned (or raises what it raised). Should the workers die (killed, or unable to start
        where the main module cannot be imported again), the task runs here instead."""
        if self._pool is not None:
            try:
                return Task(self._pool.submit(task, *args), task, args)
            except (BrokenProcessPool, RuntimeError):
                self._pool = None
        future: Future[T] = Future()
        try:
            future.set_result(task(*args))
        except Exception as exc:  # noqa: BLE001 - handed to whoever asks for the result
            future.set_exception(exc)
        return Task(future, task, args)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class Task(Generic[T]):
    """A submitted task; `result()` waits for it."""

    def __init__(self, future: Future[T], task: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._future, self._task, self._args = future, task, args

    def result(self) -> T:
        try:
            return self._future.result()
        except BrokenProcessPool:
            return self._task(*self._args)
