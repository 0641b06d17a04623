"""_logs: HOKO_LOG turns the package's log on, to stderr, with every secret redacted."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import httpx
import pytest
from hoko_client_under_test import logger, redact, redact_url, setup_logging
from support.server import Reply, ScriptedServer

from .conftest import API_KEY, LINK_ID, PACKAGE, package_root

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from {package} import AsyncDemoClient, DemoClient, HokoError

    with DemoClient(api_key={key!r}, base_url=sys.argv[1]) as client:
        client.links.delete([{id!r}], extra_query={{"token": {key!r}}})
        try:
            client.links.delete([{id!r}])
        except HokoError as error:
            print(error)

    async def main():
        async with AsyncDemoClient(api_key={key!r}, base_url=sys.argv[1]) as client:
            await client.links.delete([{id!r}], extra_query={{"token": {key!r}}})

    asyncio.run(main())
    """
)


def run_with_log(server: ScriptedServer, level: str | None) -> subprocess.CompletedProcess[str]:
    server.enqueue(
        "/api/links",
        Reply(json={"deletedIds": [LINK_ID]}, headers={"X-Echo": f"got {API_KEY}"}),
        Reply(400, json={"error": {"en": "Invalid request"}}),
        Reply(json={"deletedIds": [LINK_ID]}),
    )
    env = {key: value for key, value in os.environ.items() if key != "HOKO_LOG"}
    if level is not None:
        env["HOKO_LOG"] = level
    env["PYTHONPATH"] = str(package_root())
    script = SCRIPT.format(package=PACKAGE, key=API_KEY, id=LINK_ID)
    return subprocess.run(
        [sys.executable, "-c", script, server.url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_hoko_log_info_prints_one_line_per_request_and_response(server: ScriptedServer) -> None:
    """HOKO_LOG=info: request and response lines on stderr (sync and async calls), without
    headers or the key (which the query string and a response header carried)."""
    result = run_with_log(server, "info")
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[1].split()[0] for line in lines] == ["request", "response"] * 3
    assert "token=[redacted]" in lines[4]
    assert all(" INFO hoko_client: " in line for line in lines)
    assert "token=[redacted]" in lines[0] and "-> 200 OK (links.delete, attempt 1" in lines[1]
    assert lines[0].endswith("(links.delete, attempt 1)")
    assert "headers=" not in result.stderr
    assert API_KEY not in result.stderr + result.stdout
    assert "Invalid request" in result.stdout


def test_hoko_log_debug_adds_headers_with_secrets_redacted(server: ScriptedServer) -> None:
    """HOKO_LOG=debug: the headers too, Authorization and the key elsewhere redacted."""
    result = run_with_log(server, "DEBUG")
    assert " DEBUG hoko_client: request DELETE" in result.stderr
    assert "'authorization': '[redacted]'" in result.stderr
    assert "'x-echo': 'got [redacted]'" in result.stderr
    assert API_KEY not in result.stderr


@pytest.mark.parametrize("level", [None, "", "verbose"])
def test_without_hoko_log_the_package_prints_nothing(
    server: ScriptedServer, level: str | None
) -> None:
    """Unset, empty or unknown HOKO_LOG: the log is left to the application (nothing here)."""
    assert run_with_log(server, level).stderr == ""


def test_setup_logging_adds_one_handler_however_often_it_runs() -> None:
    """setup_logging sets the level and adds its stderr handler once."""
    before = (logger.level, list(logger.handlers))
    try:
        setup_logging({"HOKO_LOG": "info"})
        setup_logging({"HOKO_LOG": "info"})
        added = [h for h in logger.handlers if h not in before[1]]
        assert logger.level == logging.INFO and len(added) == 1
        setup_logging({"HOKO_LOG": "debug"})
        assert logger.level == logging.DEBUG
    finally:
        logger.setLevel(before[0])
        logger.handlers[:] = before[1]


def test_redaction_covers_headers_urls_and_passwords() -> None:
    """Credential headers are replaced whole; the key is scrubbed from any other value and
    from URLs (as sent or percent-encoded); a URL's password is hidden."""
    key = "hk/live+secret"
    headers = httpx.Headers(
        {"Authorization": "Bearer x", "Cookie": "s=1", "X-Other": f"k={key}", "X-Fine": "ok"}
    )
    assert redact(headers, key) == {
        "authorization": "[redacted]",
        "cookie": "[redacted]",
        "x-other": "k=[redacted]",
        "x-fine": "ok",
    }
    url = httpx.URL("https://user:pw@hoko.to/api/links", params={"token": key})
    text = redact_url(url, key)
    assert text == "https://user:[redacted]@hoko.to/api/links?token=[redacted]"
    assert redact_url("https://hoko.to/api", "") == "https://hoko.to/api"
    # A query that repeats the credentials (a return URL) loses them too.
    again = redact_url("https://user:pw@hoko.to/api?next=//user:pw@hoko.to/x", "")
    assert again == "https://user:[redacted]@hoko.to/api?next=//user:[redacted]@hoko.to/x"
