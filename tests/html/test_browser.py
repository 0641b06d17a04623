"""The annotated view in a real browser (headless Chromium): it renders (a screenshot that is not
blank, in the view's own colours, so its style passed the Content-Security-Policy), the DOM holds
each annotation at its line, the filter shows only the pages with findings, and a hostile page is
shown as text: no script of its own runs, no link of its own exists."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from support.browser import Browser
from support.cli import ROOT, run_cli
from support.dom import Element, parse_dom

from generator.view.assets import SCRIPT

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"
HOSTILE_CORPUS = ROOT / "tests" / "hostile" / "corpus"
FACT_GREEN = (0xE6, 0xF4, 0xEA)
WARNING_YELLOW = (0xFF, 0xF4, 0xD6)


@pytest.fixture
def viewed(tmp_path: Path) -> Path:
    """A project of three fixture pages, the partners ones naming different write scopes (two
    warnings, one at each page), generated with `--html view.html` and `--report report.json`."""
    docs = tmp_path / "spec" / "docs"
    docs.mkdir(parents=True)
    for name in ("links-list.md", "partners-create.md", "partners-delete.md"):
        shutil.copy(FIXTURES / name, docs / name)
    page = docs / "partners-delete.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("has the linksWrite scope", "has the partnersWrite scope"))
    run = run_cli("generate", "--html", "view.html", "--report", "report.json", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.err.count(": warning:") == 2
    return tmp_path


def _dom(chromium: Browser, page: Path, *flags: str, fragment: str = "") -> Element:
    done = chromium(*flags, "--dump-dom", page.as_uri() + fragment)
    return parse_dom(done.stdout)


def _row(dom: Element, article: str, line: int) -> Element:
    return dom.by_id(f"{article}-L{line}")


def test_the_view_renders(chromium: Browser, viewed: Path, tmp_path: Path) -> None:
    """A screenshot of the view is not blank: many colours, among them the green of a line that
    became part of the spec and the yellow of a line with a warning."""
    shot = tmp_path / "view.png"
    chromium("--window-size=1280,8000", f"--screenshot={shot}", (viewed / "view.html").as_uri())
    with Image.open(shot) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 50
    assert FACT_GREEN in colours
    assert WARNING_YELLOW in colours


def test_the_dom_holds_each_annotation_at_its_line(chromium: Browser, viewed: Path) -> None:
    """Parameters, an enum read from a list further down, a scope, body limits from sentences,
    examples with their model, and the generated methods, each at its place in the DOM."""
    dom = _dom(chromium, viewed / "view.html")
    links, create, delete = "p1", "p2", "p3"
    assert dom.by_id(f"{delete}-h").text == "spec/docs/partners-delete.md"
    assert "query parameter take: integer, 1 to 10,000, default 50, optional" in (
        _row(dom, links, 30).text
    )
    enum = _row(dom, links, 41)
    assert "enum of query parameter sort: createdAt, updatedAt, clicks, slug" in enum.text
    assert [_row(dom, links, n).attrs.get("class") for n in range(42, 47)] == ["part"] * 5
    assert _row(dom, links, 40).attrs.get("class") is None  # a blank line carried nothing
    assert "DELETE /api/partners → operation deletePartners" in _row(dom, delete, 10).text
    assert "limit of the request body: at most 10,000 items" in _row(dom, delete, 28).text
    assert "limit of the request body: at least 1 item" in _row(dom, delete, 35).text
    assert "200 example → DeletePartnersResponse (lines 73 to 77)" in _row(dom, delete, 73).text
    methods = dom.by_id(delete).by_class("methods")[0].text
    assert "client.partners.delete(" in methods and "client.partners.delete_in_batches(" in methods
    assert "release 0.1.0 (first release)" in dom.all("header")[0].text
    index = dom.by_id(f"i-{create}").all("td")
    assert [cell.text for cell in index[3:]] == ["1", "0"]  # warnings, errors


def test_findings_across_pages_link_both_ways(chromium: Browser, viewed: Path) -> None:
    """The scope warning at each partners page is highlighted at its line and links to the other
    page's line."""
    dom = _dom(chromium, viewed / "view.html")
    create, delete = _row(dom, "p2", 22), _row(dom, "p3", 22)
    for row, other in ((create, "#p3-L22"), (delete, "#p2-L22")):
        assert "warning" in row.attrs["class"].split()
        assert "different scopes for writes" in row.text
        assert other in [a.attrs["href"] for a in row.all("a")]


def test_the_view_and_the_report_say_the_same(chromium: Browser, viewed: Path) -> None:
    """Every fact `--report` gives for a page is at its line in the view (one source for both)."""
    dom = _dom(chromium, viewed / "view.html")
    report = json.loads((viewed / "report.json").read_text(encoding="utf-8"))
    assert [p["path"] for p in report["pages"]] == [
        dom.by_id(f"p{n}-h").text for n in range(1, len(report["pages"]) + 1)
    ]
    for number, page in enumerate(report["pages"], 1):
        for fact in page["facts"]:
            assert fact["text"].replace("`", "") in _row(dom, f"p{number}", fact["line"]).text


