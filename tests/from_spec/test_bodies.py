"""Request bodies by content type: JSON, form-urlencoded, multipart with files, octet-stream and
text, each as the server receives it (bodies.yaml)."""

from __future__ import annotations

import io
import json
from email.parser import BytesParser
from email.policy import HTTP
from types import ModuleType

import pytest
from support.server import RecordedRequest, Reply, ScriptedServer

from from_spec.conftest import render


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """bodies.yaml rendered as `uploads_client`."""
    return render(tmp_path_factory, "bodies.yaml", "uploads_client")[0]


def _parts(request: RecordedRequest) -> list[tuple[str, str | None, str | None, bytes]]:
    """(field name, filename, content type, bytes) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    return [
        (
            str(part.get_param("name", header="content-disposition")),
            part.get_filename(),
            part.get("content-type"),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]


def test_json_body(uploads: ModuleType, server: ScriptedServer) -> None:
    """A JSON body is sent as JSON with only the fields given, its limits checked first; a
    readOnly field, though required, is no argument."""
    server.enqueue("/v1/notes", Reply(201, json={"id": 1, "text": "hi", "pinned": None}))
    with uploads.UploadsClient(base_url=server.url + "/v1") as client:
        note = client.notes.create_note(text="hi")
        with pytest.raises(uploads.ValidationError, match="text"):
            client.notes.create_note(text="x" * 21)
        with pytest.raises(TypeError, match="'id'"):
            client.notes.create_note(text="x", id=3)
    assert note.id == 1
    (request,) = server.requests
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {"text": "hi"}


def test_form_body(uploads: ModuleType, server: ScriptedServer) -> None:
    """A form body is urlencoded: lists as repeated fields, numbers as the API spells them, a
    call's extra_body added as fields; its limits are checked first."""
    server.enqueue("/v1/notes/search", Reply(200, json=[]))
    with uploads.UploadsClient(base_url=server.url + "/v1") as client:
        found = client.notes.search_notes(
            query="a b", tags=["x", "y"], limit=5, extra_body={"lang": "en"}
        )
        with pytest.raises(uploads.ValidationError, match="limit"):
            client.notes.search_notes(query="q", limit=51)
    assert found == []
    (request,) = server.requests
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.body == b"limit=5&query=a+b&tags=x&tags=y&lang=en"


def test_multipart_with_files(uploads: ModuleType, server: ScriptedServer) -> None:
    """A multipart body sends its fields as text parts and each file as a file part: bytes, a
    (filename, content, type) tuple, a binary file object, and a list of files."""
    server.enqueue("/v1/files", Reply(201, json={"id": "f1", "size": 3, "title": None}))
    attachment = io.BytesIO(b"second")
    attachment.name = "/tmp/notes/second.bin"
    with uploads.UploadsClient(base_url=server.url + "/v1") as client:
        stored = client.files.upload_file(
            file=("a.txt", b"abc", "text/plain"),
            attachments=[b"first", attachment],
            title="Report",
            public=True,
        )
    assert (stored.id, stored.size) == ("f1", 3)
    (request,) = server.requests
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _parts(request) == [
        ("public", None, None, b"true"),
        ("title", None, None, b"Report"),
        ("file", "a.txt", "text/plain", b"abc"),
        ("attachments", "attachments", "application/octet-stream", b"first"),
        ("attachments", "second.bin", "application/octet-stream", b"second"),
    ]


def test_multipart_checks_fields_and_files_before_sending(
    uploads: ModuleType, server: ScriptedServer
) -> None:
    """A field over its limit, or a file that is not bytes, is refused before anything is sent."""
    with uploads.UploadsClient(base_url=server.url + "/v1") as client:
        with pytest.raises(uploads.ValidationError, match="title"):
            client.files.upload_file(file=b"x", title="t" * 41)
        with pytest.raises(uploads.ValidationError, match="file"):
            client.files.upload_file(file="not bytes")
    assert server.requests == []


def test_octet_stream_and_text_bodies(uploads: ModuleType, server: ScriptedServer) -> None:
    """A binary body is sent as its bytes (a file object read first) with the documented type;
    a text body as UTF-8 with its charset."""
    server.enqueue("/v1/files/f%201/content", Reply(204), Reply(204))
    server.enqueue("/v1/files/f1/caption", Reply(204))
    with uploads.UploadsClient(base_url=server.url + "/v1") as client:
        assert client.files.replace_file_content("f 1", b"\x00\xff") is None
        client.files.replace_file_content("f 1", io.BytesIO(b"\x01\x02"))
        client.files.set_caption("f1", "caf\N{LATIN SMALL LETTER E WITH ACUTE}")
        with pytest.raises(uploads.ValidationError, match="extra_body"):
            client.files.set_caption("f1", "x", extra_body={"a": 1})
    first, second, caption = server.requests
    assert (first.headers["content-type"], first.body) == ("application/octet-stream", b"\x00\xff")
    assert second.body == b"\x01\x02"
    assert caption.headers["content-type"] == "text/plain; charset=utf-8"
    assert caption.body == "caf\N{LATIN SMALL LETTER E WITH ACUTE}".encode()
