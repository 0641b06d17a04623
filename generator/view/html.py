"""The annotated view (`--html FILE`): every page's markdown, line by line, beside what the
generator read from it, in one self-contained HTML file.

Rendered from the `Provenance` (what `--report` writes), the pages' text, the signatures of the
generated methods and the release line; nothing here reads markdown. Every piece of doc text
goes through `html.escape` (characters that are not printable shown as their escapes, so a
right-to-left override cannot reorder a line), and no attribute holds doc text: ids and links
are numbers of ours. A Content-Security-Policy lets only the page's own style and its filtering
script run. The page reads the same without the script (which only hides pages that have no
finding) and prints one page per sheet.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence

from generator.diagnostics import Location
from generator.ir.provenance import Fact, Finding, PageFacts, Provenance
from generator.view.assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE

__all__ = ["render_html", "source_lines"]

_TAB, _NEWLINE = "\t", "\n"
_TEXT = "text"
"""The kind of fact that says a line's words are kept as they are (in a description)."""


def source_lines(text: str) -> list[str]:
    """The lines of a page as its diagnostics count them (a BOM dropped; CR LF, CR and LF each
    end a line)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def render_html(
    provenance: Provenance,
    sources: Mapping[str, str],
    methods: Mapping[str, Sequence[str]],
    release: str,
    docs: str,
) -> str:
    """The view of the pages in `provenance`; `sources` holds each page's text, `methods` the
    signatures of each operation's methods, `release` the run's release line ("" when the run
    stopped before one), `docs` the docs folder's name."""
    anchors = {page.path: f"p{number}" for number, page in enumerate(provenance.pages, 1)}
    links = _Links(anchors, provenance)
    parts = [_head(docs), _header(provenance, release, docs), _index(provenance, anchors)]
    if provenance.findings:
        parts.append('<section class="run-findings" aria-label="Findings at no page line">')
        parts.append("<h2>Findings at no page line</h2>")
        parts.append(_findings(provenance.findings, links))
        parts.append("</section>")
    parts.append("<main>")
    for page in provenance.pages:
        parts.extend(
            _page(page, anchors[page.path], sources.get(page.path, ""), methods, release, links)
        )
    parts.append("</main>")
    parts.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "\n".join(parts)


def _head(docs: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="hoko-codegen">\n'
        f"<title>What hoko-codegen read from {_text(docs)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>"
    )


def _header(provenance: Provenance, release: str, docs: str) -> str:
    pages = provenance.pages
    facts = sum(_read(p) for p in pages)
    warnings = sum(_count(p.findings, "warning") for p in pages) + _count(
        provenance.findings, "warning"
    )
    errors = sum(_count(p.findings, "error") for p in pages) + _count(provenance.findings, "error")
    said = f"release {_text(release)}" if release else "the run stopped before a release"
    return (
        f"<header>\n<h1>What hoko-codegen read from <code>{_text(docs)}</code></h1>\n"
        f'<p class="release">{said}</p>\n'
        f'<p class="totals">{_plural(len(pages), "page")}, {_plural(facts, "fact")} read, '
        f"{_plural(warnings, 'warning')}, {_plural(errors, 'error')}</p>\n"
        '<p class="legend"><span class="l-fact">became part of the spec</span>'
        '<span class="l-text">kept as text in a description</span>'
        '<span class="l-warn">warning</span><span class="l-error">error</span>'
        "unmarked lines carried nothing into the spec</p>\n</header>"
    )


def _index(provenance: Provenance, anchors: Mapping[str, str]) -> str:
    rows = []
    for page in provenance.pages:
        anchor = anchors[page.path]
        flagged = bool(page.findings)
        mark = ' class="flagged"' if flagged else ' class="clean" data-clean=""'
        operations = "<br>".join(f"<code>{_text(o)}</code>" for o in page.operations) or "none"
        rows.append(
            f'<tr id="i-{anchor}"{mark}><td><a href="#{anchor}">{_text(page.path)}</a></td>'
            f'<td>{operations}</td><td class="n">{_read(page)}</td>'
            f'<td class="n">{_count(page.findings, "warning")}</td>'
            f'<td class="n">{_count(page.findings, "error")}</td></tr>'
        )
    return (
        '<nav aria-label="Pages">\n<h2>Pages</h2>\n'
        '<p class="filter" hidden><label><input type="checkbox" id="only-warnings"> '
        'show only the pages with warnings or errors</label> <output id="shown"></output></p>\n'
        '<table class="index">\n<thead><tr><th scope="col">Page</th><th scope="col">Operations</th>'
        '<th scope="col">Facts read</th><th scope="col">Warnings</th><th scope="col">Errors</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</nav>"
    )


def _page(
    page: PageFacts,
    anchor: str,
    text: str,
    methods: Mapping[str, Sequence[str]],
    release: str,
    links: _Links,
) -> Iterator[str]:
    clean = "" if page.findings else ' data-clean=""'
    yield f'<article class="page" id="{anchor}" aria-labelledby="{anchor}-h"{clean}>'
    yield f'<h2 id="{anchor}-h">{_text(page.path)}</h2>'
    yield (
        f'<p class="counts">{_plural(_read(page), "fact")} read, '
        f"{_plural(_count(page.findings, 'warning'), 'warning')}, "
        f"{_plural(_count(page.findings, 'error'), 'error')}"
        f"{'; ' + _text(release) if release else ''}</p>"
    )
    yield '<section class="methods"><h3>Generated methods</h3>'
    signatures = [s for operation in page.operations for s in methods.get(operation, ())]
    for signature in signatures:
        yield f"<pre><code>{_text(signature, keep=_NEWLINE)}</code></pre>"
    if not signatures:
        yield '<p class="muted">none (the run stopped before the client was rendered)</p>'
    yield "</section>"
    unplaced = [f for f in page.findings if f.location.line == 0]
    if unplaced:
        yield _findings(unplaced, links)
    yield from _lines(page, anchor, source_lines(text), links)
    yield "</article>"


