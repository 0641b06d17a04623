"""The build's caches only ever stand in for work that would give the same result."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from support.cli import ROOT, run_cli, snapshot

from generator.diagnostics import Sink
from generator.fmt import format_python
from generator.openapi.build import build_openapi
from generator.parse import parse_docs
from generator.validate import _example_keys, validate_examples

FIXTURES = ROOT / "tests" / "fixtures" / "hoko"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


def _built() -> tuple[dict[str, object], tuple[object, ...]]:
    files = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.md"))]
    result = build_openapi(parse_docs(files, Sink()))
    return result.document, result.checks


def test_examples_that_passed_are_skipped_but_a_changed_one_is_checked(cache: Path) -> None:
    """A second run checks no example again; an example changed to a bad value still fails."""
    document, checks = _built()
    first = Sink()
    validate_examples(document, checks, first)
    assert first.items == []
    remembered = set((cache / "examples.txt").read_text().split())
    assert set(_example_keys(document, checks)) <= remembered
    again = Sink()
    validate_examples(document, checks, again)
    assert again.items == []
    bad = dataclasses.replace(checks[0], example=dataclasses.replace(checks[0].example, value=42))
    changed = Sink()
    validate_examples(document, (bad, *checks[1:]), changed)
    assert [d.location for d in changed.errors] == [checks[0].example.source]


def test_ruff_results_are_reused_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Formatting with some files remembered gives exactly what formatting all of them gives."""
    files = {
        "pkg/__init__.py": "from .a import A\n__all__=['A']\n",
        "pkg/a.py": "import os\nfrom pkg.b import B\nclass A( B ):\n  x=1\n",
        "pkg/b.py": "class B :  pass\n",
    }
    first = format_python(files)
    changed = {**files, "pkg/b.py": "import sys\nclass B :  y=2\n"}
    reused = format_python(changed)
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", "")
    assert format_python(files) == first
    assert format_python(changed) == reused


def test_incremental_generate_matches_a_fresh_one(tmp_path: Path, cache: Path) -> None:
    """After pages change (a description; a tighter limit and a new field, which change models,
    the API diff and the version), and again after they change back, generate with everything
    cached writes what it writes with none."""
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
            assert run_cli("generate", cwd=fresh).code == 0
        assert snapshot(project) == snapshot(fresh), round_


def test_records_are_seen_at_once_and_written_in_the_background(cache: Path) -> None:
    import sqlite3

    from generator.cache import BlobCache, flush

    records = BlobCache("test")
    records.put("ab" + "0" * 62, b"one")
    assert records.get("ab" + "0" * 62) == b"one"
    flush()
    database = cache / "records.sqlite3"
    with sqlite3.connect(database) as other:  # another process sees it once flushed
        rows = other.execute("SELECT name, key, data FROM records").fetchall()
    assert rows == [("test", "ab" + "0" * 62, b"one")]
    shutil.rmtree(cache)  # a folder removed under a running process is made again
    records.put("ab" + "1" * 62, b"two")
    flush()
    assert database.is_file()
    assert BlobCache("test").get("ab" + "1" * 62) == b"two"
    assert BlobCache("test").get("ab" + "0" * 62) is None
    assert BlobCache("other").get("ab" + "1" * 62) is None  # names do not share records


def test_a_damaged_record_database_is_replaced(cache: Path) -> None:
    from generator.cache import BlobCache, flush

    cache.mkdir(parents=True)
    (cache / "records.sqlite3").write_bytes(b"not a database at all" * 100)
    records = BlobCache("test")
    assert records.get("ab" + "2" * 62) is None
    records.put("ab" + "2" * 62, b"three")
    flush()
    assert BlobCache("test").get("ab" + "2" * 62) == b"three"


def test_the_spec_dumped_in_remembered_parts_is_the_whole_dump() -> None:
    """The YAML written path by path and component by component (each part remembered) is byte
    for byte the YAML of the whole document, with long and odd strings folded and quoted alike."""
    from generator.spec_io import SPEC_HEADER, _dump, dump_spec

    document, _checks = _built()
    odd = {
        "description": "x " * 120 + "'quoted' \"double\" é ü \u2028 # not a comment: yes",
        "enum": ["on", "off", "null", "1e3", "", " lead", "- dash", "{braces}"],
    }
    document["components"]["schemas"]["Odd: name"] = {"type": "string", **odd}
    document["paths"]["/api/" + "long-segment/" * 20] = {"get": {"summary": odd["description"]}}
    document["components"]["empty"] = {}
    whole = SPEC_HEADER + _dump(document)
    assert dump_spec(document) == whole
    assert dump_spec(document) == whole  # again, from the remembered parts


def test_a_bounded_record_name_keeps_only_the_newest(cache: Path) -> None:
    from generator.cache import BlobCache, flush

    records = BlobCache("bounded", keep=2)
    others = BlobCache("unbounded")
    keys = [f"{i:02d}" + "a" * 62 for i in range(3)]
    others.put(keys[0], b"kept")
    for key in keys[:2]:
        records.put(key, key.encode())
        flush()
    records.put(keys[2], b"newest")
    flush()
    assert records.get(keys[0]) is None
    assert records.get(keys[1]) == keys[1].encode()
    assert records.get(keys[2]) == b"newest"
    assert others.get(keys[0]) == b"kept"


def test_a_run_that_follows_one_is_told_apart_from_a_first_run(tmp_path: Path, cache: Path) -> None:
    """The helper skips its warm-up import only when the spec on disk is one a run remembered."""
    from generator.pipeline import Options, _follows_a_run

    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project / "spec" / "docs")
    options = Options(project / "spec" / "docs", project / "spec" / "openapi.yaml", project / "out")
    assert not _follows_a_run(options)
    assert run_cli("generate", cwd=project).code == 0
    assert _follows_a_run(options)
    assert not _follows_a_run(dataclasses.replace(options, from_spec=options.spec))
    shutil.rmtree(cache)
    assert not _follows_a_run(options)


def test_package_versions_agree_with_importlib_metadata(tmp_path: Path) -> None:
    """Read from folder names, the versions in cache keys are importlib.metadata's (checked in
    a fresh interpreter outside the project, whose sys.path holds dist-info folders only)."""
    import json
    import subprocess
    import sys

    code = """
import json
from importlib.metadata import PackageNotFoundError, version
from generator.cache import _dist_info_versions, package_versions
names = ["PyYAML", "pyyaml", "datamodel-code-generator", "markdown_it_py", "jsonschema-rs",
         "typing-extensions", "no-such-distribution-here"]
fast = package_versions(names)
complete = _dist_info_versions()[1]
slow = []
for name in names:
    try:
        slow.append(f"{name}=={version(name)}")
    except PackageNotFoundError:
        slow.append(f"{name} absent")
print(json.dumps([fast, slow, complete]))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    fast, slow, complete = json.loads(done.stdout)
    assert complete  # the folder names alone answered
    assert fast == slow
    assert slow[-1].endswith("absent") and "==" in slow[0]
