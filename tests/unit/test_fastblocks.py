"""The fast reader gives markdown-it-py's blocks for every page it reads, and reads real pages.

generator.parse.fastblocks must either give up (None) or give exactly what markdown-it-py gives:
checked on every page in the tests, and on pages mutated at random with markdown's special
characters and lines (hypothesis, fixed seed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from support.cli import ROOT

from generator.parse.blocks import markdown_blocks
from generator.parse.fastblocks import fast_blocks

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "hoko").glob("*-*.md"))
PAGES = sorted({*ROOT.joinpath("tests").rglob("*.md"), *ROOT.joinpath("spec", "docs").glob("*.md")})

FRAGMENTS = [
    "**", "*", "***", "_", "__", "`", "``", "\\", "\\*", "\\|", "[a](b)", "[a]", "](", "![a](b)",
    "<x>", "<a:b>", "<a@b.c>", "&amp;", "&#35;", "&x", "|", " | ", "---", "===", "***", "___",
    "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "#", "```", "~~~", "```js", "    ",
    "  ", " ", "\n", "\n\n", "\n---\n", "\n|---|---|\n", "\n| a | b |\n", "\n> q\n", "\n- i\n",
    "é", "ü", "📚", "\u00a0", "\u2028", "\t", "\r", "x", "Word", ":", ".", "(", ")",
    "[a](javascript:x)", "**b**", "`c`", "a_b", "\\\n",
]  # fmt: skip


def _agrees(text: str) -> bool:
    fast = fast_blocks(text)
    return fast is None or fast == markdown_blocks(text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_page_in_the_tests_reads_as_markdown_it_reads_it(page: Path) -> None:
    try:
        text = page.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: the page is refused before it is read")
    assert _agrees(text)


def test_real_pages_take_the_fast_path() -> None:
    """The Hoko page format as published reads without markdown-it (else the speed is lost)."""
    assert FIXTURES
    slow = [p.name for p in FIXTURES if fast_blocks(p.read_text(encoding="utf-8")) is None]
    assert slow == []


# (text, whether the fast reader reads it): the forms endpoint pages use, and near misses.
SHAPES = [
    ("| a | b |\n|:---|:---:|\n| `x` | **y** |\n| [l](http://x.y) | z |\n", True),
    ("| a | b |\n| --- | ---: |\n| `a \\| b` | c |   \n", True),
    ("Intro\n| a | b |\n|---|---|\n| 1 | 2 |\n", True),
    ("# T\n| a | b |\n|---|---|\n| 1 | 2 |\n", True),
    ("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n", True),
    ("Para line  \nnext line\n", True),
    ("Para\n- a\n- b\n\nAfter\n", True),
    ("Para\n1. a\n2. b\n", True),
    ("1) a\n2) b\n", True),
    ("- a\n## H\n", True),
    ("> **Note:** one\n>\n> two\n", True),
    ("````json\n{}\n`````\n", True),
    ("Title\n===\n\nText\n", True),
    ("x\n---\n- a\n", True),
    ("Para\n```\ncode\n```\n", True),
    ("a\\\nb\n", True),
    ("Type array<string> here\n", True),
    ("📚 **Docs:** [x](https://y)\n", True),
    ("Para\n2. a\n", False),
    ("> a\n> > b\n", False),
    ("Text &nbsp; more\n", False),
    ("## Status Codes ##\n", False),
    ("**Note:**Text\n", False),
    ("Use `GET /x` to *list*.\n", False),
    ("Email <a@b.co> here\n", False),
    ("- a\n\n- b\n", False),
    ("snake_case_name and __dunder__\n", False),
]


@pytest.mark.parametrize(("text", "fast"), SHAPES)
def test_shapes_are_read_or_left_to_markdown_it(text: str, fast: bool) -> None:
    blocks = fast_blocks(text)
    assert (blocks is not None) == fast
    assert blocks is None or blocks == markdown_blocks(text)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(FIXTURES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "insert", "delete", "line"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, draw(st.sampled_from(FRAGMENTS)) + lines[k])
            text = "\n".join(lines)
    return text


@seed(20261128)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_pages_read_as_markdown_it_reads_them(text: str) -> None:
    assert _agrees(text)


@seed(20261129)
@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join))
def test_runs_of_markup_read_as_markdown_it_reads_them(text: str) -> None:
    assert _agrees(text)
    assert _agrees("Intro line.\n" + text + "\n\n| a | b |\n|---|---|\n| " + text + " | x |\n")
