"""A second process for the stages that split in two: `python -m generator.helper`.

A build starts the helper first thing. While the build reads and parses the docs, the helper
imports datamodel-code-generator (half a second that a small API would otherwise wait for; not
when the run follows one whose models are cached, `--lazy`). It then takes half of a big API's
pages to parse, the model modules to render (a big API's in two halves at once, one of them in a
child it forks, which has the import done already), the models to format and the YAML of the
spec to write, while the build does the rest. Each stage's output is the same whichever
process made it: pages parse alone, and a model module renders the same beside any other modules
(render_models.py). Requests and answers are pickled frames on the helper's stdin and stdout (a
duplicate of it: whatever else the helper prints goes to stderr); the helper is this package's
own child, so nothing untrusted is unpickled. If the helper cannot start or fails, the build
does the work itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
import warnings
from collections.abc import Callable
from typing import IO, Any, NoReturn

__all__ = ["Helper", "HelperError", "main"]

_LENGTH = struct.Struct(">Q")


class HelperError(RuntimeError):
    """The helper failed a request; the build does that part itself."""


def _write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Helper:
    """The build's end of the helper: requests queue up and are answered in order. Sending never
    blocks the build: the helper may be busy or still starting, so a thread writes each request
    (after the one before it)."""

    def __init__(self, *, parse_first: bool = False, warm: bool = True) -> None:
        """`parse_first`: pages will come to parse before anything else (the helper then does
        not start with the slow import). `warm=False`: few models are likely to need rendering
        (the run follows one whose records are in the cache), so the helper imports
        datamodel-code-generator only if asked for models, not while the build parses."""
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - kept until close()
        flags = ["--parse-first"] if parse_first else []
        flags += [] if warm else ["--lazy"]
        self._process = subprocess.Popen(
            [sys.executable, "-m", "generator.helper", *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._senders: list[threading.Thread] = []
        self._sent = 0
        self._broken = False
        # Answers are read as they come: a helper writing a big answer to a full pipe would
        # otherwise wait for the build to ask for it before it could go on to the next request.
        self._arrived = threading.Condition()
        self._answers: dict[int, tuple[str, Any]] = {}
        self._received = 0
        self._collected: set[int] = set()
        self._stopped: str | None = None
        self._reader = threading.Thread(target=self._receive, daemon=True)
        self._reader.start()

    def submit(self, kind: str, *args: Any) -> int:
        """Queue a request; `result(ticket)` waits for its answer."""
        stdin = self._process.stdin
        assert stdin is not None
        ticket, self._sent = self._sent, self._sent + 1
        before = self._senders[-1] if self._senders else None
        sender = threading.Thread(
            target=self._send, args=(stdin, (kind, args), before), daemon=True
        )
        self._senders.append(sender)
        sender.start()
        return ticket

    def _send(self, stdin: IO[bytes], request: Any, before: threading.Thread | None) -> None:
        if before is not None:
            before.join()
        if self._broken:
            return
        try:
            _write_frame(stdin, request)
        except (BrokenPipeError, ValueError, OSError):
            self._broken = True

    def _receive(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        while True:
            try:
                answer = _read_frame(stdout)
            except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
                with self._arrived:
                    self._stopped = str(exc) or type(exc).__name__
                    self._arrived.notify_all()
                return
            with self._arrived:
                self._answers[self._received] = answer
                self._received += 1
                self._arrived.notify_all()

    def result(self, ticket: int) -> Any:
        """The answer to request `ticket`; HelperError if the helper failed it or stopped."""
        if ticket >= self._sent or ticket in self._collected:
            raise RuntimeError(f"no request {ticket} is waiting for an answer")
        with self._arrived:
            while ticket not in self._answers and self._stopped is None:
                self._arrived.wait()
            if ticket not in self._answers:
                self._broken = True
                raise HelperError(self._failure(f"the helper stopped ({self._stopped})"))
            status, value = self._answers.pop(ticket)
        self._collected.add(ticket)
        if status != "ok":
            raise HelperError(str(value))
        return value

    def _failure(self, what: str) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode(errors="replace").strip().splitlines()
        return f"{what}: {lines[-1]}" if lines else what

    def done(self) -> None:
        """No more requests: once the last is sent, the helper may exit when it has answered."""
        closer = threading.Thread(target=self._close_input, daemon=True)
        self._senders.append(closer)
        closer.start()

    def _close_input(self) -> None:
        for sender in self._senders[:-1]:
            sender.join()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self._process.stdin.close()

    def close(self) -> None:
        """Let the helper exit (or stop it if it still owes answers); safe to call twice."""
        process = self._process
        if process.returncode is None:
            with self._arrived:
                owed = self._received < self._sent
            if owed:
                process.kill()
            for sender in self._senders:
                sender.join()
            if process.stdin is not None:
                with contextlib.suppress(OSError, ValueError):
                    process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self._reader.join()  # it stops at the end of the output, now that the helper exited
            if process.stdout is not None:
                with contextlib.suppress(OSError, ValueError):
                    process.stdout.close()
        self._stderr.close()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _parse(files: list[tuple[str, bytes]]) -> Any:
    from generator.parsing import parse_each

    return parse_each(files)


def _models(documents: list[dict[str, Any]], header: str, base_class: str, aliases: Any) -> Any:
    """The models of each document. The first is rendered here; each of the others at the same
    time in a child forked from this process, which has datamodel-code-generator imported
    already (a second import would cost the build half a second of CPU). Without fork, or if a
    child fails, the others are rendered here after the first."""
    from generator.render_models import generate_models

    def render(document: dict[str, Any]) -> Any:
        return generate_models(document, header, base_class, aliases)

    children = [_Forked.start(functools.partial(render, d)) for d in documents[1:]]
    outputs = [render(documents[0])] if documents else []
    for child, document in zip(children, documents[1:], strict=True):
        done = child.result() if child is not None else None
        outputs.append(done if done is not None else render(document))
    return outputs


class _Forked:
    """A child of the helper doing one piece of work; its answer comes back on a pipe."""

    def __init__(self, pid: int, answer: int) -> None:
        self._pid, self._answer = pid, answer

    @classmethod
    def start(cls, work: Callable[[], Any]) -> _Forked | None:
        """The child doing `work`, or None where it cannot be forked (the caller does the work).

        The child only renders and writes its answer: it touches no file, no cache record (the
        cache's writer thread may be mid-write in the parent) and none of the parent's streams,
        and it ends with `os._exit`, so nothing of the parent's is flushed or torn down twice.
        """
        fork = getattr(os, "fork", None)
        if fork is None:
            return None
        answer, into = os.pipe()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns that a process with threads is forked; the child uses
                # nothing another thread could hold (see above).
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = fork()
        except OSError:
            os.close(answer)
            os.close(into)
            return None
        if pid == 0:  # pragma: no cover - runs in the child, where coverage does not follow
            status = 1
            try:
                os.close(answer)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(into, "wb") as stream:
                    stream.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(into)
        return cls(pid, answer)

    def result(self) -> Any:
        """The child's answer, or None if it failed."""
        with os.fdopen(self._answer, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            return None


def _dump(document: dict[str, Any]) -> str:
    from generator.spec_io import dump_spec, remember_spec

    text = dump_spec(document)
    remember_spec(text, document)
    return text


def _format(files: dict[str, str], scratch: Any) -> dict[str, str]:
    from generator.fmt import format_python

    return format_python(files, scratch, keep_scratch=True)


_HANDLERS: dict[str, Callable[..., Any]] = {
    "parse": _parse,
    "models": _models,
    "format": _format,
    "dump": _dump,
}


def _warm() -> None:
    """Import datamodel-code-generator and render one model, before it is asked for: the import
    and the first render's own set-up are the slow part of a small build."""
    from generator.render_models import generate_models

    schema = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "warm-up", "version": "0"},
        "paths": {},
        "components": {"schemas": {"warm.Warm": schema}},
    }
    generate_models(document, "#", "pydantic.BaseModel", {})


