"""The annotated view's HTML, read without a browser: self-contained, every piece of doc text
escaped, a Content-Security-Policy that lets exactly its own style and script run, the same bytes
for the same docs, and `--html` on each command that runs the docs."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from support.cli import run_cli
from support.dom import parse_dom

from generator.diagnostics import Location
from generator.ir.provenance import Fact, Finding, PageFacts, Provenance
from generator.view.assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from generator.view.html import render_html, source_lines

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2)) </td></tr></table><b>"


def _view(text: str, facts: tuple[Fact, ...] = (), findings: tuple[Finding, ...] = ()) -> str:
    page = PageFacts("docs/page.md", ("GET /x",), facts, findings)
    methods = {"GET /x": ("client.x.get(\n    a: int,\n) -> X",)}
    return render_html(Provenance((page,), ()), {"docs/page.md": text}, methods, "0.1.0", "docs")


def test_doc_text_is_escaped_everywhere() -> None:
    """Markup in a page's lines, in a fact and in a finding's message reaches the HTML as text:
    the only tags are the view's own."""
    fact = Fact(1, "parameter", f"query parameter `{HOSTILE}`: string", "GET /x")
    finding = Finding(Location("docs/page.md", 1), "warning", HOSTILE)
    html = _view(f"| a | {HOSTILE} |\n<img src=x onerror=alert(3)>", (fact,), (finding,))
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert html.count("<script>") == 1  # the view's filtering script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dom = parse_dom(html)
    row = dom.by_id("p1-L1")
    assert HOSTILE in row.text  # the line, the fact and the finding, as text
    assert row.text.count(HOSTILE) == 3
    assert "<img src=x onerror=alert(3)>" in dom.by_id("p1-L2").text


def test_unprintable_characters_are_shown_as_escapes() -> None:
    """A right-to-left override or a NUL in a line is shown as its escape, so it cannot reorder
    or hide what the line says; a tab stays a tab."""
    html = _view("a\u202eb\x00c\td")
    line = parse_dom(html).by_id("p1-L1").text
    assert "\u202e" not in line and "\x00" not in line
    assert "a\\u202eb\\x00c\td" in line


def test_self_contained_and_locked_down() -> None:
    """No external resource, every link within the file, and a CSP whose hashes are those of the
    page's one style sheet and one script (so nothing else can run)."""
    html = _view("# (GET) X\n")
    dom = parse_dom(html)
    assert not [e for e in dom.walk() if "src" in e.attrs]
    assert all(a.attrs["href"].startswith("#") for a in dom.all("a"))
    assert not dom.all("link") and not dom.all("img") and not dom.all("iframe")
    (meta,) = [m for m in dom.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = meta.attrs["content"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy
    for text, directive in ((STYLE, "style-src"), (SCRIPT, "script-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}';" in policy
    (style,) = dom.all("style")
    (script,) = dom.all("script")
    assert style.text == STYLE and script.text == SCRIPT
    assert not [
        e for e in dom.walk() if "style" in e.attrs or any(k.startswith("on") for k in e.attrs)
    ]


def test_each_line_is_a_row_with_its_marks() -> None:
    """Every line of the page is a row; a fact's first line and the lines it spans are marked,
    a finding's line too, and a line that carried nothing is plain."""
    facts = (Fact(2, "example", "200 example → `X`", "GET /x", 4),)
    findings = (Finding(Location("docs/page.md", 5), "error", "broken"),)
    dom = parse_dom(_view("a\nb\nc\nd\ne\nf", facts, findings))
    rows = [dom.by_id(f"p1-L{n}") for n in range(1, 7)]
    assert [r.attrs.get("class", "") for r in rows] == ["", "fact", "part", "part", "error", ""]
    assert "200 example → X (lines 2 to 4)" in rows[1].text
    assert "error" in rows[4].text and "broken" in rows[4].text


def test_source_lines_count_as_diagnostics_do() -> None:
    """CR LF, CR and LF each end a line, and a byte-order mark is no character of line 1."""
    assert source_lines("\ufeffa\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_same_docs_same_bytes(project: Path) -> None:
    """Two runs over the same docs (and the same output on disk) write the same view, byte for
    byte."""
    assert run_cli("generate", cwd=project).code == 0
    first = run_cli("generate", "--html", "one.html", cwd=project)
    second = run_cli("generate", "--html", "two.html", cwd=project)
    assert first.code == second.code == 0, first.err + second.err
    assert (project / "one.html").read_bytes() == (project / "two.html").read_bytes()


def test_check_writes_the_view_too(project: Path) -> None:
    """`check --html` writes the view, up to date or not, and still says whether it is."""
    assert run_cli("generate", cwd=project).code == 0
    run = run_cli("check", "--html", "view.html", cwd=project)
    assert run.code == 0, run.err
    assert "up to date" in run.out
    html = (project / "view.html").read_text(encoding="utf-8")
    assert "client.partners.delete(" in html
    (project / "view.html").unlink()
    page = project / "spec" / "docs" / "partners-delete.md"
    page.write_text(page.read_text(encoding="utf-8").replace("10,000", "5,000"), encoding="utf-8")
    stale = run_cli("check", "--html", "view.html", cwd=project)
    assert stale.code == 1
    assert "at most 5,000 items" in (project / "view.html").read_text(encoding="utf-8")


def test_a_failed_run_still_writes_the_view(project: Path) -> None:
    """When an error stops `generate`, the view is written with the error at its line, and the
    outputs are not."""
    page = project / "spec" / "docs" / "partners-delete.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('"deletedIds": [', '"deletedIds": [,', 1), encoding="utf-8")
    run = run_cli("generate", "--html", "view.html", cwd=project)
    assert run.code == 1
    assert not (project / "generated").exists()
    line = text.splitlines().index('  "deletedIds": [') + 1
    assert f"partners-delete.md:{line}: error:" in run.err
    dom = parse_dom((project / "view.html").read_text(encoding="utf-8"))
    row = dom.by_id(f"p1-L{line}")
    assert "error" in row.attrs["class"].split()
    assert "not valid JSON" in row.text
    assert "the run stopped before a release" in dom.by_id("p1").text + dom.all("header")[0].text


def test_html_needs_the_docs(project: Path) -> None:
    """`--html` with `--from-spec` is a usage error: there are no pages to show."""
    run = run_cli("generate", "--from-spec", "x.yaml", "--html", "v.html", cwd=project)
    assert run.code == 2
    assert "--html" in run.err
    assert not (project / "v.html").exists()


def test_every_page_and_line_is_in_the_index_and_the_body(project: Path) -> None:
    """The index links each page; the page's table has one row per line of its file."""
    assert run_cli("generate", "--html", "view.html", cwd=project).code == 0
    dom = parse_dom((project / "view.html").read_text(encoding="utf-8"))
    (index_row,) = dom.by_id("i-p1").all("a")
    assert index_row.attrs["href"] == "#p1" and index_row.text == "spec/docs/partners-delete.md"
    lines = (project / "spec" / "docs" / "partners-delete.md").read_text(encoding="utf-8")
    rows = [r for r in dom.by_id("p1").all("tr") if re.fullmatch(r"p1-L\d+", r.attrs.get("id", ""))]
    assert len(rows) == len(source_lines(lines))
