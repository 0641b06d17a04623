"""The outputs are replaced all at once or not at all: a package that does not import is never
swapped in, an interrupted run is finished or dropped by the next command, and SIGKILL at any
moment leaves all old or all new outputs, never a mix and never nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.cli import SEED, run_cli, snapshot

import generator.client.render
import generator.output.writer

Hoko = Callable[..., subprocess.CompletedProcess[str]]

KILLS = 20


def _outputs(project: Path) -> dict[str, bytes]:
    """The spec and package as they are on disk (the docs left out)."""
    return {k: v for k, v in snapshot(project).items() if not k.startswith("spec/docs/")}


def _leftovers(project: Path) -> list[str]:
    """What a run may leave beside the output when it is stopped: staging and scratch folders."""
    prefixes = (".hoko-codegen-staging-", ".hoko-codegen-scratch-")
    return sorted(p.name for p in project.iterdir() if p.name.startswith(prefixes))


def _change_docs(project: Path) -> None:
    doc = project / "spec" / "docs" / "partners-delete.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("10,000", "5,000"), encoding="utf-8")


def test_package_that_does_not_import_is_not_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generated module that fails to import stops the run with a clear error; the old output stays."""
    assert run_cli("generate", cwd=project).code == 0
    _change_docs(project)
    before = _outputs(project)
    real = generator.client.render.render_client

    def broken(*args: Any, **kwargs: Any) -> dict[str, str]:
        files = real(*args, **kwargs)
        files["hoko_client/resources/partners.py"] += '\nraise RuntimeError("broken on purpose")\n'
        return files

    monkeypatch.setattr(generator.client.render, "render_client", broken)
    run = run_cli("generate", cwd=project)
    assert run.code == 1
    assert (
        "generated: error: the generated package does not import (RuntimeError: broken on purpose)"
        in run.err
    )
    assert "the previous output is kept" in run.err
    assert _outputs(project) == before and _leftovers(project) == []


def test_next_command_cleans_and_finishes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check first drops an unmarked staging folder and scratch files, and finishes a committed swap."""
    assert run_cli("generate", cwd=project).code == 0
    old = _outputs(project)
    staging, scratch = (
        project / ".hoko-codegen-staging-generated",
        project / ".hoko-codegen-scratch-generated",
    )
    (staging / "package").mkdir(parents=True)
    (staging / "package" / "half.py").write_text("x = 1\n", encoding="utf-8")
    (scratch / "hoko-codegen-ruff-1").mkdir(parents=True)
    assert run_cli("check", cwd=project).code == 0
    assert _leftovers(project) == [] and _outputs(project) == old
    # A run that stops right after marking its staging folder complete (the swap not begun).
    _change_docs(project)
    monkeypatch.setattr(generator.output.writer, "recover", lambda out_dir: None)
    assert run_cli("generate", cwd=project).code == 0
    monkeypatch.undo()
    assert (staging / "COMMITTED").is_file() and _outputs(project) == old
    assert run_cli("check", cwd=project).code == 0
    assert _leftovers(project) == [] and _outputs(project) != old


def test_sigkill_leaves_all_old_or_all_new(tmp_path: Path, hoko: Hoko) -> None:
    """SIGKILL at random moments of a generate, then any command: the outputs are all old or all new."""
    base = tmp_path / "base"
    (base / "spec" / "docs").mkdir(parents=True)
    shutil.copyfile(SEED, base / "spec" / "docs" / SEED.name)
    assert hoko("generate", cwd=base).returncode == 0
    _change_docs(base)
    old = _outputs(base)
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    started = time.perf_counter()
    assert hoko("generate", cwd=reference).returncode == 0
    duration = time.perf_counter() - started
    new = _outputs(reference)
    assert new != old
    rng = random.Random(20261128)
    delays = [rng.uniform(0, duration) for _ in range(KILLS)]
    seen = []
    for index, delay in enumerate(delays):
        work = tmp_path / f"kill-{index}"
        shutil.copytree(base, work)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate"],
            cwd=work,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        recovery = run_cli("check", cwd=work)
        state = _outputs(work)
        assert state in (old, new), f"kill {index} after {delay:.2f}s left a mix"
        seen.append("new" if state == new else "old")
        assert recovery.code == (0 if state == new else 1)
        assert _leftovers(work) == []
        shutil.rmtree(work)
    assert "old" in seen, seen


def test_unchanged_files_are_linked_only_from_inside_the_output(tmp_path: Path) -> None:
    """A file the output already holds byte for byte is linked into the staged package rather
    than written; a changed file, or one reached through a symlinked folder, is written."""
    from pathlib import PurePosixPath

    from generator.output.writer import _linked_unchanged

    out = tmp_path / "generated"
    (out / "pkg").mkdir(parents=True)
    (out / "pkg" / "same.py").write_bytes(b"X = 1\n")
    (out / "pkg" / "other.py").write_bytes(b"Y = 1\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.py").write_bytes(b"Z = 1\n")
    (out / "linked").symlink_to(outside, target_is_directory=True)
    staged = tmp_path / "staged"
    staged.mkdir()

    assert _linked_unchanged(out, PurePosixPath("pkg/same.py"), staged / "same.py", b"X = 1\n")
    assert (staged / "same.py").stat().st_ino == (out / "pkg" / "same.py").stat().st_ino
    assert not _linked_unchanged(out, PurePosixPath("pkg/other.py"), staged / "o.py", b"Y = 2\n")
    assert not _linked_unchanged(out, PurePosixPath("linked/far.py"), staged / "f.py", b"Z = 1\n")
    assert not _linked_unchanged(out, PurePosixPath("pkg/none.py"), staged / "n.py", b"")
    assert sorted(p.name for p in staged.iterdir()) == ["same.py"]
