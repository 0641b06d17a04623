"""The runtime's non-JSON bodies and responses, cookies, streaming and security schemes, through
the hand-written ``_demo_files.py`` against a real local server."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hoko_client_under_test import (
    AsyncVaultDemoClient,
    HokoError,
    NotFoundError,
    ValidationError,
    VaultDemoClient,
)
from support.server import Reply, ScriptedServer

KEY = "vk_0f3a9c"


@pytest.fixture
def vault(server: ScriptedServer) -> Iterator[VaultDemoClient]:
    """A client with every credential, bearer by default."""
    with VaultDemoClient(
        api_key=KEY, username="ann", password="s3cret", base_url=server.url
    ) as client:
        yield client


def test_multipart_fields_and_files(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """Fields are validated and sent as text parts; each file (bytes, a tuple, a list of them)
    as a file part; the boundary is httpx's."""
    server.enqueue("/files", Reply(201, json={"id": "f", "size": 3}))
    stored = vault.files.upload(
        file=("a.csv", b"x,y", "text/csv"), attachments=[b"1", io.BytesIO(b"2")], public=True
    )
    assert (stored.id, stored.size) == ("f", 3)
    (request,) = server.requests
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = request.body
    assert b'name="public"\r\n\r\ntrue\r\n' in body
    assert b'name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nx,y\r\n' in body
    assert body.count(b'form-data; name="attachments"') == 2
    server.enqueue("/files", Reply(201, json={"id": "g", "size": 1}))
    vault.files.upload(file=b"z", attachments=(b"1",))  # a tuple of one file
    assert server.requests[1].body.count(b'form-data; name="attachments"') == 1


