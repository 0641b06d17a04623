"""The writer's import check: fresh interpreters import the staged package; a module is taken as
checked only when these very bytes, and those of everything it imports, passed before."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Sink
from generator.import_check import ImportCheck, ImportFailed, _closure_keys, _modules
from generator.spec_io import dump_spec, load_spec, recall_spec, remember_spec

PACKAGE = {
    "pkg/__init__.py": "from ._version import __version__\nfrom .core import Core\n",
    "pkg/_version.py": '"""Version."""\n\n__version__ = "0.1.0"\n',
    "pkg/core.py": "import json\n\n\nclass Core:\n    pass\n",
    "pkg/types/__init__.py": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .a import A\n    from .b import B\n"
    ),
    "pkg/types/a.py": "from ..core import Core\n\n\nclass A(Core):\n    pass\n",
    "pkg/types/b.py": (
        "def later():\n    from .a import A\n\n    return A\n\n\nclass B:\n    pass\n"
    ),
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOKO_CODEGEN_CACHE_DIR", str(folder))
    return folder


def _stage(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def _check(root: Path, files: dict[str, str], workers: int = 1) -> int:
    with ImportCheck(workers) as check:
        return check.run(_stage(root, files), files)


def test_every_module_is_imported_then_only_what_a_change_reaches(tmp_path: Path) -> None:
    assert _check(tmp_path / "one", PACKAGE) == 6
    assert _check(tmp_path / "two", PACKAGE) == 0
    # b imports a only inside a function, types/__init__ only under TYPE_CHECKING: a change to
    # a reaches a alone, while a change to core reaches every module, since importing any of
    # them runs the package's __init__, which imports core.
    changed = {**PACKAGE, "pkg/types/a.py": PACKAGE["pkg/types/a.py"] + "\nX = 1\n"}
    assert _check(tmp_path / "three", changed) == 1
    core = {**PACKAGE, "pkg/core.py": PACKAGE["pkg/core.py"] + "\nY = 2\n"}
    keys, old = _closure_keys(_modules(core)), _closure_keys(_modules(PACKAGE))
    assert {name for name in keys if keys[name] != old[name]} == set(keys)
    assert len(keys) == 6


def test_a_new_version_number_does_not_count_as_a_change_but_a_new_name_does() -> None:
    old = _closure_keys(_modules(PACKAGE))
    bumped = {**PACKAGE, "pkg/_version.py": PACKAGE["pkg/_version.py"].replace("0.1.0", "0.2.0")}
    assert _closure_keys(_modules(bumped)) == old
    renamed = {**PACKAGE, "pkg/_version.py": 'VERSION = "0.1.0"\n'}
    assert _closure_keys(_modules(renamed))["pkg"] != old["pkg"]
    code = {**PACKAGE, "pkg/_version.py": '__version__ = str("0.1.0")\n'}
    assert _closure_keys(_modules(code))["pkg"] != old["pkg"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_module_that_fails_is_reported_and_not_remembered(tmp_path: Path, workers: int) -> None:
    broken = {**PACKAGE, "pkg/types/b.py": "raise RuntimeError('broken on purpose')\n"}
    many = {**broken, **{f"pkg/types/m{i}.py": f"M{i} = {i}\n" for i in range(30)}}
    with pytest.raises(ImportFailed, match="broken on purpose"):
        _check(tmp_path / "one", many, workers)
    with pytest.raises(ImportFailed, match="broken on purpose"):
        _check(tmp_path / "two", many, workers)


def test_a_module_is_imported_from_the_staged_folder_only(tmp_path: Path) -> None:
    """A module of the same name elsewhere on the path is not taken for the staged one."""
    files = {"pkg/__init__.py": "", "pkg/json.py": "X = 1\n"}
    assert _check(tmp_path / "staged", files) == 2
    missing = {"pkg/__init__.py": "from . import absent\n"}
    with pytest.raises(ImportFailed, match="absent"):
        _check(tmp_path / "missing", missing)


def _prepared(root: Path, early: dict[str, str], files: dict[str, str], workers: int = 1) -> int:
    """`early` prepared first, then `files` (staged in `root`) checked: how many it imported."""
    with ImportCheck(workers) as check:
        check.prepare(early)
        return check.run(_stage(root, files), files)


@pytest.mark.parametrize("workers", [1, 2])
def test_prepared_modules_are_not_imported_again(tmp_path: Path, workers: int) -> None:
    core = {n: t for n, t in PACKAGE.items() if n != "pkg/types/b.py"}
    files = {**PACKAGE, "pkg/extra.py": "from .types.a import A\n\nEXTRA = A\n"}
    assert _prepared(tmp_path / "one", core, files, workers) == 2  # b and extra
    assert _check(tmp_path / "two", files) == 0


def test_what_prepared_batches_passed_is_remembered(tmp_path: Path) -> None:
    """Every module prepared, none left for the writer's check: the next run still knows them."""
    assert _prepared(tmp_path / "one", PACKAGE, PACKAGE) == 0
    assert _check(tmp_path / "two", PACKAGE) == 0


def test_a_prepared_module_that_fails_is_reported(tmp_path: Path) -> None:
    broken = {**PACKAGE, "pkg/types/b.py": "raise RuntimeError('broken on purpose')\n"}
    with pytest.raises(ImportFailed, match="broken on purpose"):
        _prepared(tmp_path / "one", broken, broken)
    with pytest.raises(ImportFailed, match="broken on purpose"):
        _check(tmp_path / "two", broken)


def test_a_file_that_changed_after_it_was_prepared_is_checked_as_it_is(tmp_path: Path) -> None:
    """What was imported early no longer counts for a file that changed: the staged package is
    checked from scratch, and a break in the new text is found."""
    changed = {**PACKAGE, "pkg/types/a.py": PACKAGE["pkg/types/a.py"] + "\nX = 1\n"}
    assert _prepared(tmp_path / "one", PACKAGE, changed) == 1
    broken = {**PACKAGE, "pkg/core.py": "raise RuntimeError('broken later')\n"}
    with pytest.raises(ImportFailed, match="broken later"):
        _prepared(tmp_path / "two", PACKAGE, broken)


def test_a_remembered_spec_reads_back_as_the_yaml_does(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok ü"}}}}},
        "components": {"schemas": {"N": {"type": "number", "maximum": 1.5, "enum": [1, None]}}},
    }
    text = dump_spec(document)
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    assert recall_spec(text.encode()) is None
    remember_spec(text, document)
    assert recall_spec(text.encode()) == load_spec(path, Sink()) == document
    assert recall_spec((text + "\n").encode()) is None


@pytest.mark.parametrize(("cores", "most"), [(1, 1), (2, 1), (4, 2), (64, 2)])
def test_a_second_interpreter_only_where_cores_are_spare(
    monkeypatch: pytest.MonkeyPatch, cores: int, most: int
) -> None:
    """The build keeps two cores busy itself: a second interpreter joins a big package's check
    only on a machine with more; one asked for explicitly is started anyway."""
    monkeypatch.setattr("generator.import_check.os.cpu_count", lambda: cores)
    with ImportCheck() as check:
        for _ in range(3):
            check.add_worker()
        assert len(check._processes) == most
    with ImportCheck(2) as check:
        assert len(check._processes) == 2
