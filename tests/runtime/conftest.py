"""Builds the package under test and the fixtures the runtime tests share.

The runtime templates are copied, as the writer copies them, into a temporary package named
``hoko_client_under_test`` (not ``hoko_client``, so a generated client that another suite
imports cannot clash with it), next to ``package/_demo.py`` and ``package/_demo_files.py``: small hand-written clients
shaped exactly like generated code. The package's ``__init__`` re-exports every module's
``__all__``; ``_ROOT`` (the folder holding the package) is what a subprocess puts on its path.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
RUNTIME = TESTS.parent / "templates" / "runtime"
# The runtime proper: templates/runtime/__init__.py only makes the folder checkable.
RUNTIME_MODULES = sorted(path for path in RUNTIME.glob("_*.py") if path.name != "__init__.py")
PACKAGE = "hoko_client_under_test"
API_KEY = "hk_live_8c1f0a77e3d94b2a9f6e5d4c3b2a1908"

if str(TESTS) not in sys.path:
    # support/ sits in tests/, which pytest puts on sys.path only while tests/ is no package.
    sys.path.insert(0, str(TESTS))

from support.server import ScriptedServer  # noqa: E402


def _build_package() -> Path:
    root = Path(tempfile.mkdtemp(prefix="hoko-runtime-"))
    package = root / PACKAGE
    package.mkdir()
    sources = [*RUNTIME_MODULES, *sorted((HERE / "package").glob("_demo*.py"))]
    for source in sources:
        shutil.copy(source, package / source.name)
    exports = "".join(f"from .{source.stem} import *\n" for source in sources)
    (package / "__init__.py").write_text(exports)
    (package / "py.typed").write_text("")
    return root


# Built at import so that test modules can import from the package at their top.
_ROOT = _build_package()
sys.path.insert(0, str(_ROOT))

from hoko_client_under_test import AsyncDemoClient, DemoClient  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)


def package_root() -> Path:
    """The folder that holds the package under test (for a subprocess's path)."""
    return _ROOT


LINK_ID = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
OTHER_ID = "fd5d3bc1-067e-4358-91c0-ef6fdc1fbf14"
COLLECTION_ID = "4a022847-3bcb-4c29-8d86-f974a16417bb"


def link_json(**fields: object) -> dict[str, Any]:
    """A link as the API sends it (unset fields null), with ``fields`` changed or added."""
    link: dict[str, Any] = {
        "id": LINK_ID,
        "url": "https://example.com/blog/winter-sale",
        "slug": "winter-sale",
        "shortUrl": "https://hoko.to/winter-sale",
        "title": None,
        "collectionId": None,
        "tags": ["q4-campaign"],
        "clicks": 342,
        "expiresAt": None,
        "createdAt": "2026-11-18T14:02:11.000Z",
    }
    link.update(fields)
    return link


class RecordingClient(DemoClient):
    """Records the waits between attempts instead of sleeping, and never adds jitter."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.waits: list[float] = []

    def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def _random(self) -> float:
        return 0.0


class AsyncRecordingClient(AsyncDemoClient):
    """The asyncio twin of RecordingClient."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.waits: list[float] = []

    async def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def _random(self) -> float:
        return 0.0


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted server, stopped after the test; errors inside it fail the test."""
    with ScriptedServer() as running:
        yield running
    assert running.errors == []


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[RecordingClient]:
    """A client of the scripted server that records its retry waits instead of sleeping."""
    with RecordingClient(api_key=API_KEY, base_url=server.url) as recording:
        yield recording
