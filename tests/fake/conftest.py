"""The fake-API tier: the hand-written runtime of ``<package>.testing`` (templates/runtime/
_testing*.py) and the fake the generator renders from the docs.

Two kinds of tests live here:

- test_runtime_*.py drive the runtime without generating anything: the runtime modules are
  copied, as the writer copies them, into a temporary package ``hoko_fake_under_test`` beside
  the demo client (tests/runtime/package/_demo.py) and a hand-written operation table shaped
  like a generated ``testing.py`` (package/_demo_fake.py);
- test_generated.py generates the package (spec/docs's committed one, and the fixture API's),
  installs it into a fresh virtual environment as a downstream project would, and runs the
  tests under inside/ there, with that environment's Python: they import only the installed
  package's public API. inside/ is not collected here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
RUNTIME = TESTS.parent / "templates" / "runtime"
RUNTIME_MODULES = sorted(p for p in RUNTIME.glob("_*.py") if p.name != "__init__.py")
PACKAGE = "hoko_fake_under_test"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
NOW_TEXT = "2026-12-01T12:00:00.000Z"

collect_ignore = ["inside"]


def _build_package() -> Path:
    root = Path(tempfile.mkdtemp(prefix="hoko-fake-"))
    package = root / PACKAGE
    package.mkdir()
    sources = [
        *RUNTIME_MODULES,
        TESTS / "runtime" / "package" / "_demo.py",
        HERE / "package" / "_demo_fake.py",
    ]
    for source in sources:
        shutil.copy(source, package / source.name)
    exports = "".join(f"from .{source.stem} import *\n" for source in sources)
    (package / "__init__.py").write_text(exports)
    return root


# Built at import, so that test modules can import from the package at their top.
_ROOT = _build_package()
sys.path.insert(0, str(_ROOT))

from hoko_fake_under_test import DemoClient, DemoFake  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)


class NoWaitClient(DemoClient):
    """A demo client that records its waits between attempts instead of sleeping."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.waits: list[float] = []

    def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def _random(self) -> float:
        return 0.0


@pytest.fixture
def fake() -> DemoFake:
    """The demo fake, any key accepted, its clock stopped at NOW."""
    return DemoFake(now=lambda: NOW)


@pytest.fixture
def client(fake: DemoFake) -> Iterator[DemoClient]:
    """A demo client of the fake."""
    with fake.client() as made:
        yield made
