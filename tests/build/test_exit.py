"""The command ends with everything an exit owes done: the output is all there, the exit code
is the run's, and the store's records are written."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

Hoko = Callable[..., subprocess.CompletedProcess[str]]

BUFFERED = {"PYTHONUNBUFFERED": ""}


def test_a_run_ends_with_its_output_its_code_and_its_store_written(
    hoko: Hoko, project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    # Buffered output (an empty PYTHONUNBUFFERED is off), as in most builds: what is still in a
    # buffer at the end is lost unless flushed before the exit.
    env = {"HOKO_CODEGEN_CACHE_DIR": str(cache), "PYTHONUNBUFFERED": ""}
    run = hoko("generate", cwd=project, env=env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1].startswith("hoko-codegen: release 0.1.0")
    assert lines[-2].startswith("hoko-codegen: ") and "files written" in lines[-2]
    assert any(line.endswith("sections") for line in lines[:-2])  # the coverage lines came first
    with sqlite3.connect(cache / "store.sqlite3") as database:
        tables = [
            row[0]
            for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        rows = sum(database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    assert rows > 0


def test_a_failed_run_exits_with_its_code_and_its_message(hoko: Hoko, tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: [1]\n", "utf-8")
    out = str(tmp_path / "out")
    run = hoko("generate", "--from-spec", str(spec), "--out", out, cwd=tmp_path, env=BUFFERED)
    assert run.returncode == 1
    assert run.stderr.startswith("broken.yaml: error: ")
