"""The helper process and the caches: what they hand back is exactly what the build would make."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import ROOT

from generator import parsing, render_models
from generator.client_model import plan_client
from generator.diagnostics import Sink
from generator.helper import Helper, HelperError, _Forked, _models
from generator.openapi.build import build_openapi
from generator.parse import parse_docs

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def helper() -> Iterator[Helper]:
    with Helper() as started:
        yield started


def _files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.md"))]


def test_split_parse_matches_serial(helper: Helper, monkeypatch: pytest.MonkeyPatch) -> None:
    """Half the pages parsed by the helper: the same endpoints and diagnostics, in order; and
    the same again when every page comes from the cache."""
    monkeypatch.setattr(parsing, "SPLIT_PAGES", 2)
    serial, split, cached = Sink(), Sink(), Sink()
    expected = parse_docs(_files(), serial)
    assert parsing.parse_pages(_files(), split, helper) == expected
    assert [str(d) for d in split.items] == [str(d) for d in serial.items]
    assert parsing.parse_pages(_files(), cached) == expected
    assert [str(d) for d in cached.items] == [str(d) for d in serial.items]


def test_split_parse_leaves_errors_to_a_serial_parse(
    helper: Helper, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A duplicate endpoint across the halves is reported as a serial parse reports it."""
    monkeypatch.setattr(parsing, "SPLIT_PAGES", 2)
    files = _files()
    files.append(("copy.md", files[0][1]))
    serial, split = Sink(), Sink()
    parse_docs(files, serial)
    parsing.parse_pages(files, split, helper)
    assert serial.errors
    assert [str(d) for d in split.items] == [str(d) for d in serial.items]


@pytest.mark.parametrize(
    ("split_at", "fork"), [(1, True), (1, False), (10_000, True)], ids=["fork", "here", "all"]
)
def test_models_rendered_with_the_helper_match(
    helper: Helper, monkeypatch: pytest.MonkeyPatch, split_at: int, fork: bool
) -> None:
    """Modules rendered in two halves by the helper and its forked child, half here and half in
    the helper (a system without fork), or all there are byte for byte the same."""
    document = build_openapi(parse_docs(_files(), Sink())).document
    plan = plan_client(document)
    args = (plan.schemas, plan.owners, "# header", "hoko_client", plan.reserved)
    alone = render_models.render_models(*args)
    monkeypatch.setattr(render_models, "_SPLIT_AT", split_at)
    if not fork:
        monkeypatch.delattr(render_models.os, "fork", raising=False)
    helped = render_models.render_models(*args, helper=helper)
    assert helped.files == alone.files
    assert helped.index == alone.index


def test_a_failed_request_is_reported(helper: Helper) -> None:
    """Requests queue and are answered in order; one the helper cannot serve raises HelperError
    (the build then does the work) and the others are still answered."""
    bad = helper.submit("models", [{"not": "a document"}], "# h", "x.Base", {})
    good = helper.submit("parse", _files()[:1])
    [(endpoints, _items)] = helper.result(good)
    assert len(endpoints) == 1
    with pytest.raises(HelperError):
        helper.result(bad)


def test_stray_output_in_the_helper_cannot_break_a_frame() -> None:
    """The helper answers on its original stdout; anything else printed there goes to stderr
    (a stray line among the frames would leave the build waiting for bytes that never come)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.helper import _answers_stream\n"
        "answers = _answers_stream()\n"
        "print('stray line')\n"
        "sys.stdout.flush()\n"
        "answers.write(b'frame')\n"
        "answers.flush()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60, check=True
    )
    assert done.stdout == b"frame"
    assert b"stray line" in done.stderr


def test_forked_work_comes_back_whole() -> None:
    """A forked child's answer arrives whole, however big (it outgrows the pipe's buffer while
    the parent is still busy), and a child that fails answers None: the parent then does the
    work itself."""
    big = {"text": "x" * 3_000_000, "items": list(range(10_000))}
    child = _Forked.start(lambda: big)
    failing = _Forked.start(lambda: 1 / 0)
    if not hasattr(os, "fork"):
        assert child is None and failing is None
        return
    assert child is not None and failing is not None
    assert child.result() == big
    assert failing.result() is None


def test_models_of_several_documents_in_the_helper(tmp_path: Path) -> None:
    """The helper's models request renders each document (all but the first in forked
    children) exactly as a lone rendering does."""
    plan = plan_client(build_openapi(parse_docs(_files(), Sink())).document)
    names = sorted(plan.schemas)
    documents = [
        render_models._document(render_models._group(plan.schemas, set(names[i::3])))
        for i in range(3)
    ]
    args = ("# header", "pydantic.BaseModel", {})
    expected = [render_models.generate_models(d, *args) for d in documents]
    assert _models(documents, *args) == expected
