"""Paths: names made from doc text stay inside --out and --spec; generating runs no shell and opens
no network connection.

Categories name resource modules (`resources/<category>.py`), so the corpus page
path-categories.md tries `../../escape`, `/etc/escape`, `..\\escape`, `CON`, `x/../../y`, an
empty Category, fullwidth dots and slashes, and a 400-character name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import run_cli

from generator.output.writer import safe_relative

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{d}{n}" for d in ("com", "lpt") for n in range(10)
}


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _project(root: Path, *pages: str) -> Path:
    docs = root / "project" / "spec" / "docs"
    docs.mkdir(parents=True)
    for page in pages:
        (docs / page).write_bytes((CORPUS / page).read_bytes())
    return root / "project"


@pytest.fixture
def guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No socket may connect or resolve a name, here or in any Python child; every subprocess is
    noted (with its shell flag) in the log file this yields."""
    from tests.hostile.guard import sitecustomize as guard

    log = tmp_path / "guard.log"
    log.touch()
    monkeypatch.setenv("HOKO_GUARD_LOG", str(log))
    for owner, name, value in guard.PATCHES:
        monkeypatch.setattr(owner, name, value)
    yield log


def _guard_lines(log: Path) -> tuple[list[str], list[str]]:
    lines = log.read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.startswith("network")], [
        x for x in lines if x.startswith("process")
    ]


def test_path_like_categories_stay_inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Path-like Categories write only under --out, to --spec and the cache's fixed-name files."""
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    project = _project(tmp_path, "path-categories.md", "categories.md")
    before = _files(tmp_path)
    run = run_cli("generate", "--out", "out", "--spec", "api/openapi.yaml", cwd=project)
    assert run.code == 0, run.err
    new = _files(tmp_path) - before
    assert new, "nothing was written"
    cached = {f for f in new if f.startswith("cache/")}
    for name in cached:
        assert re.fullmatch(r"cache/store\.sqlite3(-wal|-shm)?", name), name
    outside = {f for f in new - cached if not f.startswith("project/out/")}
    assert outside == {"project/api/openapi.yaml"}


def test_module_names_are_plain_files(tmp_path: Path) -> None:
    """Every generated path is short, ASCII, free of dot segments and of Windows device names."""
    project = _project(tmp_path, "path-categories.md", "categories.md", "long-names.md")
    assert run_cli("generate", cwd=project).code == 0
    for name in _files(project / "generated"):
        assert name.isascii() and len(name) < 120, name
        assert safe_relative(name).as_posix() == name
        for part in name.split("/"):
            assert part.split(".")[0].lower() not in WINDOWS_DEVICES, name


@pytest.mark.parametrize(
    "name", ["../x", "/etc/x", "a/../../b", "..\\x", "x\\..\\y", "C:\\x", "", ".hidden"]
)
def test_writer_refuses_escaping_names(name: str) -> None:
    """The writer refuses any output name that could leave the output folder (its last line of defence)."""
    with pytest.raises(ValueError):
        safe_relative(name)


def test_generate_opens_no_socket_and_no_shell(tmp_path: Path, guarded: Path) -> None:
    """Generating the corpus (children too) resolves no name, connects nowhere, runs no shell."""
    pages = sorted(p.name for p in CORPUS.glob("*.md"))
    project = _project(tmp_path, *pages)
    run = run_cli("generate", cwd=project)
    assert run.code == 0, run.err
    network, processes = _guard_lines(guarded)
    assert not network
    assert processes, "the formatter should have run ruff"
    for line in processes:
        assert line.startswith("process shell=False "), line
        program = Path(ast.literal_eval(line.split(" ", 2)[2])[0]).name
        assert program.startswith(("ruff", "git", "python")), line


def test_from_spec_refuses_remote_refs(tmp_path: Path, guarded: Path) -> None:
    """--from-spec reads no $ref outside the document: a URL ref is an error, not a download."""
    spec = tmp_path / "remote.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: R, version: '1'}\npaths:\n  /api/r:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: 'http://example.com/x.json'}\n",
        encoding="utf-8",
    )
    run = run_cli(
        "generate", "--from-spec", str(spec), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert run.code == 1
    assert "points outside the document" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "out").exists()
    assert not _guard_lines(guarded)[0]
