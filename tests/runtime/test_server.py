"""support.server: the scripted server other suites build on behaves as its docstring says."""

from __future__ import annotations

import contextlib
import threading
import time

import httpx
import pytest
from support.server import RecordedRequest, Reply, ScriptedServer


def test_records_every_request_as_received(server: ScriptedServer) -> None:
    """Method, raw path, parsed query, lower-case headers and body are recorded in order."""
    with httpx.Client(base_url=server.url) as http:
        http.post("/a%2Fb", params={"x": ["1", "2"], "y": ""}, content=b"[1]", headers={"X-K": "v"})
        http.get("/c")
    first, second = server.requests
    assert (first.method, first.path, first.query) == (
        "POST",
        "/a%2Fb",
        {"x": ["1", "2"], "y": [""]},
    )
    assert first.headers["x-k"] == "v" and first.json() == [1]
    assert (second.method, second.body) == ("GET", b"")
    assert server.requests_to("/c") == [second]


def test_replies_come_from_the_queue_then_the_handler_then_418(server: ScriptedServer) -> None:
    """Queued replies are used in order; then the handler answers; without one, a 418."""
    server.enqueue("/q", Reply(201, json={"n": 1}, headers={"X-N": "1"}), Reply(body="plain"))
    with httpx.Client(base_url=server.url) as http:
        first, second, third = (http.get("/q") for _ in range(3))
        server.handler = lambda request: Reply(json={"path": request.path})
        fourth = http.get("/q")
    assert (first.status_code, first.json(), first.headers["x-n"]) == (201, {"n": 1}, "1")
    assert first.headers["content-type"] == "application/json"
    assert second.text == "plain"
    assert third.status_code == 418 and "no reply scripted for GET /q" in third.text
    assert fourth.json() == {"path": "/q"}


def test_dropped_and_malformed_replies(server: ScriptedServer) -> None:
    """Reply.dropped() closes without answering; Reply.malformed_json() is cut-off JSON."""
    server.enqueue("/x", Reply.dropped(), Reply.malformed_json())
    with httpx.Client(base_url=server.url) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/x")
        reply = http.get("/x")
    with pytest.raises(ValueError):
        reply.json()


def test_stop_is_prompt_with_a_delayed_reply_and_an_idle_connection() -> None:
    """Stopping wakes a reply still waiting out its delay and closes kept-alive connections."""
    server = ScriptedServer().start()
    server.enqueue("/slow", Reply(delay=30))
    with httpx.Client(base_url=server.url) as idle, httpx.Client(base_url=server.url) as busy:
        idle.get("/idle")  # its connection stays open, waiting for a next request
        caller = threading.Thread(target=_get_ignoring_errors, args=(busy, "/slow"))
        caller.start()
        while not server.requests_to("/slow"):
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()
        caller.join()
    assert time.monotonic() - started < 1.0


def _get_ignoring_errors(http: httpx.Client, path: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        http.get(path)


def test_handler_errors_are_kept_for_the_test() -> None:
    """An exception inside a handler drops the connection and lands in server.errors."""

    def broken(request: RecordedRequest) -> Reply:
        raise KeyError(request.path)

    with ScriptedServer() as server, httpx.Client(base_url=server.url) as http:
        server.handler = broken
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/boom")
    assert [type(error) for error in server.errors] == [KeyError]
