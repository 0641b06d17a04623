"""generate bumps the package version for the API changes and appends a dated changelog entry,
derived from files only: a second run, or check, finds nothing to change."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from support.cli import run_cli, snapshot

DOC = Path("spec") / "docs" / "partners-delete.md"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / DOC
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _version(project: Path) -> str:
    text = (project / "generated" / "hoko_client" / "_version.py").read_text(encoding="utf-8")
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def _changelog(project: Path) -> str:
    return (project / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")


def test_bump_and_changelog_entry(project: Path) -> None:
    """A breaking doc change gives 0.2.0 everywhere and a dated entry on top; the earlier entry stays as it was."""
    assert run_cli("generate", "--date", "2026-11-01", cwd=project).code == 0
    assert _version(project) == "0.1.0"
    first = _changelog(project)
    assert (
        "## 0.1.0 (2026-11-01)\n\nFirst entry of this changelog; the API has 1 operation:\n\n- DELETE /api/partners\n"
        in first
    )
    # A note added by hand to an earlier entry is kept.
    (project / "generated" / "CHANGELOG.md").write_text(
        first + "\nNote: first release.\n", encoding="utf-8"
    )
    _edit(project, "10,000", "5,000")
    assert run_cli("generate", "--date", "2026-11-20", cwd=project).code == 0
    assert _version(project) == "0.2.0"
    assert 'version = "0.2.0"' in (project / "generated" / "pyproject.toml").read_text(
        encoding="utf-8"
    )
    assert "  version: 0.2.0\n" in (project / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    log = _changelog(project)
    top = log.index("## 0.2.0 (2026-11-20)\n\nBreaking changes:\n\n")
    assert "- DELETE /api/partners: request body: maxItems lowered from 10000 to 5000\n" in log
    assert (
        log[log.index("## 0.1.0") :]
        == first[first.index("## 0.1.0") :] + "\nNote: first release.\n"
    )
    assert top < log.index("## 0.1.0")


def test_generate_twice_and_check_agree(project: Path) -> None:
    """After a bump, generating again changes no byte and check passes: the version is not bumped twice."""
    assert run_cli("generate", cwd=project).code == 0
    _edit(project, "Partners deleted successfully.", "The partners were deleted.")
    stale = run_cli("check", cwd=project)
    assert stale.code == 1 and "CHANGELOG.md" in stale.out
    assert run_cli("generate", cwd=project).code == 0
    assert _version(project) == "0.1.1"
    before = snapshot(project)
    check = run_cli("check", cwd=project)
    assert check.code == 0, check.out
    # Rendered again in full (the record removed), the output is the same, byte for byte.
    (project / "generated" / "hoko-codegen-record.json").unlink()
    assert run_cli("generate", cwd=project).code == 0
    assert snapshot(project) == before
    assert _changelog(project).count("## 0.1.1") == 1


def test_configured_version_ahead_is_taken(project: Path) -> None:
    """A [tool.hoko-codegen] version above the current one is used as it is; later bumps start from it."""
    assert run_cli("generate", cwd=project).code == 0
    (project / "pyproject.toml").write_text(
        '[tool.hoko-codegen]\nversion = "1.0.0"\n', encoding="utf-8"
    )
    assert run_cli("generate", cwd=project).code == 0
    assert _version(project) == "1.0.0" and "## 1.0.0" in _changelog(project)
    assert "No API changes." in _changelog(project)
    _edit(project, "10,000", "5,000")
    assert run_cli("generate", cwd=project).code == 0
    assert _version(project) == "2.0.0"


def _commit(project: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    for command in (["init", "-q"], ["add", "spec/docs"], ["commit", "-q", "-m", "docs"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True, capture_output=True)


def test_date_from_git_not_clock(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry is dated by the last commit touching the docs, in its own time zone, whatever TZ says."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _commit(project, "2026-03-01T23:30:00+01:00")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    assert run_cli("generate", cwd=project).code == 0
    assert "## 0.1.0 (2026-03-01)\n" in _changelog(project)


def test_date_without_git(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside git the date is SOURCE_DATE_EPOCH's, else the entry is undated (never today's date)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert run_cli("generate", "--out", "a", "--spec", "a.yaml", cwd=project).code == 0
    assert "## 0.1.0 (2026-01-01)\n" in (project / "a" / "CHANGELOG.md").read_text(encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run_cli("generate", cwd=project).code == 0
    assert "## 0.1.0\n" in _changelog(project)
    assert run_cli("generate", "--date", "2026-02-30", cwd=project).code == 2


def test_a_change_that_comes_from_the_generator_is_a_release(project: Path) -> None:
    """The previous release's Python API is read from the package on disk: when the generator
    (not the docs) changes a method, here as if an older generator had named it `remove`, the
    next run lists the change and bumps the version."""
    assert run_cli("generate", "--date", "2026-11-01", cwd=project).code == 0
    resource = project / "generated" / "hoko_client" / "resources" / "partners.py"
    text = resource.read_text(encoding="utf-8")
    resource.write_text(text.replace("def delete(", "def remove("), encoding="utf-8")
    run = run_cli("generate", "--date", "2026-11-02", cwd=project)
    assert run.code == 0, run.err
    assert _version(project) == "0.2.0"
    assert run.out.splitlines()[-1] == (
        "hoko-codegen: release 0.2.0 (breaking): client.partners.remove() removed"
        "; and 1 more change"
    )
    entry = _changelog(project).split("## 0.1.0")[0]
    assert "- DELETE /api/partners: client.partners.remove() removed" in entry
    assert "- DELETE /api/partners: client.partners.delete() added" in entry
