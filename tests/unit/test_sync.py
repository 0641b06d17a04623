"""`generator.sync` against a real HTTP server on 127.0.0.1 that serves canned replies by path."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator.diagnostics import GeneratorError
from generator.sync import MAX_PAGE_BYTES, SyncReport, sync_docs

DELETE = "/docs/api/partners/delete/README.md"
LIST = "/docs/api/partners/list/README.md"
CREATE = "/docs/api/links/create/README.md"
PAGES = {DELETE: b"# Delete partners\n", LIST: b"# List partners\n", CREATE: b"# Create link\n"}
NAMES = ("links-create.md", "partners-delete.md", "partners-list.md")


@dataclass
class Reply:
    """A canned answer; `delay` stalls before the headers, `trickle` between body bytes."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0
    length: bool = True


class DocsServer(ThreadingHTTPServer):
    # Non-daemon handlers, so that server_close() joins them and none outlives its test.
    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, list[Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.closing = threading.Event()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_port}{path}"

    def serve(self, path: str, *replies: Reply) -> None:
        """Answer `path` with `replies` in turn, repeating the last one."""
        self.replies[path] = list(replies)

    def next_reply(self, path: str) -> Reply:
        self.hits[path] += 1
        queue = self.replies.get(path, [Reply(b"no such page", 404)])
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def handle_error(self, request: object, client_address: object) -> None:
        # The client hangs up on slow and oversized pages on purpose.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    server: DocsServer

    def do_GET(self) -> None:
        reply = self.server.next_reply(self.path)
        if self.server.closing.wait(reply.delay):
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.length:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        step = 1 if reply.trickle else len(reply.body) or 1
        for start in range(0, len(reply.body), step):
            self.wfile.write(reply.body[start : start + step])
            if reply.trickle and self.server.closing.wait(reply.trickle):
                return

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[DocsServer]:
    with DocsServer() as docs_server:
        thread = threading.Thread(target=docs_server.serve_forever, args=(0.01,))
        thread.start()
        try:
            yield docs_server
        finally:
            docs_server.closing.set()
            docs_server.shutdown()
            thread.join()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return tmp_path / "docs"


def publish(server: DocsServer, pages: dict[str, bytes] = PAGES, extra: str = "") -> str:
    """Serve an llms.txt at /docs/llms.txt linking `pages` plus links that are not pages."""
    links = [f"- [{path}]({server.url(path)}#request): an endpoint" for path in pages]
    if LIST in pages:  # one link relative to the index
        links[list(pages).index(LIST)] = "- [List partners](api/partners/list/README.md)"
    head = ["# Hoko API", "> Short links.", "- [Hoko](https://hoko.to): the site"]
    full = f"- [Everything]({server.url('/docs/llms-full.txt')})"
    index = "\n".join([*head, full, "## Endpoints", *links, extra])
    server.serve("/docs/llms.txt", Reply(index.encode()))
    for path, body in pages.items():
        server.serve(path, Reply(body))
    return server.url("/docs/llms.txt")


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(docs.iterdir())}


def test_first_sync_adds_every_page(server: DocsServer, docs: Path) -> None:
    """The first sync saves every endpoint page under its path's name and skips other links, and
    records each page's URL as the index gives it (sources.json: the client's docstrings link it)."""
    report = sync_docs(publish(server), docs)
    assert report == SyncReport(added=NAMES)
    assert report.summary() == "sync: 3 added, 0 changed, 0 removed, 0 unchanged"
    assert sorted(p.name for p in docs.iterdir()) == sorted([*NAMES, "sources.json"])
    assert (docs / "partners-list.md").read_bytes() == PAGES[LIST]
    sources = json.loads((docs / "sources.json").read_text(encoding="utf-8"))
    assert sources == {
        name: server.url(path) for name, path in zip(NAMES, sorted(PAGES), strict=True)
    }
    assert server.hits["/docs/llms-full.txt"] == 0


def test_second_sync_writes_nothing(server: DocsServer, docs: Path) -> None:
    """Syncing unchanged pages again leaves every file untouched and reports them unchanged."""
    index = publish(server)
    sync_docs(index, docs)
    for page in docs.iterdir():
        os.utime(page, ns=(10**18, 10**18))  # any rewrite would move the mtime off this
    before = snapshot(docs)
    assert sync_docs(index, docs) == SyncReport(unchanged=NAMES)
    assert snapshot(docs) == before


def test_changed_page_is_rewritten(server: DocsServer, docs: Path) -> None:
    """A page whose bytes changed is rewritten and reported as changed."""
    index = publish(server)
    sync_docs(index, docs)
    server.serve(DELETE, Reply(b"# Delete partners (soft)\n"))
    report = sync_docs(index, docs)
    assert report == SyncReport(changed=("partners-delete.md",), unchanged=NAMES[::2])
    assert (docs / "partners-delete.md").read_bytes() == b"# Delete partners (soft)\n"


