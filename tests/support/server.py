"""A real HTTP server on 127.0.0.1 whose replies a test scripts, for testing clients end to end.

    with ScriptedServer() as server:
        server.enqueue("/api/partners", Reply(429, json={"retryAfter": 1}), Reply(json={"ok": 1}))
        ...  # point a client at server.url
        assert [r.method for r in server.requests] == ["DELETE", "DELETE"]

- Each path has a queue of replies, used in order, one per request (the query string is ignored
  when matching). When a path's queue is empty, ``server.handler(request)`` answers if set (an
  e2e test can plug in a whole fake API there), and otherwise a 418 says nothing was scripted.
- A ``Reply`` gives a status, headers, and a body (``json=`` or raw ``body=``); it can wait
  before answering (``delay=``) or close the connection without answering (``Reply.dropped()``).
  ``Reply.malformed_json()`` is a 200 whose JSON is cut off.
- Every request is recorded, in arrival order, before it is answered: ``server.requests``.
- The server speaks HTTP/1.1 with keep-alive, one thread per connection. Stopping it (leaving the
  ``with``) wakes delayed replies, closes open connections and joins every thread, so no thread
  outlives the test. Errors raised inside the server (other than clients hanging up) are kept in
  ``server.errors``; a fixture should assert that it is empty.

Request bodies must come with a Content-Length (chunked uploads are not read).
"""

from __future__ import annotations

import contextlib
import json as jsonlib
import socket
import socketserver
import sys
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["RecordedRequest", "Reply", "ScriptedServer"]

_NO_JSON: Any = object()


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``json`` wins over ``body``; JSON gets its Content-Type by default."""

    status: int = 200
    json: Any = _NO_JSON
    body: bytes | str = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    @classmethod
    def dropped(cls, *, delay: float = 0.0) -> Reply:
        """Close the connection without sending a status line (after ``delay`` seconds)."""
        return cls(drop=True, delay=delay)

    @classmethod
    def malformed_json(cls, status: int = 200) -> Reply:
        """A reply that says it is JSON but is cut off halfway."""
        return cls(status, body='{"deletedIds": ["550e8400', headers=_JSON_TYPE)

    def payload(self) -> tuple[dict[str, str], bytes]:
        """The headers and body bytes to send."""
        headers = dict(self.headers)
        if self.json is not _NO_JSON:
            headers = {**_JSON_TYPE, **headers}
            return headers, jsonlib.dumps(self.json).encode()
        body = self.body.encode() if isinstance(self.body, str) else self.body
        return headers, body


_JSON_TYPE = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server received it.

    ``path`` is as sent (still percent-encoded), without the query; ``headers`` has lower-case
    names.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return jsonlib.loads(self.body)


class ScriptedServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a free port; use it as a context manager."""

    def __init__(self) -> None:
        self.handler: Callable[[RecordedRequest], Reply] | None = None
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Reply]] = defaultdict(deque)
        self._requests: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._httpd = _HTTPServer(self)
        # A short poll interval keeps stop() quick: shutdown() waits for the next poll.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), name="scripted-server"
        )
        # Bound to 127.0.0.1 (see _HTTPServer); only the port is chosen by the system.
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def enqueue(self, path: str, *replies: Reply) -> None:
        """Answer the next requests to ``path`` with ``replies``, in order."""
        with self._lock:
            self._queues[path].extend(replies)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The requests received for one path."""
        return [request for request in self.requests if request.path == path]

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed replies, close connections and join every thread."""
        self._stopping.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            # Unblocks handler threads waiting for the next request on a kept-alive connection.
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins the handler threads

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _reply_to(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            queue = self._queues.get(request.path)
            scripted = queue.popleft() if queue else None
        if scripted is not None:
            return scripted
        if self.handler is not None:
            return self.handler(request)
        text = f"no reply scripted for {request.method} {request.path}"
        return Reply(418, json={"error": {"en": text}})


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined on close (not daemons) so none outlives the test.
    daemon_threads = False
    block_on_close = True
    # Many clients connect at once in concurrency tests; the default backlog of 5 makes the
    # kernel drop SYNs, which costs a one-second retransmit each.
    request_queue_size = 256

    def __init__(self, owner: ScriptedServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        # A client that timed out or hung up is part of what the tests exercise.
        if isinstance(error, (ConnectionError, TimeoutError)) or self.owner._stopping.is_set():
            return
        if error is not None:
            self.owner.errors.append(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without it, small replies wait for the client's delayed ACK (about 40 ms each).
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        with self.server.owner._lock:
            self.server.owner._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.owner._lock:
                self.server.owner._connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``server.requests`` instead of a log."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        target = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            path=target.path,
            query=parse_qs(target.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        owner = self.server.owner
        reply = owner._reply_to(request)
        stopped = reply.delay > 0 and owner._stopping.wait(reply.delay)
        if reply.drop or stopped:
            self.close_connection = True
            return
        headers, body = reply.payload()
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve
