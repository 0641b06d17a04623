"""Headless Chromium for the annotated view's tests (tests/html): Debian's `chromium`, installed
by apt-get when it is missing (CI's machine starts without it), run with no network, an empty
profile and nothing in the background."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

__all__ = ["Browser", "browser", "chromium_binary"]

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
_TIMEOUT = 120


def _install() -> str:
    """Debian's chromium, installed now when it is not on the PATH."""
    found = shutil.which("chromium")
    if found:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail(
            "headless Chromium is needed: install Debian's chromium (apt-get install chromium)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    found = shutil.which("chromium")
    if not found:
        pytest.fail("apt-get installed chromium, but no chromium command is on the PATH")
    return found


Browser = Callable[..., subprocess.CompletedProcess[str]]
"""`chromium(*args)`: one headless run (see `browser`)."""


def chromium_binary() -> str:
    """The chromium command, installed first when it is missing."""
    return _install()


def browser(binary: str, scratch: Path) -> Browser:
    """Runs of `binary`, each with an empty profile folder of its own under `scratch`."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        profile = scratch / f"profile-{len(list(scratch.glob('profile-*')))}"
        profile.mkdir()
        command = [binary, *_FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
        assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-3000:]}"
        return done

    return run
