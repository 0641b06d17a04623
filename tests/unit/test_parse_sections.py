"""Sections beyond the parameters: prose kept in the description, unknown ones warned about."""

from __future__ import annotations

from support.cli import ROOT, SEED

from generator.diagnostics import Sink
from generator.parse import parse_text


def _page_with(section: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    return text.replace("## Status Codes", section + "\n\n## Status Codes", 1)


def test_prose_section_goes_to_the_description_quietly() -> None:
    """A '## Rate Limits' section is kept in the description without a warning."""
    sink = Sink()
    (endpoint,) = parse_text(_page_with("## Rate Limits\n\n100 requests per minute."), "p.md", sink)
    assert "Rate Limits: 100 requests per minute." in endpoint.notes
    assert sink.items == []
    assert endpoint.coverage.sections == endpoint.coverage.sections_mapped == 6


def test_unknown_section_is_a_warning_at_its_line() -> None:
    """An unknown section is kept as a note and reported, with its line."""
    sink = Sink()
    text = _page_with("## Webhooks\n\nWe call you back.")
    line = text.splitlines().index("## Webhooks") + 1
    (endpoint,) = parse_text(text, "p.md", sink)
    assert "Webhooks: We call you back." in endpoint.notes
    assert [str(d) for d in sink.items] == [
        f"p.md:{line}: warning: section '## Webhooks' is not one hoko-codegen maps; "
        "kept as a note in the description"
    ]
    assert endpoint.coverage.sections_mapped == endpoint.coverage.sections - 1


def test_limits_that_contradict_each_other_are_errors_at_their_rows() -> None:
    """A lower limit above its upper one (a number range, a length, an item count) leaves no
    value to send: an error at the row, whichever limit it is."""
    text = (ROOT / "tests" / "fixtures" / "hoko" / "links-list.md").read_text(encoding="utf-8")
    text = text.replace("Must be between 1 and 10,000.", "Must be between 500 and 100.")
    text = text.replace("Must be no more than 100 characters.", "(20-10 characters)")
    text = text.replace(
        "| tags | string | No | query |",
        "| tags | array<string> | No | query | At least 5 and at most 2 items.",
    )
    lines = text.splitlines()
    take = next(i for i, line in enumerate(lines) if line.startswith("| take ")) + 1
    search = next(i for i, line in enumerate(lines) if line.startswith("| search ")) + 1
    tags = next(i for i, line in enumerate(lines) if line.startswith("| tags ")) + 1
    sink = Sink()
    parse_text(text, "p.md", sink)
    assert [str(d) for d in sink.errors] == [
        f"p.md:{take}: error: the minimum of 'take' (500) is above its maximum (100): "
        "no value could satisfy both",
        f"p.md:{search}: error: the minimum length of 'search' (20) is above its maximum length "
        "(10): no value could satisfy both",
        f"p.md:{tags}: error: the minimum number of items of 'tags' (5) is above its maximum "
        "number of items (2): no value could satisfy both",
    ]