def test_the_filter_shows_only_pages_with_findings(chromium: Browser, viewed: Path) -> None:
    """Opened at #only-warnings, the script hides the page without findings and its index row;
    the pages with warnings stay."""
    dom = _dom(chromium, viewed / "view.html", fragment="#only-warnings")
    assert "hidden" in dom.by_id("p1").attrs and "hidden" in dom.by_id("i-p1").attrs
    for shown in ("p2", "p3", "i-p2", "i-p3"):
        assert "hidden" not in dom.by_id(shown).attrs
    assert dom.by_id("shown").text == "2 of 3 pages shown"
    assert "hidden" not in dom.by_class("filter")[0].attrs


def test_readable_without_javascript(chromium: Browser, viewed: Path, tmp_path: Path) -> None:
    """Without its script (as a browser with scripts off has it), the view renders the same
    marks and annotations, and shows no filter that could not work."""
    text = (viewed / "view.html").read_text(encoding="utf-8")
    assert text.count(f"<script>{SCRIPT}</script>") == 1
    bare = tmp_path / "no-script.html"
    bare.write_text(text.replace(f"<script>{SCRIPT}</script>", ""), encoding="utf-8")
    shot = tmp_path / "no-script.png"
    chromium("--window-size=1280,2000", f"--screenshot={shot}", bare.as_uri())
    with Image.open(shot) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert FACT_GREEN in colours and len(colours) > 50
    dom = _dom(chromium, bare)
    assert not dom.all("script")
    assert "hidden" in dom.by_class("filter")[0].attrs
    assert "scope linksRead" in _row(dom, "p1", 22).text
    assert "scope linksWrite" in _row(dom, "p2", 22).text


PING = """# (GET) Ping {n}
**Category:** Ping
## Endpoint

GET /api/ping/{n}

## Authentication

Requires an API key with the pingRead scope.
"""


def test_printable_one_page_a_sheet(chromium: Browser, project: Path, tmp_path: Path) -> None:
    """Printed, the index takes the first sheet and each page starts a sheet of its own."""
    docs = project / "spec" / "docs"
    (docs / "partners-delete.md").unlink()
    for n in (1, 2, 3):
        (docs / f"ping-{n}.md").write_text(PING.format(n=n), encoding="utf-8")
    run_cli("generate", "--html", "view.html", cwd=project)
    pdf = tmp_path / "view.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (project / "view.html").as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert max(int(n) for n in re.findall(rb"/Count (\d+)", data)) == 4


HOSTILE_PAGE = """# (GET) Hostile <script>document.title = "ran: title"</script>
A page written to break the view. <img src=x onerror="document.title = 'ran: img'">
**Category:** Hostile
## Endpoint

GET /api/hostile

[click me](javascript:document.title='ran:link') <a href="javascript:alert(1)">raw link</a>
<iframe src="https://example.com"></iframe> <!-- an open comment

## Authentication

Requires an API key with the hostileRead scope.

## Query Parameters

| Parameter | Type | Required | Location | Description |
|---|---|---|---|---|
| q | string | No | query | </td></tr></table><b>bold <script>document.title = "ran: cell"</script> |
| r | string | No | query | <style>body { display: none }</style></pre><textarea> |
"""


def test_a_hostile_page_shows_as_text(chromium: Browser, project: Path) -> None:
    """Script tags, javascript: links, images, frames, a stray style and unbalanced table markup
    in a page (and the hostile-docs corpus beside it) are shown as text: the view's own script is
    the only one, no element of theirs exists, the title is untouched, and every line is a row."""
    docs = project / "spec" / "docs"
    for page in sorted(HOSTILE_CORPUS.glob("*.md")):
        shutil.copy(page, docs / page.name)
    (docs / "a-hostile.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    run_cli("generate", "--html", "view.html", cwd=project)
    dom = _dom(chromium, project / "view.html")
    assert dom.all("title")[0].text == "What hoko-codegen read from spec/docs"
    assert len(dom.all("script")) == 1
    assert len(dom.all("style")) == 1
    for tag in ("img", "iframe", "textarea", "b"):
        assert dom.all(tag) == [], tag
    assert all(a.attrs["href"].startswith("#") for a in dom.all("a"))
    assert not [e for e in dom.walk() if any(k.startswith("on") for k in e.attrs)]
    pages = sorted(docs.glob("*.md"))
    articles = [e for e in dom.all("article")]
    assert len(articles) == len(pages)
    for number, page in enumerate(pages, 1):
        rows = [
            r
            for r in articles[number - 1].all("tr")
            if re.fullmatch(r"p\d+-L\d+", r.attrs.get("id", ""))
        ]
        text = page.read_bytes().decode("utf-8", errors="replace")
        lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert len(rows) == len(lines), page.name
    hostile = dom.by_id("p1")
    assert '<script>document.title = "ran: cell"</script>' in _row(dom, "p1", 19).text
    assert "</td></tr></table><b>bold" in _row(dom, "p1", 19).text
    assert "[click me](javascript:document.title='ran:link')" in _row(dom, "p1", 8).text
    assert "<style>body { display: none }</style></pre><textarea>" in hostile.text
