"""The annotated view's tier: headless Chromium for each test that opens the view (installed by
tests/support/browser.py when it is missing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.browser import Browser, browser, chromium_binary


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return chromium_binary()


@pytest.fixture
def chromium(chromium_path: str, tmp_path: Path) -> Browser:
    """`chromium(*args)`: one headless run with an empty profile folder of this test's own."""
    scratch = tmp_path / "chromium"
    scratch.mkdir()
    return browser(chromium_path, scratch)
