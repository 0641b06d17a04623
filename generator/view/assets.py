"""The style sheet and the one script of the annotated view, and the Content-Security-Policy that
lets exactly these two run (by their sha256), and nothing else: no other script, no style
attribute, no image, font, frame or connection."""

from __future__ import annotations

import base64
import hashlib

__all__ = ["CONTENT_SECURITY_POLICY", "SCRIPT", "STYLE"]

STYLE = """
:root { --fact: #e6f4ea; --fact-edge: #2e7d32; --part: #f3faf5; --warn: #fff4d6;
  --warn-edge: #b26a00; --error: #fde8e8; --error-edge: #c62828; --text: #eef2f9; --text-edge: #6a84b0; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: #202124; background: #fff; margin: 0 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: 1.2rem 0 .3rem; }
h2 { font-size: 1.2rem; margin: 0 0 .4rem; }
h3 { font-size: 1rem; margin: .6rem 0 .3rem; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
.muted, .legend { color: var(--muted); }
.legend span { padding: 0 .4rem; margin-right: .5rem; border-left: 4px solid; }
.legend .l-fact { border-color: var(--fact-edge); background: var(--fact); }
.legend .l-text { border-color: var(--text-edge); background: var(--text); }
.legend .l-warn { border-color: var(--warn-edge); background: var(--warn); }
.legend .l-error { border-color: var(--error-edge); background: var(--error); }
table { border-collapse: collapse; }
.index th, .index td { text-align: left; padding: .2rem .7rem .2rem 0; vertical-align: top; }
.index td.n { text-align: right; }
.index tr.flagged td:first-child a::after { content: " \\26A0"; color: var(--warn-edge); }
.page { border-top: 2px solid #dadce0; margin-top: 2rem; padding-top: 1rem; }
.methods pre { background: #f1f3f4; padding: .5rem .7rem; margin: .3rem 0; border-radius: 4px; }
.source { width: 100%; table-layout: fixed; margin-top: .8rem; }
.source col.no { width: 4rem; }
.source col.md { width: 55%; }
.source th, .source td { padding: 1px .5rem; vertical-align: top; border-left: 4px solid transparent; }
.source th { font-weight: normal; text-align: right; color: var(--muted); }
.source th a { color: inherit; text-decoration: none; }
.source thead th { text-align: left; font-weight: bold; color: inherit; border-bottom: 1px solid #dadce0; }
.source tr.fact td.md { background: var(--fact); border-left-color: var(--fact-edge); }
.source tr.part td.md { background: var(--part); border-left-color: var(--fact-edge); }
.source tr.text td.md { background: var(--text); border-left-color: var(--text-edge); }
.source tr.warning td.md { background: var(--warn); border-left-color: var(--warn-edge); }
.source tr.error td.md { background: var(--error); border-left-color: var(--error-edge); }
.source tr:target th { background: #d2e3fc; }
ul.notes { list-style: none; margin: 0; padding: 0; }
ul.notes li { margin: 0 0 .15rem; }
.notes .kind, .notes .sev { font-size: 11px; text-transform: uppercase; letter-spacing: .03em;
  color: var(--muted); margin-right: .4rem; }
.notes li.warning .sev { color: var(--warn-edge); font-weight: bold; }
.notes li.error .sev { color: var(--error-edge); font-weight: bold; }
.notes li.warning, .notes li.error { font-weight: 500; }
.ctl { color: var(--error-edge); border: 1px dotted var(--error-edge); }
.findings li.warning { border-left: 4px solid var(--warn-edge); background: var(--warn); padding: .2rem .5rem; }
.findings li.error { border-left: 4px solid var(--error-edge); background: var(--error); padding: .2rem .5rem; }
.findings { list-style: none; padding: 0; }
@media print {
  body { margin: 0; font-size: 11px; }
  .filter, .legend a { display: none !important; }
  .page { break-before: page; border: 0; }
  .source tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .source td, .source th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var box = document.getElementById("only-warnings");
  if (!box) { return; }
  box.closest(".filter").hidden = false;
  var clean = document.querySelectorAll("[data-clean]");
  var shown = document.getElementById("shown");
  function apply() {
    clean.forEach(function (element) { element.hidden = box.checked; });
    var pages = document.querySelectorAll("article.page:not([hidden])").length;
    shown.textContent = pages + " of " + document.querySelectorAll("article.page").length + " pages shown";
  }
  box.checked = box.checked || window.location.hash === "#only-warnings";
  box.addEventListener("change", apply);
  apply();
})();
"""


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_digest(STYLE)}; script-src {_digest(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)