def test_a_file_as_a_name_and_content_pair(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """A two-item tuple is one file (its name and content), not two files."""
    server.enqueue("/files", Reply(201, json={"id": "f", "size": 3}))
    vault.files.upload(file=("a.txt", b"x,y"))
    body = server.requests[0].body
    assert body.count(b'form-data; name="file"') == 1
    assert b'name="file"; filename="a.txt"' in body and b"\r\n\r\nx,y\r\n" in body
    server.enqueue("/files", Reply(201, json={"id": "g", "size": 1}))
    vault.files.upload(file=(None, b"z"))  # no file name: still one file
    assert server.requests[1].body.count(b'form-data; name="file"') == 1


def test_an_open_file_is_sent_under_its_base_name(
    vault: VaultDemoClient, server: ScriptedServer, tmp_path: Path
) -> None:
    """A file opened from a path goes under its own name, not the folders it is in."""
    path = tmp_path / "reports" / "q3.csv"
    path.parent.mkdir()
    path.write_bytes(b"a,b")
    server.enqueue("/files", Reply(201, json={"id": "f", "size": 3}))
    with path.open("rb") as handle:
        vault.files.upload(file=handle)
    assert b'name="file"; filename="q3.csv"' in server.requests[0].body
    named = io.BytesIO(b"x")
    named.name = "plain.txt"  # a name without folders
    server.enqueue("/files", Reply(201, json={"id": "g", "size": 1}))
    vault.files.upload(file=named)
    assert b'name="file"; filename="plain.txt"' in server.requests[1].body


def test_a_multipart_field_over_its_limit_is_refused(
    vault: VaultDemoClient, server: ScriptedServer
) -> None:
    """The model checks the fields before anything is sent; a file must be bytes."""
    with pytest.raises(ValidationError, match="title"):
        vault.files.upload(file=b"x", title="t" * 21)
    with pytest.raises(ValidationError, match="must be bytes or a binary file"):
        vault.files.upload(file=123)  # type: ignore[arg-type]
    assert server.requests == []


def test_form_body_with_extra_fields(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """A form is urlencoded, lists repeated; extra_body adds fields to it."""
    server.enqueue("/files/search", Reply(200, json=[]))
    assert vault.files.search(q="a&b", tags=["x", "y"], extra_body={"page": 2}) == []
    (request,) = server.requests
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.body == b"q=a%26b&tags=x&tags=y&page=2"


def test_a_form_spells_fields_as_the_api_does_and_leaves_defaults_to_it(
    vault: VaultDemoClient, server: ScriptedServer
) -> None:
    """A form field goes by its wire name (`maxSize`); a field with a default that was not
    given (`order`) is not sent: the server applies its own."""
    server.enqueue("/files/search", Reply(200, json=[]))
    vault.files.search(q="a", max_size=10)
    assert server.requests[0].body == b"q=a&maxSize=10"


def test_raw_bodies(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """Bytes go as they are, a file object is read first, text as UTF-8."""
    server.enqueue("/files/f1", Reply(204), Reply(204), Reply(204))
    vault.files.put("f1", b"\x00\xff")
    vault.files.put("f1", io.BytesIO(b"\x01"))
    vault.files.put("f1", "\N{SNOWMAN}")
    bodies = [(r.headers["content-type"], r.body) for r in server.requests]
    assert bodies == [
        ("application/octet-stream", b"\x00\xff"),
        ("application/octet-stream", b"\x01"),
        ("application/octet-stream", "\N{SNOWMAN}".encode()),
    ]


def test_bytes_cookies_and_headers(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """A binary response comes back as bytes; cookie parameters share one Cookie header, their
    values percent-encoded where a cookie may not hold them."""
    server.enqueue("/files/f1", Reply(200, body=b"\x89PNG\x00"))
    data = vault.files.download("f1", session="a b;c", theme="dark", x_trace="t-1")
    assert data == b"\x89PNG\x00"
    (request,) = server.requests
    assert request.headers["cookie"] == "session=a%20b%3Bc; theme=dark"
    assert request.headers["x-trace"] == "t-1"
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_streaming(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """The stream is handed over unread and closed after the block; an error status raises
    before the block (after any retries), its body read for the message."""
    payload = bytes(range(256)) * 512
    server.enqueue("/files/f1", Reply(200, body=payload), Reply(404, json={"message": "no file"}))
    with vault.files.download_stream("f1") as response:
        assert not response.is_closed
        chunks = list(response.iter_bytes(chunk_size=4096))
    assert response.is_closed and b"".join(chunks) == payload and len(chunks) > 1
    with pytest.raises(NotFoundError, match="no file"), vault.files.download_stream("f1"):
        pass


def test_streaming_asyncio(server: ScriptedServer) -> None:
    """The asyncio stream, in an ``async with``; an error status raises with the body's
    message, as the sync stream does."""
    server.enqueue(
        "/files/f2", Reply(200, body=b"abc" * 1000), Reply(404, json={"message": "no file"})
    )

    async def read() -> bytes:
        async with (
            AsyncVaultDemoClient(api_key=KEY, base_url=server.url) as client,
            client.files.download_stream("f2") as response,
        ):
            return await response.aread()

    assert asyncio.run(read()) == b"abc" * 1000
    with pytest.raises(NotFoundError, match="no file"):
        asyncio.run(read())


def test_security_per_operation(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """An operation's own schemes: a query key, basic before a cookie key, none at all; text
    responses come back as str."""
    server.enqueue(
        "/files/f1/summary", Reply(200, body="fine", headers={"content-type": "text/plain"})
    )
    server.enqueue("/files/f1", Reply(204))
    server.enqueue("/status", Reply(200, body="up"))
    assert vault.files.summary("f1") == "fine"
    vault.files.admin_delete("f1")
    assert vault.files.status() == "up"
    summary, admin, status = server.requests
    assert summary.query == {"api_key": [KEY]} and "authorization" not in summary.headers
    assert admin.headers["authorization"] == "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert "authorization" not in status.headers and "cookie" not in status.headers


def test_the_second_alternative_when_the_first_lacks_credentials(
    server: ScriptedServer,
) -> None:
    """Without a username and password, admin_delete falls back to the session cookie."""
    server.enqueue("/files/f1", Reply(204))
    with VaultDemoClient(api_key=KEY, base_url=server.url) as client:
        client.files.admin_delete("f1")
    assert server.requests[0].headers["cookie"] == f"vault_session={KEY}"


def test_missing_credentials(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key: the client refuses to be made (its default needs one), naming the variable;
    the environment's username and password are read."""
    monkeypatch.delenv("VAULT_DEMO_API_KEY", raising=False)
    with pytest.raises(HokoError, match="VAULT_DEMO_API_KEY"):
        VaultDemoClient(base_url=server.url)  # raises before it opens a connection
    monkeypatch.setenv("VAULT_DEMO_API_KEY", KEY)
    monkeypatch.setenv("VAULT_DEMO_USERNAME", "env-user")
    monkeypatch.setenv("VAULT_DEMO_PASSWORD", "env-pass")
    server.enqueue("/files/f1", Reply(204))
    with VaultDemoClient(base_url=server.url) as client:
        client.files.admin_delete("f1")
    expected = "Basic " + base64.b64encode(b"env-user:env-pass").decode()
    assert server.requests[0].headers["authorization"] == expected


def test_secrets_stay_out_of_errors(vault: VaultDemoClient, server: ScriptedServer) -> None:
    """A key sent in the query string is redacted from the error's message."""
    server.enqueue("/files/f1/summary", Reply(404, json={"message": "gone"}))
    with pytest.raises(NotFoundError) as raised:
        vault.files.summary("f1")
    assert KEY not in str(raised.value)


def test_a_cookie_list_leaves_its_nulls_out() -> None:
    """A list cookie's None items are left out of the value, as a list query parameter's are."""
    from hoko_client_under_test._encoding import encode_cookies

    assert encode_cookies({"ids": ["a", None, "b"], "gone": None, "theme": "dark"}) == (
        "ids=a%2Cb; theme=dark"
    )
