"""A run killed at each of the writer's named steps in turn (HOKO_CODEGEN_KILL_AT, read only at
the crash points the writer marks): the next command leaves the outputs all old (killed before the
staging is marked complete) or all new (killed after), never a mix, and the run after it works."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import SEED, snapshot

from generator.output.writer import STEPS

Hoko = Callable[..., subprocess.CompletedProcess[str]]

KILL_AT = "HOKO_CODEGEN_KILL_AT"
BEFORE_THE_MARK = ("staged", "imported")
"""Steps before which the new output is not yet committed: a kill there keeps the old output."""
RECOVERY = ("old-moved", "package-moved", "spec-moved", "unmarked")
"""Steps of the swap, which the next command's recovery also goes through."""


def _outputs(project: Path) -> dict[str, bytes]:
    """The spec and the package as they are on disk (the docs left out)."""
    return {k: v for k, v in snapshot(project).items() if not k.startswith("spec/docs/")}


def _change_docs(project: Path) -> None:
    page = project / "spec" / "docs" / SEED.name
    page.write_text(page.read_text(encoding="utf-8").replace("10,000", "5,000"), encoding="utf-8")


@pytest.fixture
def versions(tmp_path: Path, hoko: Hoko) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project with its old output written and its docs changed; (project, old outputs, the
    outputs a run on the changed docs writes when nothing stops it)."""
    project = tmp_path / "project"
    (project / "spec" / "docs").mkdir(parents=True)
    shutil.copyfile(SEED, project / "spec" / "docs" / SEED.name)
    assert hoko("generate", cwd=project).returncode == 0
    old = _outputs(project)
    _change_docs(project)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean)
    assert hoko("generate", cwd=clean).returncode == 0
    new = _outputs(clean)
    assert new != old
    return project, old, new


def test_the_steps_are_the_ones_tested() -> None:
    """The writer names the steps these tests kill at, in order."""
    assert (*BEFORE_THE_MARK, "marked", *RECOVERY) == STEPS


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_a_step_the_next_command_settles_it(
    step: str, versions: tuple[Path, dict[str, bytes], dict[str, bytes]], hoko: Hoko
) -> None:
    """Killed right after `step`, then `check`: all old before the mark, all new from it on;
    then generate succeeds and leaves the new output."""
    project, old, new = versions
    killed = hoko("generate", cwd=project, env={KILL_AT: step})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    hoko("check", cwd=project)
    assert _outputs(project) == (old if step in BEFORE_THE_MARK else new)
    assert hoko("generate", cwd=project).returncode == 0
    assert _outputs(project) == new


def test_a_recovery_killed_at_each_of_its_steps_still_ends_all_new(
    versions: tuple[Path, dict[str, bytes], dict[str, bytes]], hoko: Hoko
) -> None:
    """A run killed once its staging is marked; then each next command killed at the next step
    of the recovery it performs: the last command still finishes the swap, all new."""
    project, _old, new = versions
    assert hoko("generate", cwd=project, env={KILL_AT: "marked"}).returncode == -signal.SIGKILL
    for step in RECOVERY:
        run = hoko("check", cwd=project, env={KILL_AT: step})
        assert run.returncode == -signal.SIGKILL, (step, run.stderr)
        assert (project / ".hoko-codegen-staging-generated").exists() or step == "unmarked"
    hoko("check", cwd=project)
    assert _outputs(project) == new
    assert not list(project.glob(".hoko-codegen-*"))
