"""Synthetic Hoko doc sets of any size, made from the real page shapes in tests/fixtures/hoko/.

Endpoint i copies fixture page i mod 21 (sorted by name) into "family" i div 21. Family 0 is the
fixtures as they are; family k > 0 renames every category and path segment after a noun from
`NOUNS` (`**Category:** Partners` -> `**Category:** Ledger Partners`, `/api/partners` ->
`/api/ledger-partners`), so each family adds new resources, operations and models. The shapes
cover list with take/skip, create many, upsert, update, delete many UUIDs, get by id and
single-object bodies, in the proportions the fixtures have them.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CHANGE", "FIXTURES", "NOUNS", "change_page", "changed_text", "make_docs", "pages"]

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hoko"

NOUNS = (
    "Ledger", "Atlas", "Harbor", "Summit", "Meadow", "Beacon", "Canyon", "Delta", "Ember", "Fjord",
    "Garnet", "Horizon", "Island", "Juniper", "Kestrel", "Lagoon", "Mosaic", "Nimbus", "Orchard",
    "Prairie", "Quarry", "Ridge", "Sierra", "Tundra", "Umber", "Vista", "Willow", "Yarrow",
    "Zephyr", "Amber", "Basalt", "Cobalt", "Dune", "Estuary", "Falcon", "Glacier", "Heron",
    "Indigo", "Jasper", "Kelp", "Lichen", "Marble", "Nectar", "Onyx", "Pebble", "Quill", "Raven",
    "Saffron", "Thistle", "Upland", "Velvet", "Walnut",
)  # fmt: skip

CHANGE = "Changed for the benchmark."
"""The sentence an edited page gains (in its description, so it reaches the spec and the client)."""

_CATEGORY = re.compile(r"^(\*\*Category:\*\* )(.+)$", re.MULTILINE)
_PATH = re.compile(r"(/api/)([a-z][a-z-]*)")


def _family_page(text: str, family: int) -> str:
    if family == 0:
        return text
    noun = NOUNS[(family - 1) % len(NOUNS)]
    if family > len(NOUNS):
        noun += str((family - 1) // len(NOUNS) + 1)
    text = _CATEGORY.sub(lambda m: f"{m.group(1)}{noun} {m.group(2)}", text)
    return _PATH.sub(lambda m: f"{m.group(1)}{noun.lower()}-{m.group(2)}", text)


def pages(count: int) -> dict[str, str]:
    """`count` endpoint pages: file name -> markdown text."""
    if count < 1:
        raise ValueError(f"need at least one endpoint, got {count}")
    fixtures = sorted(FIXTURES.glob("*.md"))
    if not fixtures:
        raise FileNotFoundError(f"no fixture pages in {FIXTURES}")
    texts = [p.read_text(encoding="utf-8") for p in fixtures]
    if count == 1:
        # One endpoint: the seed page, the one spec/docs ships with.
        seed = next(i for i, p in enumerate(fixtures) if p.name == "partners-delete.md")
        return {fixtures[seed].name: texts[seed]}
    out: dict[str, str] = {}
    for i in range(count):
        family, shape = divmod(i, len(fixtures))
        name = fixtures[shape].name if family == 0 else f"f{family:03d}-{fixtures[shape].name}"
        out[name] = _family_page(texts[shape], family)
    return out


def make_docs(folder: Path, count: int) -> Path:
    """Write `count` pages into `folder` (created; must be empty or missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty")
    for name, text in pages(count).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def changed_text(text: str, where: str = "the page") -> str:
    """A page's text with `CHANGE` added to its description (before its Authentication section)."""
    marker = "## Authentication"
    if marker not in text:
        raise ValueError(f"{where}: no '{marker}' section to edit before")
    return text.replace(marker, f"{CHANGE}\n\n{marker}", 1)


def change_page(folder: Path, page: Path | None = None) -> Path:
    """Edit one page's description (a doc change that alters the spec and the client)."""
    page = page or sorted(folder.glob("*.md"))[len(list(folder.glob("*.md"))) // 2]
    page.write_text(changed_text(page.read_text(encoding="utf-8"), str(page)), "utf-8")
    return page
