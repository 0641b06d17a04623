"""Responses by content type: JSON parsed, text as str, binary as bytes, a streaming twin for
large downloads, and no body as None (responses.yaml)."""

from __future__ import annotations

import asyncio
import inspect
from types import ModuleType

import pytest
from support.server import Reply, ScriptedServer

from from_spec.conftest import module, render

PDF = b"%PDF-1.7\n\x00\xff" * 4096


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """responses.yaml rendered as `reports_client`."""
    return render(tmp_path_factory, "responses.yaml", "reports_client")[0]


def test_server_variables_give_the_default_base_url(reports: ModuleType) -> None:
    """`https://{region}.reports.example` with region's default `eu`."""
    assert reports.ReportsClient._default_base_url == "https://eu.reports.example"


def test_json_text_bytes_and_nothing(reports: ModuleType, server: ScriptedServer) -> None:
    """Each success body comes back as its documented kind."""
    server.enqueue("/reports/1", Reply(200, json={"id": 1, "title": None, "pages": 3}))
    server.enqueue(
        "/reports/1/summary",
        Reply(
            200,
            body="All good \N{CHECK MARK}".encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"},
        ),
    )
    server.enqueue(
        "/reports/1/pdf", Reply(200, body=PDF, headers={"Content-Type": "application/pdf"})
    )
    server.enqueue("/reports/1/raw", Reply(200, json={"anything": [1, None]}))
    server.enqueue("/reports/1/archive", Reply(204))
    with reports.ReportsClient(base_url=server.url) as client:
        report = client.reports.get_report(1)
        summary = client.reports.get_report_summary(1)
        pdf = client.reports.download_report(1)
        raw = client.reports.get_raw_report(1)
        archived = client.reports.archive_report(1)
    assert (report.id, report.title, report.model_extra) == (1, None, {"pages": 3})
    assert summary == "All good \N{CHECK MARK}"
    assert pdf == PDF
    assert raw == {"anything": [1, None]}
    assert archived is None
    # The document has no securitySchemes: no credentials were asked for, none are sent.
    assert all("authorization" not in r.headers for r in server.requests)


def test_streaming_a_download(reports: ModuleType, server: ScriptedServer) -> None:
    """`download_report_stream` hands over the response unread, in a with block; an error
    status raises before the block, as the plain method does."""
    server.enqueue("/reports/2/pdf", Reply(200, body=PDF), Reply(404, json={"message": "gone"}))
    with reports.ReportsClient(base_url=server.url, max_retries=0) as client:
        with client.reports.download_report_stream(2) as response:
            chunks = list(response.iter_bytes())
        assert response.is_closed
        with (
            pytest.raises(reports.NotFoundError, match="gone"),
            client.reports.download_report_stream(2),
        ):
            pass
    assert b"".join(chunks) == PDF


def test_streaming_asyncio(reports: ModuleType, server: ScriptedServer) -> None:
    """The asyncio twin streams in an `async with`."""
    server.enqueue("/reports/3/pdf", Reply(200, body=PDF))

    async def download() -> bytes:
        async with (
            reports.AsyncReportsClient(base_url=server.url) as client,
            client.reports.download_report_stream(3) as response,
        ):
            return b"".join([chunk async for chunk in response.aiter_bytes()])

    assert asyncio.run(download()) == PDF


def test_only_binary_responses_get_a_streaming_twin(reports: ModuleType) -> None:
    """JSON and text operations have no `_stream` method; the raw-response variant has the
    streaming method's parameters."""
    resource = module(reports, "resources.reports").ReportsResource
    streams = sorted(n for n in vars(resource) if n.endswith("_stream"))
    assert streams == ["download_report_stream"]
    params = inspect.signature(resource.download_report_stream).parameters
    assert list(params)[:2] == ["self", "report_id"]
