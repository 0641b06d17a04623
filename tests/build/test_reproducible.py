"""The same docs give byte-identical output wherever, whenever and under whatever locale they run."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from support.cli import SEED, snapshot

Hoko = Callable[..., subprocess.CompletedProcess[str]]

SETTINGS = (
    {"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
    {
        "TZ": "Pacific/Kiritimati",
        "LANG": "tr_TR.UTF-8",
        "LC_ALL": "de_DE.UTF-8",
        "PYTHONHASHSEED": "4242",
    },
)


def test_byte_identical_across_folders_time_zones_and_locales(tmp_path: Path, hoko: Hoko) -> None:
    """Two subprocess runs in differently named folders, time zones, locales and hash seeds write the same trees."""
    trees = []
    for where, env in zip(("a", "deeper/folder with space"), SETTINGS, strict=True):
        project = tmp_path / where
        (project / "spec" / "docs").mkdir(parents=True)
        shutil.copyfile(SEED, project / "spec" / "docs" / SEED.name)
        result = hoko("generate", cwd=project, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(snapshot(project))
    assert trees[0] == trees[1]
    assert {
        "spec/openapi.yaml",
        "generated/CHANGELOG.md",
        "generated/hoko-codegen-record.json",
    } <= set(trees[0])