def _lines(page: PageFacts, anchor: str, lines: list[str], links: _Links) -> Iterator[str]:
    facts: dict[int, list[Fact]] = {}
    read: set[int] = set()
    parts: set[int] = set()
    kept: set[int] = set()
    for fact in page.facts:
        facts.setdefault(fact.line, []).append(fact)
        if fact.kind == _TEXT:
            kept.update(range(fact.line, max(fact.line, fact.last) + 1))
        else:
            read.add(fact.line)
            parts.update(range(fact.line + 1, fact.last + 1))
    findings: dict[int, list[Finding]] = {}
    for finding in page.findings:
        findings.setdefault(finding.location.line, []).append(finding)
    yield (
        '<table class="source"><colgroup><col class="no"><col class="md"><col></colgroup>\n'
        '<thead><tr><th scope="col">Line</th><th scope="col">Markdown</th>'
        '<th scope="col">What the generator read</th></tr></thead>\n<tbody>'
    )
    for number, line in enumerate(lines, 1):
        here = findings.get(number, [])
        classes = [
            name
            for name, present in (
                ("fact", number in read),
                ("part", number in parts and number not in read),
                ("text", number in kept and number not in read | parts),
                ("warning", any(f.severity == "warning" for f in here)),
                ("error", any(f.severity == "error" for f in here)),
            )
            if present
        ]
        notes = [_fact(f) for f in facts.get(number, [])]
        notes += [_finding(f, links) for f in here]
        notes += links.backlinks(page.path, number)
        row = f"{anchor}-L{number}"
        kind = f' class="{" ".join(classes)}"' if classes else ""
        cell = f'<ul class="notes">{"".join(notes)}</ul>' if notes else ""
        yield (
            f'<tr id="{row}"{kind}><th scope="row"><a href="#{row}">{number}</a></th>'
            f'<td class="md"><pre>{_text(line, keep=_TAB)}</pre></td><td>{cell}</td></tr>'
        )
    yield "</tbody></table>"


def _fact(fact: Fact) -> str:
    span = f" (lines {fact.line} to {fact.last})" if fact.last else ""
    return f'<li class="fact"><span class="kind">{_text(fact.kind)}</span>{_code_spans(fact.text)}{span}</li>'


def _finding(finding: Finding, links: _Links, *, placed: bool = True) -> str:
    """A finding at its line (`placed`), or with where it is, in a list of them."""
    where = "" if placed else f"<code>{_text(str(finding.location))}</code>: "
    related = "".join(f" ↔ {links.link(r)}" for r in finding.related)
    severity = "error" if finding.severity == "error" else "warning"
    return (
        f'<li class="{severity}"><span class="sev">{severity}</span>'
        f"{where}{_text(finding.message)}{related}</li>"
    )


def _findings(findings: Sequence[Finding], links: _Links) -> str:
    items = "".join(_finding(f, links, placed=False) for f in findings)
    return f'<ul class="findings">{items}</ul>'


class _Links:
    """Links to page lines, and the links back from the lines that findings elsewhere name."""

    def __init__(self, anchors: Mapping[str, str], provenance: Provenance) -> None:
        self._anchors = anchors
        named: dict[tuple[str, int], list[Location]] = {}
        places: set[tuple[Location, Location]] = set()
        for finding in (f for p in provenance.pages for f in p.findings):
            for other in finding.related:
                places.add((finding.location, other))
        for here, other in sorted(places, key=lambda pair: (str(pair[0]), str(pair[1]))):
            if (other, here) not in places:  # the other place names no finding back: link it
                named.setdefault((other.path, other.line), []).append(here)
        self._named = named

    def link(self, location: Location) -> str:
        anchor = self._anchors.get(location.path)
        label = f"<code>{_text(str(location))}</code>"
        if anchor is None:
            return label
        target = f"{anchor}-L{location.line}" if location.line else anchor
        return f'<a href="#{target}">{label}</a>'

    def backlinks(self, path: str, line: int) -> list[str]:
        return [
            f'<li class="backlink"><span class="kind">named by</span>a finding at {self.link(here)}</li>'
            for here in self._named.get((path, line), [])
        ]


def _read(page: PageFacts) -> int:
    """The facts read from a page (text kept as it is is none)."""
    return sum(1 for f in page.facts if f.kind != _TEXT)


def _count(findings: Sequence[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _code_spans(text: str) -> str:
    """`text` escaped, with what stands between backticks as code."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an odd backtick: no spans
        return _text(text)
    return "".join(
        f"<code>{_text(piece)}</code>" if index % 2 else _text(piece)
        for index, piece in enumerate(pieces)
    )


def _text(text: str, keep: str = "") -> str:
    """`text` for the page: escaped, each character that is not printable (but those in `keep`)
    shown as its escape, marked."""
    if text.isprintable():
        return html.escape(text)
    out = []
    for char in text:
        if char.isprintable() or char in keep:
            out.append(html.escape(char))
        else:
            out.append(f'<span class="ctl">{html.escape(repr(char)[1:-1])}</span>')
    return "".join(out)
