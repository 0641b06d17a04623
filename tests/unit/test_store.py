"""The store only ever stands in for work that would give the same result."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from support.cli import ROOT, run_cli, snapshot

from generator import store as store_module
from generator.client.fmt import format_python
from generator.diagnostics import Sink
from generator.openapi.build import build_openapi
from generator.openapi.examples import example_keys, validate_examples
from generator.parse import parse_docs
from generator.store import Store

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


def test_records_are_read_back_after_close(tmp_path: Path) -> None:
    """What one run puts, the next finds under the same key; a different salt finds nothing."""
    with Store(tmp_path / "s", b"salt") as first:
        key = first.key("kind", b"input")
        assert first.get(key) is None
        first.put(key, b"result")
        assert first.get(key) == b"result"
    with Store(tmp_path / "s", b"salt") as second:
        assert second.get(second.key("kind", b"input")) == b"result"
        assert second.get(second.key("kind", b"other")) is None
    with Store(tmp_path / "s", b"other salt") as third:
        assert third.get(third.key("kind", b"input")) is None


def test_keys_tell_apart_every_split_of_the_same_bytes() -> None:
    """Parts are length-prefixed: ("ab", "c") and ("a", "bc") are different inputs."""
    store = Store(None)
    assert store.key("k", b"ab", b"c") != store.key("k", b"a", b"bc")
    assert store.key("k", b"a") != store.key("j", b"a")


def test_a_store_turned_off_keeps_nothing(tmp_path: Path) -> None:
    """Store(None) (HOKO_CODEGEN_CACHE_DIR empty) misses every lookup and writes no file."""
    store = Store(None)
    store.put(store.key("k", b"x"), b"y")
    assert store.get(store.key("k", b"x")) is None
    store.close()


def test_a_damaged_database_is_replaced(tmp_path: Path) -> None:
    """A file that is not a database costs the records, never the run."""
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "store.sqlite3").write_bytes(b"not a database at all" * 100)
    with Store(folder) as store:
        assert store.get(store.key("k", b"x")) is None
        store.put(store.key("k", b"x"), b"kept")
    with Store(folder) as store:
        assert store.get(store.key("k", b"x")) == b"kept"


def test_only_the_most_recently_used_records_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond LIMIT records, those least recently read or written are dropped."""
    monkeypatch.setattr(store_module, "LIMIT", 3)
    folder = tmp_path / "s"
    for name in (b"a", b"b", b"c"):
        with Store(folder) as store:
            store.put(store.key("k", name), name)
    with Store(folder) as store:
        assert store.get(store.key("k", b"a")) == b"a"  # read: now the most recent
        store.put(store.key("k", b"d"), b"d")
    with Store(folder) as store:
        found = {n for n in (b"a", b"b", b"c", b"d") if store.get(store.key("k", n)) is not None}
    assert found == {b"a", b"c", b"d"}
    rows = sqlite3.connect(folder / "store.sqlite3").execute("SELECT COUNT(*) FROM records")
    assert rows.fetchone()[0] == 3


def test_formatting_some_files_gives_what_formatting_all_gives() -> None:
    """ruff on a few files of a package formats them exactly as ruff on the whole package."""
    files = {
        "pkg/__init__.py": "from .a import A\n__all__=['A']\n",
        "pkg/a.py": "import os\nfrom pkg.b import B\nclass A( B ):\n  x=1\n",
        "pkg/b.py": "class B :  pass\n",
    }
    whole = format_python(files)
    assert format_python(files, todo=["pkg/a.py"]) == {"pkg/a.py": whole["pkg/a.py"]}
    assert "import os" not in whole["pkg/a.py"]
    assert whole["pkg/b.py"] == "class B:\n    pass\n"


def test_example_keys_change_with_the_example_and_its_schema() -> None:
    """An example's key covers its value and its schema: a changed one is checked again and fails."""
    files = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.md"))]
    result = build_openapi(parse_docs(files, Sink()))
    document, checks = result.document, result.checks
    keys = example_keys(document, checks)
    assert all(key is not None for key in keys)
    import dataclasses

    bad = dataclasses.replace(checks[0], example=dataclasses.replace(checks[0].example, value=42))
    assert example_keys(document, [bad])[0] != keys[0]
    diagnostics, passed = validate_examples(document, [bad, *checks[1:3]])
    assert [d.location for d in diagnostics] == [checks[0].example.source]
    assert passed == [1, 2]


def test_incremental_generate_matches_a_fresh_one(tmp_path: Path, cache: Path) -> None:
    """After pages change (a description; a tighter limit and a new field, which change models,
    the API diff and the version), and again after they change back, generate with everything
    in the store writes what it writes with none."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project / "spec" / "docs")
    assert run_cli("generate", cwd=project).code == 0
    edits = {
        "links-list.md": ("## Authentication", "New.\n\n## Authentication"),
        "links-create.md": (
            "| title | string | No | body | Title shown in the dashboard (max 100 characters).",
            "| note | integer | No | body | A number kept with the link. |\n"
            "| title | string | No | body | Title shown in the dashboard (max 90 characters).",
        ),
    }
    originals = {name: (project / "spec" / "docs" / name).read_text() for name in edits}
    for round_ in ("changed", "changed back"):
        fresh = tmp_path / round_.replace(" ", "-")
        shutil.copytree(project, fresh)
        for root in (project, fresh):
            for name, (old, new) in edits.items():
                page = root / "spec" / "docs" / name
                text = originals[name]
                assert old in text
                page.write_text(text.replace(old, new) if round_ == "changed" else text)
        assert run_cli("generate", cwd=project).code == 0
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HOKO_CODEGEN_CACHE_DIR", "")
            assert run_cli("generate", "--jobs", "1", cwd=fresh).code == 0
        assert snapshot(project) == snapshot(fresh), round_
