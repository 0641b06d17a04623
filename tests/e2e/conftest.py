"""The generated package installed into a fresh virtual environment, as a downstream project
would install it, and a fake Hoko API on 127.0.0.1 for it to talk to."""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.cli import ROOT
from support.fake_hoko import FakeHoko
from support.server import ScriptedServer

DRIVER = Path(__file__).resolve().parent / "driver.py"


def install_package(package_dir: Path, where: Path) -> Path:
    """A new virtual environment at `where` with `pip install package_dir`; its python.

    The package is installed from a copy: a setuptools build writes build/ and *.egg-info
    into the folder it builds, and the repository must stay as committed."""
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    python = where / "bin" / "python"
    source = where / "source"
    ignore = shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    shutil.copytree(package_dir, source, ignore=ignore)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return python


@pytest.fixture(scope="session")
def client_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a fresh venv where the committed generated/ is pip-installed."""
    return install_package(ROOT / "generated", tmp_path_factory.mktemp("client-venv"))


@pytest.fixture
def hoko() -> Iterator[tuple[ScriptedServer, FakeHoko]]:
    """A running fake Hoko API; the test fails if the server itself hit an error."""
    api = FakeHoko(retry_after=1)
    with ScriptedServer() as server:
        server.handler = api
        yield server, api
    assert not server.errors


def drive(python: Path, scenario: str, base_url: str, *args: str) -> Any:
    """Run one scenario of driver.py with the installed client; its JSON result."""
    result = subprocess.run(
        [str(python), str(DRIVER), scenario, base_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
