"""`hoko-codegen watch`: a run at start, another on every save of a page, errors reported without
stopping the loop or touching the output, Ctrl-C to stop."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DOC = Path("spec") / "docs" / "partners-delete.md"


class Watching:
    """A `hoko-codegen watch` process, its output lines read as they come."""

    def __init__(self, project: Path, *options: str) -> None:
        env = {**os.environ, "HOKO_CODEGEN_CACHE_DIR": str(project / ".store")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", "--interval", "0.05", *options],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, fragment: str, timeout: float = 120) -> list[str]:
        """The lines printed up to and including the first one holding `fragment`."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, f"watch ended early: {seen}"
                continue
            seen.append(line)
            if fragment in line:
                return seen
        raise AssertionError(f"no line with {fragment!r} in {seen}")


@pytest.fixture
def watching(project: Path) -> Iterator[Watching]:
    running = Watching(project)
    try:
        yield running
    finally:
        _stop(running)


@pytest.fixture
def watching_view(project: Path) -> Iterator[Watching]:
    """`watch --html view.html`."""
    running = Watching(project, "--html", "view.html")
    try:
        yield running
    finally:
        _stop(running)


def _stop(running: Watching) -> None:
    running.process.send_signal(signal.SIGINT)
    try:
        running.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        running.process.kill()
        running.process.wait()
    running.reader.join(timeout=60)
    assert running.process.stdout is not None
    running.process.stdout.close()


def _edit(project: Path, old: str, new: str) -> None:
    page = project / DOC
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_watch_regenerates_on_save_and_survives_an_error(project: Path, watching: Watching) -> None:
    """The first run writes the output; a saved limit change is written with its release line;
    a page that breaks the docs is reported at its line and the output stays; removing it writes
    again."""
    watching.until("hoko-codegen: release 0.1.0")
    spec = project / "spec" / "openapi.yaml"
    assert "maxItems: 10000" in spec.read_text(encoding="utf-8")
    _edit(project, "up to 10,000", "up to 5,000")
    lines = watching.until("hoko-codegen: release 0.2.0")
    assert "hoko-codegen: release 0.2.0 (breaking):" in lines[-1]
    assert "maxItems: 5000" in spec.read_text(encoding="utf-8")
    before = spec.read_text(encoding="utf-8")
    copy = project / "spec" / "docs" / "copy.md"
    copy.write_bytes((project / DOC).read_bytes())
    lines = watching.until("not written; the previous output is kept")
    assert any("copy.md:" in line and ": error: duplicate endpoint" in line for line in lines)
    assert spec.read_text(encoding="utf-8") == before
    copy.unlink()
    watching.until("hoko-codegen: release 0.2.0")
    watching.process.send_signal(signal.SIGINT)
    watching.until("hoko-codegen: stopped watching")
    assert watching.process.wait(timeout=60) == 0


def test_watch_rewrites_the_view_on_every_save(project: Path, watching_view: Watching) -> None:
    """With --html the view is written by the first run and again on each save: with a new
    limit, then with the error a duplicate page gives, at its line."""
    view = project / "view.html"
    watching_view.until("hoko-codegen: release 0.1.0")
    assert "at most 10,000 items" in view.read_text(encoding="utf-8")
    _edit(project, "up to 10,000 partners", "up to 5,000 partners")
    watching_view.until("hoko-codegen: release 0.2.0")
    assert "at most 5,000 items" in view.read_text(encoding="utf-8")
    (project / "spec" / "docs" / "copy.md").write_bytes((project / DOC).read_bytes())
    watching_view.until("not written; the previous output is kept")
    text = view.read_text(encoding="utf-8")
    # copy.md sorts first, so the page documents the endpoint again: an error at its endpoint
    # line, linked to copy.md's, which links back.
    assert 'id="p2-L10" class="fact error"' in text and "duplicate endpoint" in text
    assert '<a href="#p1-L10">' in text and '<a href="#p2-L10">' in text