def main() -> int:
    stdin, stdout = sys.stdin.buffer, _answers_stream()
    # Models and pages are millions of small objects that live until their answer is sent: the
    # collector need not walk them again and again (as in the build, generator.pipeline).
    gc.set_threshold(max(gc.get_threshold()[0], 50_000), *gc.get_threshold()[1:])
    # Pages to parse come first when there are any (the warm-up waits for a pause in them);
    # otherwise warm up while the build parses, unless it expects few models (--lazy).
    lazy, parse_first = "--lazy" in sys.argv[1:], "--parse-first" in sys.argv[1:]
    if not lazy and not parse_first:
        _warm()
    warmed = lazy or not parse_first
    while True:
        if not warmed and not _ready(stdin):
            _warm()
            warmed = True
        try:
            kind, args = _read_frame(stdin)
        except EOFError:
            _exit()
        try:
            answer: Any = ("ok", _HANDLERS[kind](*args))
        except Exception:  # noqa: BLE001 - any failure is reported; the build then does the work
            answer = ("error", traceback.format_exc(limit=-3).strip().splitlines()[-1])
        _write_frame(stdout, answer)


def _answers_stream() -> IO[bytes]:
    """The stream the answers go to: the original stdout. Whatever else writes to stdout (a
    library's print, say) goes to stderr instead, where it cannot break a frame."""
    sys.stdout.flush()
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return answers


def _exit() -> NoReturn:
    """Exit once the cache records are written (the answers were flushed frame by frame)."""
    from generator.cache import exit_now

    exit_now(0)


def _ready(stream: IO[bytes]) -> bool:
    """Whether a request is waiting (so it is served before the slow import)."""
    try:
        import select

        return bool(select.select([stream], [], [], 0)[0])
    except (ImportError, OSError, ValueError):
        return False


if __name__ == "__main__":
    sys.exit(main())
