"""Sections beyond the parameters: prose kept in the description, unknown ones warned about."""

from __future__ import annotations

from support.cli import SEED

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