@pytest.mark.parametrize("prune", [False, True])
def test_page_dropped_from_index_is_reported(server: DocsServer, docs: Path, prune: bool) -> None:
    """A page gone from the index is reported as removed, and deleted only with prune=True."""
    sync_docs(publish(server), docs)
    (docs / "NOTES.txt").write_text("mine")
    index = publish(server, {path: PAGES[path] for path in (DELETE, LIST)})
    report = sync_docs(index, docs, prune=prune)
    assert report == SyncReport(removed=("links-create.md",), unchanged=NAMES[1:])
    assert (docs / "links-create.md").exists() is not prune
    assert (docs / "NOTES.txt").exists()


def test_redirect_to_another_host_is_refused(server: DocsServer, docs: Path) -> None:
    """A redirect from 127.0.0.1 to localhost is refused, naming both URLs."""
    index = publish(server)
    server.serve(DELETE, Reply(status=302, headers={"Location": server.url(LIST, "localhost")}))
    with pytest.raises(GeneratorError, match=r"redirects to http://localhost:\d+/docs/api/"):
        sync_docs(index, docs)
    assert not docs.exists()
    assert server.hits[LIST] == 0


def test_same_host_redirects_are_followed(server: DocsServer, docs: Path) -> None:
    """A chain of same-host redirects, relative and absolute, is followed to the page."""
    index = publish(server)
    server.serve(DELETE, Reply(status=301, headers={"Location": "/moved"}))
    server.serve("/moved", Reply(status=307, headers={"Location": server.url("/final.md")}))
    server.serve("/final.md", Reply(b"# Moved\n"))
    sync_docs(index, docs)
    assert (docs / "partners-delete.md").read_bytes() == b"# Moved\n"


def test_redirect_loop_is_cut_short(server: DocsServer, docs: Path) -> None:
    """A page that keeps redirecting fails after five hops."""
    index = publish(server)
    server.serve(DELETE, Reply(status=302, headers={"Location": DELETE}))
    with pytest.raises(GeneratorError, match="more than 5 redirects"):
        sync_docs(index, docs)
    assert server.hits[DELETE] == 6


def test_non_http_urls_are_refused(server: DocsServer, docs: Path) -> None:
    """An index or page link that is not http(s) is an error at its line in the index."""
    with pytest.raises(GeneratorError, match=r"^file:///llms\.txt: error: .* not an http or https"):
        sync_docs("file:///llms.txt", docs)
    index = publish(server, extra="- [Old](ftp://127.0.0.1/docs/api/old/README.md)")
    with pytest.raises(GeneratorError, match=rf"^{index}:9: error: ftp://127.0.0.1/docs/api/old/"):
        sync_docs(index, docs)
    assert not docs.exists()


@pytest.mark.parametrize("path", ["/%2e%2e/x/README.md", "/..%2F..%2Fx/README.md", "/a/../../x.md"])
def test_path_traversal_is_refused(server: DocsServer, docs: Path, path: str) -> None:
    """A link whose name would leave the docs folder is refused before anything is fetched."""
    index = publish(server, extra=f"- [Evil]({server.url('/docs/api' + path)})")
    with pytest.raises(GeneratorError, match="would be saved outside the docs folder"):
        sync_docs(index, docs)
    assert not docs.exists()
    assert sum(server.hits.values()) == 1


def test_links_with_the_same_name_are_refused(server: DocsServer, docs: Path) -> None:
    """Two different links that map to one file name are an error naming both."""
    index = publish(server, extra=f"- [Again]({server.url('/docs/api/Partners/Delete/README.md')})")
    with pytest.raises(
        GeneratorError, match=r":9: error: .*Partners/Delete/.* and .*partners-delete"
    ):
        sync_docs(index, docs)


def test_names_drop_the_common_prefix_outside_docs_api(server: DocsServer, docs: Path) -> None:
    """Without a docs/api prefix, names drop the prefix all pages share; any .md page counts."""
    pages = {"/ref/v1/users/get/README.md": b"# Get\n", "/ref/v1/teams/list.md": b"# List\n"}
    publish(server, pages)
    report = sync_docs(server.url("/docs/llms.txt"), docs)
    assert report.added == ("teams-list.md", "users-get.md")


@pytest.mark.parametrize("status", [500, 429])
def test_transient_error_is_retried(server: DocsServer, docs: Path, status: int) -> None:
    """A 5xx or 429 followed by a 200 succeeds on the second attempt."""
    index = publish(server)
    server.serve(DELETE, Reply(status=status), Reply(PAGES[DELETE]))
    assert sync_docs(index, docs).added == NAMES
    assert server.hits[DELETE] == 2


def test_retries_run_out(server: DocsServer, docs: Path) -> None:
    """A page that keeps failing with 503 gives up after 1 + retries attempts."""
    index = publish(server)
    server.serve(CREATE, Reply(status=503))
    with pytest.raises(GeneratorError, match=r"HTTP 503 Service Unavailable \(tried 2 times\)"):
        sync_docs(index, docs, retries=1)
    assert server.hits[CREATE] == 2
    assert not docs.exists()


