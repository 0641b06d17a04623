"""Workers: tasks run in worker processes, or here with one job; a dead worker costs the speed,
never the result."""

from __future__ import annotations

import multiprocessing
import os

from generator.executor import Workers


def where() -> str:
    """Which process runs the task."""
    return "worker" if multiprocessing.parent_process() is not None else "here"


def dies_in_a_worker() -> str:
    """Ends a worker process abruptly; returns normally in the main process."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return "here"


def fails(message: str) -> str:
    raise ValueError(message)


def test_one_job_runs_each_task_here_at_once() -> None:
    """With jobs=1 there is no pool: every task runs in this process, in order."""
    with Workers(1) as workers:
        assert not workers.parallel
        assert workers.submit(where).result() == "here"


def test_tasks_run_in_workers_and_errors_come_back() -> None:
    """With workers, a task runs in one of them; what it raises is raised by result()."""
    with Workers(2) as workers:
        assert workers.parallel
        assert workers.submit(where).result() == "worker"
        task = workers.submit(fails, "no")
        try:
            task.result()
        except ValueError as err:
            assert str(err) == "no"
        else:
            raise AssertionError("the task's error was lost")


def test_a_dead_worker_means_the_task_runs_here() -> None:
    """A worker that dies mid-task breaks the pool: that task, and the ones after, run here."""
    with Workers(2) as workers:
        assert workers.submit(dies_in_a_worker).result() == "here"
        assert workers.submit(where).result() == "here"
        assert not workers.parallel
