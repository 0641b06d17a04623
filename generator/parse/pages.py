"""Blocks -> pages: one page per `# Title` heading, its blocks grouped under their `##` sections.

A file may hold one page (Hoko's per-endpoint README.md) or many one after another (llms-full.txt).
Hoko's navigation boilerplate (the llms.txt banner and the "Back to main documentation" line) is
dropped here so that no later stage mistakes it for content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.parse.blocks import Block, Heading, Paragraph, Rule

__all__ = ["Page", "Section", "split_pages"]

_BOILERPLATE = re.compile(
    r"^\W*(main documentation:|back to main documentation|this is an individual endpoint)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    title: str
    line: int
    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]

    def section(self, *names: str) -> Section | None:
        """The first section whose title is one of `names` (case-insensitive)."""
        wanted = {n.lower() for n in names}
        return next((s for s in self.sections if s.title.lower() in wanted), None)


def split_pages(blocks: list[Block]) -> tuple[list[Page], list[Block]]:
    """Pages in file order, and the content blocks found before the first page heading."""
    pages: list[Page] = []
    before: list[Block] = []
    title: Heading | None = None
    current: list[Block] = []
    for block in blocks:
        if _is_boilerplate(block):
            continue
        if isinstance(block, Heading) and block.level == 1:
            if title is not None:
                pages.append(_page(title, current))
            title, current = block, []
        elif title is None:
            before.append(block)
        else:
            current.append(block)
    if title is not None:
        pages.append(_page(title, current))
    return pages, before


def _is_boilerplate(block: Block) -> bool:
    if isinstance(block, Rule):
        return True
    text = block.text.plain if isinstance(block, Paragraph) else None
    if isinstance(block, Heading) and block.level == 2:
        text = block.text
    return text is not None and bool(_BOILERPLATE.match(text))


def _page(title: Heading, blocks: list[Block]) -> Page:
    preamble: list[Block] = []
    sections: list[Section] = []
    heading: Heading | None = None
    body: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            if heading is not None:
                sections.append(Section(heading.text, heading.line, tuple(body)))
            heading, body = block, []
        elif heading is None:
            preamble.append(block)
        else:
            body.append(block)
    if heading is not None:
        sections.append(Section(heading.text, heading.line, tuple(body)))
    return Page(title.text, title.line, tuple(preamble), tuple(sections))