def test_not_found_writes_nothing(server: DocsServer, docs: Path) -> None:
    """A 404 fails at once, and pages downloaded before it are not written either."""
    index = publish(server)
    sync_docs(index, docs)
    before = snapshot(docs)
    server.serve(DELETE, Reply(b"# New delete\n"))
    server.serve(LIST, Reply(b"gone", 404))
    server.hits.clear()
    with pytest.raises(GeneratorError, match=rf"^{server.url(LIST)}: error: .*HTTP 404 Not Found"):
        sync_docs(index, docs)
    assert server.hits[LIST] == 1
    assert snapshot(docs) == before


@pytest.mark.parametrize("reply", [Reply(delay=5), Reply(b"# Slow\n" * 5, trickle=0.05)])
def test_slow_page_times_out(server: DocsServer, docs: Path, reply: Reply) -> None:
    """A page that answers late or trickles its body times out with the URL and the limit."""
    index = publish(server)
    server.serve(LIST, reply)
    started = time.monotonic()
    with pytest.raises(GeneratorError, match=rf"^{server.url(LIST)}: error: timed out after 0.3 s"):
        sync_docs(index, docs, timeout=0.3, retries=0)
    assert time.monotonic() - started < 2
    assert not docs.exists()


@pytest.mark.parametrize("length", [True, False])
def test_oversized_page_is_refused(server: DocsServer, docs: Path, length: bool) -> None:
    """A page over the size limit is refused, with or without a Content-Length."""
    index = publish(server)
    server.serve(LIST, Reply(b"x" * (MAX_PAGE_BYTES + 1), length=length))
    with pytest.raises(GeneratorError, match="response is larger than 5242880 bytes"):
        sync_docs(index, docs)
    assert not docs.exists()


def test_non_utf8_page_is_refused(server: DocsServer, docs: Path) -> None:
    """A page that is not UTF-8 is an error naming the bad byte."""
    index = publish(server)
    server.serve(LIST, Reply(b"# caf\xe9\n"))
    with pytest.raises(
        GeneratorError, match="response is not UTF-8 text \\(byte 0xe9 at offset 5\\)"
    ):
        sync_docs(index, docs)


def test_index_without_pages_is_refused(server: DocsServer, docs: Path) -> None:
    """An index with no .md links is an error, so a wrong URL never prunes the docs folder."""
    server.serve("/docs/llms.txt", Reply(b"<html><a href='/docs/api/x/README.md'>x</a></html>"))
    with pytest.raises(GeneratorError, match="links to no markdown pages"):
        sync_docs(server.url("/docs/llms.txt"), docs, prune=True)


def test_cli_sync_then_generate(server: DocsServer, tmp_path: Path) -> None:
    """`hoko-codegen sync` fetches the index's pages, reports them, and generate builds from them."""
    from support.cli import SEED, run_cli

    index = publish(server, {DELETE: SEED.read_bytes()})
    run = run_cli("sync", "--index", index, "--docs", "spec/docs", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "  added: partners-delete.md",
        "sync: 1 added, 0 changed, 0 removed, 0 unchanged",
    ]
    again = run_cli("sync", "--index", index, "--docs", "spec/docs", cwd=tmp_path)
    assert again.out.splitlines()[-1] == "sync: 0 added, 0 changed, 0 removed, 1 unchanged"
    assert run_cli("generate", cwd=tmp_path).code == 0
    resource = tmp_path / "generated" / "hoko_client" / "resources" / "partners.py"
    # The page's public URL, from the index, in the spec and in the method's docstring; no path
    # into the docs folder.
    spec = yaml.safe_load((tmp_path / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    assert spec["paths"]["/api/partners"]["delete"]["externalDocs"] == {"url": server.url(DELETE)}
    assert f"Docs: {server.url(DELETE)}" in resource.read_text(encoding="utf-8")
    assert "spec/docs/" not in resource.read_text(encoding="utf-8")


def test_a_bad_url_in_sources_is_a_warning(tmp_path: Path) -> None:
    """A sources.json entry that is not an http(s) URL is left out with a warning at the file."""
    from support.cli import SEED, run_cli

    docs = tmp_path / "spec" / "docs"
    docs.mkdir(parents=True)
    (docs / "partners-delete.md").write_bytes(SEED.read_bytes())
    (docs / "sources.json").write_text(json.dumps({"partners-delete.md": "javascript:alert(1)"}))
    run = run_cli("generate", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.err.splitlines() == [
        "spec/docs/sources.json: warning: the URL of 'partners-delete.md' is not an http(s) URL;"
        " left out"
    ]
    spec = yaml.safe_load((tmp_path / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    assert "externalDocs" not in spec["paths"]["/api/partners"]["delete"]


def test_cli_sync_error_is_one_line(server: DocsServer, tmp_path: Path) -> None:
    """A failed download is a `url: error:` line and exit 1, with nothing written."""
    from support.cli import run_cli

    run = run_cli("sync", "--index", server.url("/missing/llms.txt"), "--docs", "d", cwd=tmp_path)
    assert run.code == 1
    assert "/missing/llms.txt" in run.err and "error:" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "d").exists()
