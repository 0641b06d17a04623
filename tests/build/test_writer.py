"""The writer called as the pipeline calls it, on small hand-made packages: the import gate is on
unless turned off, it imports every package and subpackage (an `__init__.py` alone included), and
a file written beside the outputs is swapped in whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.output import gate
from generator.output.gate import module_names
from generator.output.writer import replace_file, session, staging_dir, write_outputs


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_package_that_does_not_import_is_refused_by_default(tmp_path: Path) -> None:
    """Without check_import, the gate still runs: an `__init__.py` that raises keeps the old
    output and names the error."""
    out = tmp_path / "generated"
    write_outputs(None, None, out, {"pkg/__init__.py": "VALUE = 1\n"})
    with pytest.raises(GeneratorError) as caught:
        write_outputs(None, None, out, {"pkg/__init__.py": "raise ImportError('boom')\n"})
    assert "does not import (ImportError: boom)" in str(caught.value)
    assert _files(out) == {"pkg/__init__.py": "VALUE = 1\n"}


def test_a_subpackage_of_only_an_init_is_imported(tmp_path: Path) -> None:
    """A subpackage holding nothing but its `__init__.py` is imported by the gate too."""
    files = {
        "pkg/__init__.py": "",
        "pkg/_client.py": "",
        "pkg/types/__init__.py": "raise ImportError('types')\n",
    }
    with pytest.raises(GeneratorError, match=r"ImportError: types"):
        write_outputs(None, None, tmp_path / "generated", files)
    assert not (tmp_path / "generated").exists()


def test_module_names_are_the_packages_and_their_modules() -> None:
    """Package-relative files -> the modules to import: packages by their folder's name."""
    files = ["pkg/__init__.py", "pkg/types/__init__.py", "pkg/_client.py", "pkg/py.typed"]
    assert module_names(files) == ["pkg", "pkg._client", "pkg.types"]


def test_replace_file_swaps_the_whole_text_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """replace_file writes the new text over the old and leaves no temporary file beside it."""
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    replace_file(report, "new")
    assert report.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_file_folders_deep_is_written(tmp_path: Path) -> None:
    """A file whose folders do not exist yet, two levels deep, is written with them."""
    out = tmp_path / "generated"
    write_outputs(None, None, out, {"docs/guide/intro.md": "hello\n"})
    assert _files(out) == {"docs/guide/intro.md": "hello\n"}


def test_where_files_cannot_be_linked_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged file is linked into the new output; where the file system refuses links,
    it is written instead and the run succeeds."""
    out = tmp_path / "generated"
    files = {"pkg/__init__.py": "VALUE = 1\n", "README.md": "read me\n"}
    write_outputs(None, None, out, files)

    def refuse(source: object, target: object) -> None:
        raise PermissionError("links not supported here")

    monkeypatch.setattr(os, "link", refuse)
    write_outputs(None, None, out, {**files, "README.md": "read me again\n"})
    assert _files(out) == {"pkg/__init__.py": "VALUE = 1\n", "README.md": "read me again\n"}


def test_an_import_that_hangs_is_stopped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package whose import does not finish within the gate's time is refused, saying so."""
    monkeypatch.setattr(gate, "TIMEOUT", 1)
    files = {"pkg/__init__.py": "import time\ntime.sleep(60)\n"}
    with pytest.raises(GeneratorError, match=r"importing took over 1 s"):
        write_outputs(None, None, tmp_path / "generated", files)
    assert not (tmp_path / "generated").exists()


def test_a_first_run_into_folders_that_do_not_exist_yet(tmp_path: Path) -> None:
    """The output's parent folder may not exist yet: the session starts (nothing to lock) and
    the files are written, the spec beside them; the count includes the spec."""
    out = tmp_path / "new" / "generated"
    spec = tmp_path / "new" / "specs" / "v1" / "openapi.yaml"
    with session(out):
        written = write_outputs(spec, "openapi: 3.1.0\n", out, {"README.md": "hi\n"})
    assert written == 2
    assert _files(out) == {"README.md": "hi\n"}
    assert spec.read_text(encoding="utf-8") == "openapi: 3.1.0\n"


def test_the_callers_pythonpath_does_not_reach_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate's interpreter runs without the caller's PYTHONPATH: a `sitecustomize` found
    there (which would run first and fail every import) leaves the gate passing."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sitecustomize.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(elsewhere))
    out = tmp_path / "generated"
    assert write_outputs(None, None, out, {"pkg/__init__.py": "VALUE = 1\n"}) == 1
    assert _files(out) == {"pkg/__init__.py": "VALUE = 1\n"}


def test_a_refused_file_name_leaves_no_staging_behind(tmp_path: Path) -> None:
    """A name that would escape the folder stops the run before anything is swapped in, and
    the half-staged package is cleared away: the old output stays, nothing is left beside it."""
    out = tmp_path / "generated"
    write_outputs(None, None, out, {"pkg/__init__.py": "VALUE = 1\n"})
    with pytest.raises(ValueError, match="outside the output folder"):
        write_outputs(None, None, out, {"pkg/__init__.py": "", "../evil.py": ""})
    assert not staging_dir(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]
    assert _files(out) == {"pkg/__init__.py": "VALUE = 1\n"}


def test_staged_files_and_folders_are_flushed_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every staged file, its folders and the commit mark reach the disk (fsync) before the
    package is swapped in, so a power loss cannot leave a marked but empty package."""
    flushed: list[str] = []
    real = os.fsync

    def recording(handle: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{handle}"))
        real(handle)

    monkeypatch.setattr(os, "fsync", recording)
    out = tmp_path / "generated"
    write_outputs(None, None, out, {"pkg/__init__.py": "", "pkg/sub/mod.py": "X = 1\n"})
    staged = str(staging_dir(out))
    names = {Path(p).relative_to(staged).as_posix() for p in flushed if p.startswith(staged)}
    assert {"package/pkg/__init__.py", "package/pkg/sub/mod.py", "package/pkg/sub"} <= names
    assert "COMMITTED" in names
