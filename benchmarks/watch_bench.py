"""`hoko-codegen watch`, timed from a page's save to the updated package on disk.

A `Watcher` runs `hoko-codegen watch` in a project folder (a session of its own) and reads its
stdout line by line in a thread, stamping each line as it arrives. `edit` saves a page in one
step (the new text is written beside the docs and renamed over the page, as editors that save
safely do, so watch never sees half a page), starts the clock at that rename, and stops it at
the next `hoko-codegen: release ...` line, which watch prints once the package is written. It
then checks that the run did reach the package: a file of `generated/` changed and gained (or
lost) the sentence the edit adds (or takes away).

watch looks at the docs every 0.2 s by default, so a save waits up to that long to be seen;
`pause` spreads the edits over the phases of that polling, and the median includes the usual
wait, as a user saving a page gets it.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

__all__ = ["RELEASE", "WatchError", "Watcher", "pause"]

RELEASE = "hoko-codegen: release "
_NOT_WRITTEN = "hoko-codegen: not written"


class WatchError(RuntimeError):
    """watch stopped, failed a run, said nothing in time, or wrote a package without the edit."""


def pause(round_: int) -> float:
    """Seconds to wait before a round's edit: 0.5 for watch to settle after its last run, and a
    share of another 0.5 that differs every round (the golden ratio's steps), so the edits land
    at different points of watch's polling."""
    return 0.5 + 0.5 * ((round_ * 0.6180339887) % 1.0)


class Watcher:
    """A running `hoko-codegen watch` in `project`, stopped (Ctrl-C, SIGINT) on close."""

    def __init__(
        self, command: list[str], project: Path, env: dict[str, str], timeout: float
    ) -> None:
        self.project = project
        self.timeout = timeout
        # Closed in close(), which the runner reaches through `with`.
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self._lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self._process = subprocess.Popen(
            [*command, "watch"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.next_release()  # the run watch makes when it starts
        except BaseException:
            self.close()
            raise

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put((time.perf_counter(), line.rstrip("\n")))
        self._lines.put((time.perf_counter(), None))

    def next_release(self) -> float:
        """The moment watch's next release line arrived (perf_counter seconds)."""
        deadline = time.perf_counter() + self.timeout
        while True:
            try:
                at, line = self._lines.get(timeout=max(deadline - time.perf_counter(), 0.0))
            except queue.Empty:
                raise WatchError(
                    f"watch printed no release line in {self.timeout:.0f} s{self._tail()}"
                ) from None
            if line is None:
                raise WatchError(f"watch exited ({self._process.wait()}){self._tail()}")
            if line.startswith(_NOT_WRITTEN):
                raise WatchError(f"watch did not write the package: {line}{self._tail()}")
            if line.startswith(RELEASE):
                return at

    def edit(self, page: Path, text: str, sentence: str) -> float:
        """Save `text` as `page`; seconds until watch reports the package written. `text` adds
        `sentence` to the page or takes it away, and so must a file of the package."""
        before = _package_texts(self.project / "generated")
        saving = self.project / f".{page.name}.saving"
        saving.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        os.replace(saving, page)
        seconds = self.next_release() - started
        after = _package_texts(self.project / "generated")
        added = sentence in text
        if not any(
            content != before.get(name)
            and (sentence in content) == added
            and (sentence in before.get(name, "")) != added
            for name, content in after.items()
        ):
            change = "gained" if added else "lost"
            raise WatchError(f"watch reported a release, but no package file {change} the edit")
        return seconds

    def _tail(self) -> str:
        self._stderr.seek(0)
        text = self._stderr.read()[-2000:]
        return f":\n{text}" if text else ""

    def close(self) -> None:
        """Stop watch as Ctrl-C would; kill its session if it does not stop in 15 s."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
        # The reader ends when the last process holding watch's stdout (a worker) is gone.
        self._reader.join(timeout=15)
        if self._process.stdout is not None and not self._reader.is_alive():
            self._process.stdout.close()
        self._stderr.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _package_texts(folder: Path) -> dict[str, str]:
    """Every Python file of the generated package: its path -> its text."""
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.py"))
    }
